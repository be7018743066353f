package dev.grokwatch.examples.reproduce;

import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * One claim of the paper beside our number, with a verdict and the sentence that justifies it. Built by
 * {@link VerdictRules} from a {@link PaperClaim}.
 *
 * @param id         e.g. {@code E3.2}
 * @param statement  the claim in a sentence
 * @param section    where the paper makes it, e.g. {@code §6, Table 1}
 * @param paper      the paper's number as it states it, e.g. {@code +5,020 steps, p = 0.044, d = 0.70}
 * @param paperValue the number a rule compares with (a share for a count, the value for a value claim);
 *                   {@code null} when the paper states a bound or a sign only
 * @param ours       our number, its interval and n
 * @param test       the Mann-Whitney test behind a direction claim, {@code null} for other claims
 * @param verdict    reproduced, not reproduced or inconclusive
 * @param reason     one sentence: why this verdict, saying plainly where ours differs from the paper
 */
@JsonPropertyOrder({"id", "statement", "section", "paper", "paperValue", "ours", "test", "verdict", "reason"})
public record Claim(@JsonProperty("id") String id, @JsonProperty("statement") String statement,
                    @JsonProperty("section") String section, @JsonProperty("paper") String paper,
                    @JsonProperty("paperValue") Double paperValue, @JsonProperty("ours") Estimate ours,
                    @JsonProperty("test") Comparison test, @JsonProperty("verdict") Verdict verdict,
                    @JsonProperty("reason") String reason) {

    public Claim {
        if (id == null || statement == null || ours == null || verdict == null || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("claim " + id + " (" + statement + "): ours " + ours + ", verdict "
                    + verdict + ", reason '" + reason + "'; expected an id, a statement, our estimate, a verdict"
                    + " and its reason");
        }
    }
}
