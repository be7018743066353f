package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.EntropyMonitor;
import dev.grokwatch.entropy.EntropyEventType;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.OptionalLong;

/**
 * Stops once H̃ has crossed below the task threshold H̃*, optionally after N more steps (the paper:
 * grokking follows the crossing by about 1,000 steps). Needs a listener built with a threshold.
 */
public final class ThresholdCrossedTerminationCondition extends EntropyTerminationCondition {

    private static final long serialVersionUID = 1L;

    @JsonProperty("afterSteps")
    private final long afterSteps;

    @JsonCreator
    public ThresholdCrossedTerminationCondition(@JsonProperty("afterSteps") long afterSteps) {
        this(null, afterSteps);
    }

    ThresholdCrossedTerminationCondition(EntropyMonitor listener, long afterSteps) {
        super(listener);
        if (afterSteps < 0) {
            throw new IllegalArgumentException("afterSteps must be >= 0, got " + afterSteps);
        }
        this.afterSteps = afterSteps;
    }

    public long afterSteps() {
        return afterSteps;
    }

    @Override
    public void initialize() {
        super.initialize();
        if (listener().criteria().threshold() == null) {
            throw new IllegalStateException("ThresholdCrossedTerminationCondition needs a threshold H̃*; build the"
                    + " listener with .threshold(value) (0.61 for addition mod 97)");
        }
    }

    @Override
    protected boolean shouldTerminate(EntropyMonitor entropy) {
        OptionalLong crossed = entropy.stepOf(EntropyEventType.THRESHOLD_CROSSED);
        return crossed.isPresent() && entropy.currentStep() >= crossed.getAsLong() + afterSteps;
    }

    @Override
    public String toString() {
        String rule = "ThresholdCrossedTerminationCondition(H̃ < "
                + (attached() ? listener().criteria().threshold() : "H̃*") + ", afterSteps=" + afterSteps + ")";
        if (!attached() || listener().stepOf(EntropyEventType.THRESHOLD_CROSSED).isEmpty()) {
            return rule;
        }
        return rule + ": crossed at step " + listener().stepOf(EntropyEventType.THRESHOLD_CROSSED).getAsLong()
                + ", stopped at step " + listener().currentStep();
    }
}
