package dev.grokwatch.examples.reproduce;

import org.nd4j.shade.jackson.annotation.JsonValue;

/** What our runs say of one claim of the paper; the rules are {@link VerdictRules}'. */
public enum Verdict {
    REPRODUCED("reproduced"),
    NOT_REPRODUCED("not reproduced"),
    INCONCLUSIVE("inconclusive");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** As the report writes it, e.g. {@code not reproduced}. */
    @JsonValue
    public String label() {
        return label;
    }
}
