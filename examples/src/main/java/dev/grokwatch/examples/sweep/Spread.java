package dev.grokwatch.examples.sweep;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/** Median and range of repeated measurements of one quantity (one value per repetition). */
@JsonPropertyOrder({"median", "min", "max", "n"})
public record Spread(@JsonProperty("median") double median, @JsonProperty("min") double min,
                     @JsonProperty("max") double max, @JsonProperty("n") int n) {

    public static Spread of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no measurements; expected at least one value");
        }
        DescriptiveStatistics stats = new DescriptiveStatistics(values);
        return new Spread(stats.getPercentile(50), stats.getMin(), stats.getMax(), values.length);
    }
}
