package dev.grokwatch.entropy.forecast;

import java.io.Serializable;

/**
 * A forecast of the grokking step made from a run's history up to one evaluation.
 *
 * <p>A forecaster makes a point forecast; a forecaster built by a {@link Calibration} ({@link ConformalForecaster})
 * gives it 80% and 95% intervals sized by how far the forecaster missed on held-out runs.
 *
 * @param step              step of the latest evaluation the forecast read (when it was made)
 * @param predictedGrokStep predicted grokking step T_grok
 * @param interval80        where T_grok lies with 80% probability, judged from held-out errors; {@code null} for a
 *                          point forecast (a forecaster used without held-out errors)
 * @param interval95        the same at 95%, containing {@code interval80}; {@code null} with it
 * @param method            name of the forecaster that made it
 * @param confident         whether the forecast can be trusted: the forecaster's own conditions for reading the curve
 *                          hold (each forecaster documents them) and, for a forecast with intervals, the 80% interval
 *                          is narrow enough ({@link ConformalForecaster}'s width rule)
 */
public record Forecast(long step, long predictedGrokStep, PredictionInterval interval80, PredictionInterval interval95,
                       String method, boolean confident) implements Serializable {

    public Forecast {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("method is empty; expected the forecaster's name");
        }
        if ((interval80 == null) != (interval95 == null)) {
            throw new IllegalArgumentException("80% interval " + interval80 + " and 95% interval " + interval95
                    + "; expected both or neither");
        }
        if (interval80 != null && !(interval80.contains(predictedGrokStep) && interval95.low() <= interval80.low()
                && interval80.high() <= interval95.high())) {
            throw new IllegalArgumentException("80% interval " + interval80 + " and 95% interval " + interval95
                    + " around the predicted step " + predictedGrokStep
                    + "; expected low95 <= low80 <= predicted <= high80 <= high95");
        }
    }

    /** A point forecast, before held-out errors give it intervals. */
    public Forecast(long step, long predictedGrokStep, String method, boolean confident) {
        this(step, predictedGrokStep, null, null, method, confident);
    }

    /** Steps from the evaluation the forecast was made at to the predicted grokking step. */
    public long stepsAhead() {
        return predictedGrokStep - step;
    }
}
