package dev.grokwatch.examples.reproduce;

import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * A question the reproduction answers that is not a claim of the paper (arXiv 2604.13123), e.g. whether the
 * norm-matched control of §6 also changes the logit scale, a confound later work reports. It has our number and
 * what it says, and no verdict: it is not counted among the paper's claims.
 *
 * @param name     a few words, e.g. {@code logit-scale confound}
 * @param question the question, with where it comes from
 * @param ours     our number, its interval and n
 * @param finding  the answer in a sentence, starting with {@code present}, {@code absent} or {@code undetermined}
 */
@JsonPropertyOrder({"name", "question", "ours", "finding"})
public record Check(@JsonProperty("name") String name, @JsonProperty("question") String question,
                    @JsonProperty("ours") Estimate ours, @JsonProperty("finding") String finding) {

    public Check {
        if (name == null || question == null || ours == null || finding == null || finding.isBlank()) {
            throw new IllegalArgumentException("check " + name + " (" + question + "): ours " + ours + ", finding '"
                    + finding + "'; expected a name, a question, our estimate and a finding");
        }
    }
}
