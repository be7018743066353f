package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.EntropyMonitor;
import dev.grokwatch.entropy.EntropyEventType;
import org.nd4j.shade.jackson.annotation.JsonCreator;

/**
 * Gives up at the first evaluation whose H̃, an accuracy or the training loss is NaN or infinite: the
 * model's numbers overflowed, and nothing after that step can cross H̃* or grok.
 */
public final class DivergedTerminationCondition extends EntropyTerminationCondition {

    private static final long serialVersionUID = 1L;

    @JsonCreator
    public DivergedTerminationCondition() {
        this(null);
    }

    DivergedTerminationCondition(EntropyMonitor listener) {
        super(listener);
    }

    @Override
    protected boolean shouldTerminate(EntropyMonitor entropy) {
        return entropy.stepOf(EntropyEventType.DIVERGED).isPresent();
    }

    @Override
    public String toString() {
        String rule = "DivergedTerminationCondition(H̃, an accuracy or the training loss NaN or infinite)";
        if (!attached() || !shouldTerminate(listener())) {
            return rule;
        }
        return rule + ": diverged at step " + listener().stepOf(EntropyEventType.DIVERGED).getAsLong()
                + ", stopped at step " + listener().currentStep();
    }
}
