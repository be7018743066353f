package dev.grokwatch.examples.reproduce;

import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * A number of ours the report shows beside the claims, with no claim of the paper to judge it against (its number is
 * lost in the extracted text, or it is context such as the arms' means).
 *
 * @param label what it is, e.g. {@code "memorisation step"}
 * @param value the estimate with its interval and n
 */
@JsonPropertyOrder({"label", "value"})
public record Measurement(@JsonProperty("label") String label, @JsonProperty("value") Estimate value) {
}
