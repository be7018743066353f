package dev.grokwatch.examples.reproduce;

import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * The test behind a direction claim: a one-sided Mann-Whitney U test that the treated arm's values are larger,
 * with Cohen's d (arXiv 2604.13123, §4, §6).
 *
 * @param u             U of the treated arm ({@link Statistics.MannWhitney#u()})
 * @param oneSidedP     one-sided p (normal approximation)
 * @param bestOneSidedP the smallest one-sided p these arm sizes allow (every treated value above every control)
 * @param treated       runs in the treated arm
 * @param control       runs in the control arm
 * @param cohensD       Cohen's d of the finite values (grokked runs); {@code null} when undefined
 */
@JsonPropertyOrder({"u", "oneSidedP", "bestOneSidedP", "treated", "control", "cohensD"})
public record Comparison(@JsonProperty("u") double u, @JsonProperty("oneSidedP") double oneSidedP,
                         @JsonProperty("bestOneSidedP") double bestOneSidedP, @JsonProperty("treated") int treated,
                         @JsonProperty("control") int control, @JsonProperty("cohensD") Double cohensD) {
}
