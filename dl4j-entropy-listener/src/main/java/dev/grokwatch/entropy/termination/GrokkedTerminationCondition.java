package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.EntropyMonitor;
import dev.grokwatch.entropy.EntropyEventType;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.OptionalLong;

/**
 * Stops once test accuracy has reached the grokking criterion, optionally after some extra steps: after
 * a delay past memorisation (the run grokked) or without one (it generalised as an ordinary run does,
 * see {@code PhaseTracker}); either way there is nothing left to wait for. Its {@code toString()} says which.
 */
public final class GrokkedTerminationCondition extends EntropyTerminationCondition {

    private static final long serialVersionUID = 1L;

    @JsonProperty("extraSteps")
    private final long extraSteps;

    @JsonCreator
    public GrokkedTerminationCondition(@JsonProperty("extraSteps") long extraSteps) {
        this(null, extraSteps);
    }

    GrokkedTerminationCondition(EntropyMonitor listener, long extraSteps) {
        super(listener);
        if (extraSteps < 0) {
            throw new IllegalArgumentException("extraSteps must be >= 0, got " + extraSteps);
        }
        this.extraSteps = extraSteps;
    }

    @Override
    public void initialize() {
        super.initialize();
        if (!listener().measuresTestAccuracy()) {
            throw new IllegalStateException("GrokkedTerminationCondition needs test accuracy, or it never fires;"
                    + " build the listener with .evaluateOn(testData)");
        }
    }

    public long extraSteps() {
        return extraSteps;
    }

    @Override
    protected boolean shouldTerminate(EntropyMonitor entropy) {
        OptionalLong reached = generalisedStep(entropy);
        return reached.isPresent() && entropy.currentStep() >= reached.getAsLong() + extraSteps;
    }

    /** The step test accuracy reached the criterion, grokked or generalised without a delay. */
    private static OptionalLong generalisedStep(EntropyMonitor entropy) {
        OptionalLong grok = entropy.stepOf(EntropyEventType.GROKKED);
        return grok.isPresent() ? grok : entropy.stepOf(EntropyEventType.GENERALISED);
    }

    @Override
    public String toString() {
        String rule = "GrokkedTerminationCondition(test accuracy >= "
                + (attached() ? listener().criteria().grokAccuracy() : "criterion") + ", extraSteps=" + extraSteps + ")";
        if (!attached() || generalisedStep(listener()).isEmpty()) {
            return rule;
        }
        String how = listener().stepOf(EntropyEventType.GROKKED).isPresent() ? "grokked"
                : listener().history().hasTrainAccuracy() ? "generalised without a delay past memorisation (not grokking)"
                : "generalised (whether after a delay past memorisation is unknown without training accuracy)";
        return rule + ": " + how + " at step " + generalisedStep(listener()).getAsLong()
                + ", stopped at step " + listener().currentStep();
    }
}
