package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyHistory;

import java.io.Serializable;
import java.util.Optional;

/**
 * Predicts a run's grokking step from its entropy history. A forecaster reads only the records up to
 * the history's latest one, so it works the same on a live run (the listener calls it at every
 * evaluation) and on a history read from an old run's {@code metrics.csv}.
 *
 * <p>Serialisable because the listener that holds it is.
 */
public interface GrokForecaster extends Serializable {

    /** The forecast after the history's latest evaluation; empty when the curve does not yet say anything. */
    Optional<Forecast> forecast(EntropyHistory history);

    /** Short name, written as the forecast's method and in calibration files. */
    String name();
}
