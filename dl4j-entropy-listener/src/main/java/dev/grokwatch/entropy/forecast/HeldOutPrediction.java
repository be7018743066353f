package dev.grokwatch.entropy.forecast;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One forecast made in leave-one-run-out evaluation: the held-out run's history cut at some step,
 * the forecaster calibrated on the other runs, with what the baselines predicted from the same cut.
 *
 * @param run       the held-out run
 * @param grokStep  its actual T_grok
 * @param horizon   steps before T_grok the history was cut at; {@code null} for the first confident forecast
 * @param forecast  what the forecaster said; {@code null} when it said nothing (no curve yet, no decline, ...)
 * @param baselines each baseline's predicted T_grok at the forecast's step, from the same other runs (for a
 *                  comparison on the same runs and steps); empty without a forecast
 */
public record HeldOutPrediction(String run, long grokStep, Long horizon, Forecast forecast,
                                Map<ForecastMethod, Long> baselines) {

    public HeldOutPrediction {
        if (baselines == null || baselines.keySet().stream().anyMatch(m -> !m.baseline())) {
            throw new IllegalArgumentException("baselines " + baselines + " of run " + run
                    + "; expected a map (possibly empty) from baselines to their predicted step");
        }
        baselines = baselines.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(baselines));
    }

    /** |predicted − actual| / actual, in percent. */
    public double absolutePercentageError() {
        return forecast == null ? Double.NaN : percentError(forecast.predictedGrokStep());
    }

    /** The same error of a baseline's prediction from the same cut; NaN without it. */
    public double baselinePercentageError(ForecastMethod baseline) {
        Long predicted = baselines.get(baseline);
        return predicted == null ? Double.NaN : percentError(predicted);
    }

    private double percentError(long predicted) {
        return 100.0 * Math.abs(predicted - grokStep) / grokStep;
    }

    /** Steps between the evaluation the forecast was made at and the actual grokking step. */
    public double advanceWarning() {
        return forecast == null ? Double.NaN : grokStep - forecast.step();
    }

    /** Whether the forecast's 80% interval holds the actual grokking step (false without a forecast or interval). */
    public boolean inside80() {
        return forecast != null && forecast.interval80() != null && forecast.interval80().contains(grokStep);
    }

    /** Whether the forecast's 95% interval holds the actual grokking step (false without a forecast or interval). */
    public boolean inside95() {
        return forecast != null && forecast.interval95() != null && forecast.interval95().contains(grokStep);
    }
}
