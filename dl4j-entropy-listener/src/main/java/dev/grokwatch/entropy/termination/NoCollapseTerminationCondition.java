package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.EntropyMonitor;
import dev.grokwatch.entropy.EntropyEventType;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Gives up when no collapse onset has been seen by step N: H̃ that stays flat that long means the
 * configuration is unlikely to grok (arXiv 2604.13123, appendix D.2). With training accuracy measured
 * the onset needs memorisation first, so a run that never memorises (stuck at chance) is given up on too.
 * A run whose test accuracy has reached the grokking criterion is not given up on.
 */
public final class NoCollapseTerminationCondition extends EntropyTerminationCondition {

    private static final long serialVersionUID = 1L;

    @JsonProperty("withinSteps")
    private final long withinSteps;

    @JsonCreator
    public NoCollapseTerminationCondition(@JsonProperty("withinSteps") long withinSteps) {
        this(null, withinSteps);
    }

    NoCollapseTerminationCondition(EntropyMonitor listener, long withinSteps) {
        super(listener);
        if (withinSteps <= 0) {
            throw new IllegalArgumentException("withinSteps must be positive, got " + withinSteps);
        }
        this.withinSteps = withinSteps;
    }

    public long withinSteps() {
        return withinSteps;
    }

    @Override
    protected boolean shouldTerminate(EntropyMonitor entropy) {
        // a run whose test accuracy reached the criterion has nothing left to give up on
        return entropy.currentStep() >= withinSteps && entropy.stepOf(EntropyEventType.COLLAPSE_ONSET).isEmpty()
                && entropy.stepOf(EntropyEventType.GROKKED).isEmpty()
                && entropy.stepOf(EntropyEventType.GENERALISED).isEmpty();
    }

    @Override
    public String toString() {
        String rule = "NoCollapseTerminationCondition(no collapse onset within " + withinSteps + " steps)";
        if (!attached() || !shouldTerminate(listener())) {
            return rule;
        }
        return rule + ": none by step " + listener().currentStep() + String.format(", H̃ = %.4f",
                listener().latest().map(r -> r.normalisedEntropy()).orElse(Double.NaN));
    }
}
