package dev.grokwatch.entropy.forecast;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.io.Serializable;

/**
 * How far one forecaster's held-out forecasts missed at one horizon, as the two numbers an interval needs: the
 * split-conformal 80% and 95% quantiles of the absolute error |T_grok − predicted| in steps, over runs each
 * forecast by a calibration that had not seen it (leave-one-run-out).
 *
 * <p>Absolute rather than relative errors: at one horizon every held-out forecast was made the same number of
 * steps before grokking, so the errors share one scale; an error relative to T_grok would widen the interval of
 * a late run only because it is late. Of m errors the quantile at level α is the k-th smallest with
 * k = ⌈(m + 1)·α⌉, which covers a new run with probability at least α when the runs are exchangeable. When
 * k > m (fewer than 4 runs at 80%, fewer than 19 at 95%) that guarantee needs an unbounded interval; the largest
 * error is used instead, and the measured coverage ({@link HorizonSummary}) says what it achieved.
 *
 * @param method  the forecaster
 * @param horizon steps before T_grok at which its held-out forecasts were made
 * @param runs    held-out forecasts the errors come from, at least {@value #MIN_RUNS}
 * @param q80     80% quantile of |T_grok − predicted|, steps
 * @param q95     95% quantile, steps, at least {@code q80}
 */
public record ErrorQuantiles(@JsonProperty("method") ForecastMethod method, @JsonProperty("horizon") long horizon,
                             @JsonProperty("runs") int runs, @JsonProperty("q80") long q80,
                             @JsonProperty("q95") long q95) implements Serializable {

    /** Fewest held-out errors a quantile is taken from. */
    public static final int MIN_RUNS = 2;

    public ErrorQuantiles {
        if (method == null || horizon <= 0 || runs < MIN_RUNS || q80 < 0 || q95 < q80) {
            throw new IllegalArgumentException("error quantiles of " + method + " at " + horizon + " steps from "
                    + runs + " runs: q80 " + q80 + ", q95 " + q95 + "; expected a method, a positive horizon, at least "
                    + MIN_RUNS + " runs and 0 <= q80 <= q95");
        }
    }

    /**
     * The quantiles of held-out absolute errors.
     *
     * @param absoluteErrors |T_grok − predicted| of each held-out forecast, steps; at least {@value #MIN_RUNS}
     */
    public static ErrorQuantiles of(ForecastMethod method, long horizon, double[] absoluteErrors) {
        if (absoluteErrors.length < MIN_RUNS) {
            throw new IllegalArgumentException(absoluteErrors.length + " held-out errors of " + method + " at "
                    + horizon + " steps; expected at least " + MIN_RUNS + " to take quantiles of");
        }
        return new ErrorQuantiles(method, horizon, absoluteErrors.length, conformal(absoluteErrors, 80),
                conformal(absoluteErrors, 95));
    }

    /** The ⌈(m + 1)·percent / 100⌉-th smallest of m errors, the largest when that rank exceeds m. */
    static long conformal(double[] errors, int percent) {
        int m = errors.length;
        int k = Math.min(m, ((m + 1) * percent + 99) / 100);
        // R_1 is the inverse of the empirical distribution: at p in ((k−1)/m, k/m] it is the k-th smallest
        return Math.round(new Percentile().withEstimationType(Percentile.EstimationType.R_1)
                .evaluate(errors, 100.0 * (k - 0.5) / m));
    }
}
