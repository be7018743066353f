package dev.grokwatch.entropy;

/** The events on the entropy curve (METHOD.md §2). Each fires at most once per run. */
public enum EntropyEventType {
    /** Training accuracy reached the memorisation criterion. */
    MEMORISED,
    /** H̃ fell by more than δ over the collapse window: Phase II begins. */
    COLLAPSE_ONSET,
    /** H̃ went below the task threshold H̃*: grokking is expected within about a thousand steps. */
    THRESHOLD_CROSSED,
    /** Test accuracy reached the grokking criterion. */
    GROKKED,
    /** H̃ stayed below H̃* for the configured patience while test accuracy stayed low. */
    COLLAPSE_WITHOUT_GENERALISATION,
    /** No collapse onset within the configured number of steps after memorisation. */
    NO_COLLAPSE
}
