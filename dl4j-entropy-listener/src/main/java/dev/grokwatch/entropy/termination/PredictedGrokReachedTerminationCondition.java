package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.EntropyMonitor;
import dev.grokwatch.entropy.EntropyEventType;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.entropy.forecast.GrokForecaster;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Optional;

/**
 * Stops on the forecast: once the step has passed the latest confident forecast of the grokking
 * step by a margin and the latest evaluation's test accuracy is at or above the grokking criterion.
 * The forecast says when to expect grokking; the accuracy check makes sure it happened, so a late
 * grok waits for it and an early one is held until the forecast plus margin (accuracy settles).
 * Needs a listener built with {@code .forecaster(...)} and {@code .evaluateOn(testData)}, and a forecaster that
 * can be confident (not one whose calibration measured no held-out errors: see
 * {@link GrokForecaster#whyNeverConfident()}).
 */
public final class PredictedGrokReachedTerminationCondition extends EntropyTerminationCondition {

    private static final long serialVersionUID = 1L;

    @JsonProperty("marginSteps")
    private final long marginSteps;

    @JsonCreator
    public PredictedGrokReachedTerminationCondition(@JsonProperty("marginSteps") long marginSteps) {
        this(null, marginSteps);
    }

    PredictedGrokReachedTerminationCondition(EntropyMonitor listener, long marginSteps) {
        super(listener);
        if (marginSteps < 0) {
            throw new IllegalArgumentException("marginSteps must be >= 0, got " + marginSteps);
        }
        this.marginSteps = marginSteps;
    }

    public long marginSteps() {
        return marginSteps;
    }

    @Override
    public void initialize() {
        super.initialize();
        if (listener().forecaster().isEmpty() || !listener().measuresTestAccuracy()) {
            throw new IllegalStateException("PredictedGrokReachedTerminationCondition needs a forecast and test"
                    + " accuracy, or it never fires; build the listener with"
                    + " .forecaster(Calibration.read(file).toForecaster()) and .evaluateOn(testData)");
        }
        GrokForecaster forecaster = listener().forecaster().get();
        forecaster.whyNeverConfident().ifPresent(why -> {
            throw new IllegalStateException("PredictedGrokReachedTerminationCondition needs a confident forecast, or"
                    + " it never fires; the listener's " + forecaster.name() + " forecaster is never confident: " + why
                    + ". Build the listener with another forecaster of the calibration,"
                    + " calibration.forecaster(ForecastMethod.X) for a method whose heldOutErrors(X) is not empty, or"
                    + " calibrate on more runs");
        });
    }

    @Override
    protected boolean shouldTerminate(EntropyMonitor entropy) {
        Optional<Forecast> forecast = entropy.latestConfidentForecast();
        return forecast.isPresent() && entropy.currentStep() >= forecast.get().predictedGrokStep() + marginSteps
                && grokCriterionHolds(entropy);
    }

    private static boolean grokCriterionHolds(EntropyMonitor entropy) {
        Double accuracy = entropy.latest().map(EntropyRecord::testAccuracy).orElse(null);
        return accuracy != null && accuracy >= entropy.criteria().grokAccuracy();
    }

    @Override
    public String toString() {
        String rule = "PredictedGrokReachedTerminationCondition(step >= confident forecast + " + marginSteps
                + ", test accuracy >= " + (attached() ? listener().criteria().grokAccuracy() : "criterion") + ")";
        if (!attached() || !shouldTerminate(listener())) {
            return rule;
        }
        Forecast forecast = listener().latestConfidentForecast().orElseThrow();
        return rule + ": forecast step " + forecast.predictedGrokStep() + " (" + forecast.method() + ", made at step "
                + forecast.step() + "), " + (listener().stepOf(EntropyEventType.GROKKED).isPresent()
                ? "grokked at step " + listener().stepOf(EntropyEventType.GROKKED).getAsLong()
                : (listener().history().hasTrainAccuracy() ? "generalised without a delay"
                : "generalised (a delay unknown without training accuracy)") + " at step "
                + listener().stepOf(EntropyEventType.GENERALISED).orElse(-1))
                + ", stopped at step " + listener().currentStep()
                + String.format(", test accuracy %.4f", listener().latest().orElseThrow().testAccuracy());
    }
}
