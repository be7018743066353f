package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyCurve;
import dev.grokwatch.entropy.EntropyHistory;

import java.io.Serializable;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Predicts a run's grokking step from its entropy curve. A forecaster reads only the records up to the
 * curve's latest one and the events read on them, so it works the same on a live run (the listener calls
 * it at every evaluation before grokking, with a view of its history and its own tracker's events) and on
 * a history read from an old run's {@code metrics.csv}.
 *
 * <p>Serialisable because the listener that holds it is.
 */
public interface GrokForecaster extends Serializable {

    /** The forecast after the curve's latest evaluation; empty when the curve does not yet say anything. */
    Optional<Forecast> forecast(EntropyCurve curve);

    /** The forecast after a history's latest evaluation, its events read by a tracker replayed over it. */
    default Optional<Forecast> forecast(EntropyHistory history) {
        return forecast(EntropyCurve.of(history));
    }

    /**
     * The threshold H̃* the forecaster reads the curve against (the calibration's), empty when it uses none. The
     * listener's builder takes it as the run's H̃* when none is given, and warns when another one is: a run has
     * one H̃*, for its crossing and its forecasts alike.
     */
    default OptionalDouble threshold() {
        return OptionalDouble.empty();
    }

    /**
     * Why none of this forecaster's forecasts can ever be confident, or empty when some can. A condition that
     * waits for a confident forecast ({@code EntropyTermination.predictedGrokReached}) refuses a forecaster
     * with a reason, which would otherwise never let it fire.
     */
    default Optional<String> whyNeverConfident() {
        return Optional.empty();
    }

    /** Short name, written as the forecast's method and in calibration files. */
    String name();
}
