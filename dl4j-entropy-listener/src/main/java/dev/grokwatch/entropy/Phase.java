package dev.grokwatch.entropy;

/**
 * Where a run stands, in the paper's two-phase reading (arXiv 2604.13123, §3.2) plus the diagnostic
 * outcomes of its appendix D.2, one for a run that generalises without grokking, and two for runs that
 * are not learning at all (not memorising, diverged). The rules are {@link PhaseTracker}'s.
 */
public enum Phase {
    /**
     * Phase I, from the start of training to the collapse onset: the model fits its training set (training
     * accuracy rising, or memorised) while the parameter norm grows and H̃ stays high and flat. It says
     * nothing yet about whether the run will memorise: one still short of the criterion at the
     * not-memorising step becomes {@link #NOT_MEMORISING}.
     */
    NORM_EXPANSION("norm_expansion"),
    /** Phase II: H̃ has started to fall after memorisation (collapse onset seen). */
    ENTROPY_COLLAPSE("entropy_collapse"),
    /**
     * Test accuracy reached the grokking criterion after memorisation, having been at most half of it when
     * the training set was fitted: grokking. See {@link PhaseTracker}.
     */
    GROKKED("grokked"),
    /**
     * Test accuracy reached the grokking criterion without a delay past memorisation (an ordinary run
     * that learns and generalises together): not grokking. On a run without training accuracy: generalised;
     * whether after a delay is unknown without training accuracy. See {@link PhaseTracker} for the delay.
     */
    GENERALISED("generalised"),
    /** H̃ stayed below H̃* for the configured patience while test accuracy stayed low (e.g. an MLP). */
    COLLAPSE_WITHOUT_GENERALISATION("collapse_without_generalisation"),
    /** H̃ stayed flat for the configured number of steps after memorisation: unlikely to grok. */
    NO_COLLAPSE("no_collapse"),
    /**
     * Training accuracy is still below the memorisation criterion at the configured step (e.g. a
     * learning rate so large that the model stays at chance): none of the paper's phases applies.
     */
    NOT_MEMORISING("not_memorising"),
    /** The latest evaluation's H̃, accuracy or training loss is NaN or infinite. */
    DIVERGED("diverged");

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
