package dev.grokwatch.examples;

import dev.grokwatch.entropy.EntropyEventType;
import dev.grokwatch.entropy.SpectralEntropyListener;

/**
 * When the {@code train} command ends a run before {@code --steps}: the listener's events decide.
 * Every rule but {@link #NONE} also gives up on a run that is not learning: one whose numbers
 * diverged (NaN or infinite) or that has not memorised its training set by the not-memorising
 * horizon, since the crossing, grokking and its forecast all need memorisation first.
 */
public enum StopRule {
    /** Train for all {@code --steps}. */
    NONE("none", null, null),
    /** Stop at the first evaluation with test accuracy at or above 0.99. */
    GROKKED("grokked", EntropyEventType.GROKKED, StopReason.GROKKED),
    /** Stop at the first evaluation with H̃ below the threshold H̃*: the early warning itself. */
    CROSSED("crossed", EntropyEventType.THRESHOLD_CROSSED, StopReason.THRESHOLD_CROSSED),
    /**
     * Stop once the step has passed the calibration's confident forecast by the margin and test accuracy
     * is at 0.99. No single event says so: {@link TrainingRun} checks the library's
     * {@code EntropyTermination.predictedGrokReached} condition instead of {@link #reached}.
     */
    PREDICTED("predicted", null, StopReason.PREDICTED_GROK);

    private final String label;
    private final EntropyEventType event;
    private final StopReason reason;

    StopRule(String label, EntropyEventType event, StopReason reason) {
        this.label = label;
        this.event = event;
        this.reason = reason;
    }

    /** Whether the run should end now, read from the listener after a step. */
    public boolean reached(SpectralEntropyListener listener) {
        return event != null && listener.stepOf(event).isPresent();
    }

    /**
     * The verdict that ends a run that is not learning, read from the listener after a step: diverged
     * or not memorising, or null (always null for {@link #NONE}).
     */
    public StopReason givesUp(SpectralEntropyListener listener) {
        if (this == NONE) {
            return null;
        }
        if (listener.stepOf(EntropyEventType.DIVERGED).isPresent()) {
            return StopReason.DIVERGED;
        }
        return listener.stepOf(EntropyEventType.NOT_MEMORISING).isPresent() ? StopReason.NOT_MEMORISING : null;
    }

    /** The {@code stop_reason} of a run this rule ended. */
    public StopReason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return label;
    }
}
