package dev.grokwatch.entropy.forecast;

import org.apache.commons.math3.stat.StatUtils;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * How long after H̃ crosses H̃* a run groks, learned from finished runs: T_grok minus the
 * interpolated crossing step. The paper reports crossing before grokking by about 1,000 steps with
 * its threshold; with H̃* calibrated as H̃ at grokking the lag is near 0 on average, either sign.
 *
 * @param mean mean lag in steps
 * @param sd   sample standard deviation of the lag (0 from one run)
 * @param runs runs it was learned from (those whose H̃ crossed H̃*)
 */
public record CrossingLag(@JsonProperty("mean") double mean, @JsonProperty("sd") double sd,
                          @JsonProperty("runs") int runs)
        implements java.io.Serializable {

    public CrossingLag {
        if (!Double.isFinite(mean) || !(sd >= 0) || runs < 1) {
            throw new IllegalArgumentException("crossing lag mean " + mean + ", sd " + sd + " from " + runs
                    + " runs; expected a finite mean, sd >= 0 and at least 1 run");
        }
    }

    /** The lag over grokked runs whose H̃ went below H̃* (runs that never crossed are skipped). */
    public static CrossingLag calibrate(List<RunHistory> grokkedRuns, double threshold) {
        List<Double> lags = new ArrayList<>();
        for (RunHistory run : grokkedRuns) {
            long grok = run.grokStep().orElseThrow(() -> new IllegalArgumentException("run " + run.name()
                    + " never grokked; expected only grokked runs for the crossing lag"));
            OptionalDouble crossing = ThresholdCrossing.step(run.history().records(), threshold);
            crossing.ifPresent(c -> lags.add(grok - c));
        }
        if (lags.isEmpty()) {
            throw new IllegalArgumentException("H̃ of none of the runs " + RunSet.names(grokkedRuns)
                    + " went below H̃* = " + threshold + "; expected at least one crossing to learn the lag from");
        }
        double[] values = lags.stream().mapToDouble(Double::doubleValue).toArray();
        return new CrossingLag(StatUtils.mean(values), values.length > 1 ? Math.sqrt(StatUtils.variance(values)) : 0,
                values.length);
    }
}
