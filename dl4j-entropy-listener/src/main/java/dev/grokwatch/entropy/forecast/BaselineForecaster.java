package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyCurve;
import dev.grokwatch.entropy.EntropyRecord;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The two naive forecasts every evaluation scores the forecasters against. Both read nothing of the run but
 * its current step t, and know only the grokking steps of the calibration runs:
 * <ul>
 *   <li>the <b>prior</b> predicts their mean T_grok, whatever the step;</li>
 *   <li>the <b>survival mean</b> predicts E[T_grok | T_grok > t], the mean of those still possible at step t
 *       (the run has not grokked by t). Once none is (the run is later than every calibration run), it
 *       predicts t itself, "now": the empirical distribution has nothing later to offer, and the other
 *       forecasters also say "now" rather than a step already past.</li>
 * </ul>
 * A forecaster that does not beat these has learnt nothing from the curve. Neither has conditions of its own
 * for reading the curve, so its point forecasts are confident; a calibration's intervals decide
 * ({@link ConformalForecaster}).
 */
public final class BaselineForecaster implements GrokForecaster {

    private static final long serialVersionUID = 1L;
    public static final String PRIOR = "prior";
    public static final String SURVIVAL_MEAN = "survival-mean";

    private final String name;
    private final long[] grokSteps;

    private BaselineForecaster(String name, List<Long> grokSteps) {
        if (grokSteps == null || grokSteps.isEmpty()) {
            throw new IllegalArgumentException("no grokking steps for the " + name
                    + " baseline; expected those of at least one calibration run");
        }
        this.name = name;
        this.grokSteps = grokSteps.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** The mean of {@code grokSteps}, the calibration runs' T_grok. */
    public static BaselineForecaster prior(List<Long> grokSteps) {
        return new BaselineForecaster(PRIOR, grokSteps);
    }

    /** E[T_grok | T_grok > t] over {@code grokSteps}, the calibration runs' T_grok; t when none exceeds t. */
    public static BaselineForecaster survivalMean(List<Long> grokSteps) {
        return new BaselineForecaster(SURVIVAL_MEAN, grokSteps);
    }

    /**
     * The baseline {@code which} names.
     *
     * @throws IllegalArgumentException when {@code which} is not a baseline
     */
    public static BaselineForecaster of(ForecastMethod which, List<Long> grokSteps) {
        return switch (which) {
            case PRIOR -> prior(grokSteps);
            case SURVIVAL_MEAN -> survivalMean(grokSteps);
            default -> throw new IllegalArgumentException(which.label() + " is not a baseline; expected one of "
                    + Arrays.stream(ForecastMethod.values()).filter(ForecastMethod::baseline).toList());
        };
    }

    /** The predicted grokking step of a run that has not grokked by {@code step}. */
    public long predict(long step) {
        long[] possible = name.equals(PRIOR) ? grokSteps : Arrays.stream(grokSteps).filter(t -> t > step).toArray();
        return possible.length == 0 ? step : Math.round(Arrays.stream(possible).average().orElseThrow());
    }

    @Override
    public Optional<Forecast> forecast(EntropyCurve curve) {
        return curve.latest().map(EntropyRecord::step).map(t -> new Forecast(t, predict(t), name, true));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "BaselineForecaster(" + name + " of T_grok " + Arrays.toString(grokSteps) + ")";
    }
}
