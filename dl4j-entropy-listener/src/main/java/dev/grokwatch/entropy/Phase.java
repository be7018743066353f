package dev.grokwatch.entropy;

/**
 * Where a run stands, in the paper's two-phase reading (METHOD.md §2) plus the two diagnostic
 * outcomes of its appendix D.2.
 */
public enum Phase {
    /** Phase I: the parameter norm grows while the model memorises; H̃ stays high and flat. */
    NORM_EXPANSION("norm_expansion"),
    /** Phase II: H̃ has started to fall (collapse onset seen). */
    ENTROPY_COLLAPSE("entropy_collapse"),
    /** Test accuracy reached the grokking criterion. */
    GROKKED("grokked"),
    /** H̃ stayed below H̃* for the configured patience while test accuracy stayed low (e.g. an MLP). */
    COLLAPSE_WITHOUT_GENERALISATION("collapse_without_generalisation"),
    /** H̃ stayed flat for the configured number of steps after memorisation: unlikely to grok. */
    NO_COLLAPSE("no_collapse");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    /** The label written to {@code metrics.csv}. */
    public String label() {
        return label;
    }

    /** Parses a label written by {@link #label()}. */
    public static Phase fromLabel(String label) {
        for (Phase phase : values()) {
            if (phase.label.equals(label)) {
                return phase;
            }
        }
        throw new IllegalArgumentException("Unknown phase label '" + label + "'; expected one of "
                + java.util.Arrays.stream(values()).map(Phase::label).toList());
    }
}
