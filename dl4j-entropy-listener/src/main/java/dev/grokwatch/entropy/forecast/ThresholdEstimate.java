package dev.grokwatch.entropy.forecast;

import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A task's threshold H̃* from finished runs.
 *
 * @param mean  mean H̃ at the grokking step over the runs: the threshold
 * @param low   lower end of the bootstrap 95% interval of the mean
 * @param high  upper end of the interval
 * @param sd    sample standard deviation of H̃ at grokking across runs (the within-task spread)
 * @param runs  number of runs it was computed from
 */
public record ThresholdEstimate(@JsonProperty("mean") double mean, @JsonProperty("low") double low,
                                @JsonProperty("high") double high, @JsonProperty("sd") double sd,
                                @JsonProperty("runs") int runs) {

    public ThresholdEstimate {
        if (!(mean > 0 && mean < 1)) {
            throw new IllegalArgumentException("threshold H̃* must lie in (0, 1), got " + mean);
        }
        if (!(low <= mean && mean <= high)) {
            throw new IllegalArgumentException("interval [" + low + ", " + high + "] does not contain H̃* " + mean);
        }
    }
}
