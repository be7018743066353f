package dev.grokwatch.entropy;

/**
 * The events on the entropy curve (arXiv 2604.13123, §3.2 and appendix D.2; the rules are
 * {@link PhaseTracker}'s). Each fires at most once per run, and never in an order that contradicts
 * its name: when training accuracy is measured, collapse onset and crossing come after memorisation.
 */
public enum EntropyEventType {
    /** Training accuracy reached the memorisation criterion. */
    MEMORISED,
    /**
     * H̃ fell by more than δ over the collapse window, after memorisation: Phase II begins. On a run that
     * has already generalised it is only that, a fall of H̃; the phase stays generalised.
     */
    COLLAPSE_ONSET,
    /**
     * H̃ came down from at or above the task threshold H̃* to below it, at or after the collapse onset:
     * grokking is expected within about a thousand steps.
     */
    THRESHOLD_CROSSED,
    /**
     * Test accuracy reached the grokking criterion after a delay: after memorisation, with test accuracy at
     * memorisation at most half the criterion. Grokking is delayed generalisation (arXiv 2604.13123,
     * §1, §3.2). Needs training accuracy: without it memorisation, and so a delay, cannot be seen.
     */
    GROKKED,
    /**
     * Test accuracy reached the grokking criterion without a delay: before memorisation, with it, or after it
     * from more than half the criterion at memorisation, as an ordinary classifier does; or, on a run without
     * training accuracy, whether after a delay is unknown. Not grokking; fires instead of {@link #GROKKED}.
     */
    GENERALISED,
    /** H̃ stayed below H̃* for the configured patience while test accuracy stayed low. */
    COLLAPSE_WITHOUT_GENERALISATION,
    /** No collapse onset within the configured number of steps after memorisation, and not grokked or generalised. */
    NO_COLLAPSE,
    /** Training accuracy, measured, still below the memorisation criterion at the configured step. */
    NOT_MEMORISING,
    /** H̃, an accuracy or the training loss came out NaN or infinite: the model's numbers overflowed. */
    DIVERGED
}
