package dev.grokwatch.entropy.forecast;

import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.io.Serializable;

/**
 * A range of training steps in which the grokking step is expected, both ends included.
 *
 * @param low  first step of the range
 * @param high last step of the range, at least {@code low}
 */
public record PredictionInterval(@JsonProperty("low") long low, @JsonProperty("high") long high)
        implements Serializable {

    public PredictionInterval {
        if (low > high) {
            throw new IllegalArgumentException("interval [" + low + ", " + high + "]; expected low <= high");
        }
    }

    /** Whether {@code step} lies in the range. */
    public boolean contains(long step) {
        return low <= step && step <= high;
    }
}
