package dev.grokwatch.entropy.forecast;

import java.io.Serializable;

/**
 * A forecast of the grokking step made from a run's history up to one evaluation.
 *
 * @param step              step of the latest evaluation the forecast read (when it was made)
 * @param predictedGrokStep predicted grokking step T_grok
 * @param low               lower end of the forecaster's interval (about 95%)
 * @param high              upper end of the interval
 * @param method            name of the forecaster that made it
 * @param confident         whether the forecaster's own measurable test for trusting it passed
 *                          (each forecaster documents its test)
 */
public record Forecast(long step, long predictedGrokStep, long low, long high, String method, boolean confident)
        implements Serializable {

    public Forecast {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("method is empty; expected the forecaster's name");
        }
        if (!(low <= predictedGrokStep && predictedGrokStep <= high)) {
            throw new IllegalArgumentException("interval [" + low + ", " + high + "] does not contain the predicted step "
                    + predictedGrokStep + "; expected low <= predicted <= high");
        }
    }

    /** Steps from the evaluation the forecast was made at to the predicted grokking step. */
    public long stepsAhead() {
        return predictedGrokStep - step;
    }
}
