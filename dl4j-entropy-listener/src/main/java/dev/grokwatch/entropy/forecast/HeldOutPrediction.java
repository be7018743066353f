package dev.grokwatch.entropy.forecast;

/**
 * One forecast made in leave-one-run-out evaluation: the held-out run's history cut at some step,
 * the forecaster calibrated on the other runs.
 *
 * @param run      the held-out run
 * @param grokStep its actual T_grok
 * @param horizon  steps before T_grok the history was cut at; {@code null} for the first confident forecast
 * @param forecast what the forecaster said; {@code null} when it said nothing (no curve yet, no decline, ...)
 */
public record HeldOutPrediction(String run, long grokStep, Long horizon, Forecast forecast) {

    /** |predicted − actual| / actual, in percent. */
    public double absolutePercentageError() {
        return forecast == null ? Double.NaN : 100.0 * Math.abs(forecast.predictedGrokStep() - grokStep) / grokStep;
    }

    /** Steps between the evaluation the forecast was made at and the actual grokking step. */
    public double advanceWarning() {
        return forecast == null ? Double.NaN : grokStep - forecast.step();
    }
}
