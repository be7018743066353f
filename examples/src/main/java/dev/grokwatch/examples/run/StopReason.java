package dev.grokwatch.examples.run;

/** Why a run ended, as written to {@code summary.json}'s {@code stop_reason}. */
public enum StopReason {
    GROKKED("grokked"),
    /** {@code --stop grokked} met by a run whose test accuracy reached 0.99 without a delay past memorisation. */
    GENERALISED("generalised"),
    THRESHOLD_CROSSED("threshold_crossed"),
    /** {@code --stop predicted}: past the calibrated forecast by the margin, and grokked. */
    PREDICTED_GROK("predicted_grok"),
    MAX_STEPS("max_steps"),
    /** H̃, an accuracy or the loss came out NaN or infinite: a run with a stop rule other than none ends there. */
    DIVERGED("diverged"),
    /**
     * Training accuracy still below 0.99 at step 10,000: a run with a stop rule other than none ends
     * there, since crossing, grokking and its forecast all come after memorisation.
     */
    NOT_MEMORISING("not_memorising"),
    /** Ctrl-C or another shutdown signal: the outputs still hold everything measured so far. */
    INTERRUPTED("interrupted");

    private final String label;

    StopReason(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
