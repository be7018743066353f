package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.EntropyMonitor;
import dev.grokwatch.entropy.EntropyEventType;
import org.nd4j.shade.jackson.annotation.JsonCreator;

/**
 * Gives up when training accuracy is still below the memorisation criterion at the listener's
 * not-memorising step ({@code notMemorisedWithin}, default 10,000): crossing H̃*, grokking and its
 * forecast all come after memorisation (arXiv 2604.13123, §3.2). Needs a listener that measures
 * training accuracy.
 */
public final class NotMemorisingTerminationCondition extends EntropyTerminationCondition {

    private static final long serialVersionUID = 1L;

    @JsonCreator
    public NotMemorisingTerminationCondition() {
        this(null);
    }

    NotMemorisingTerminationCondition(EntropyMonitor listener) {
        super(listener);
    }

    @Override
    public void initialize() {
        super.initialize();
        if (!listener().measuresTrainAccuracy()) {
            throw new IllegalStateException("NotMemorisingTerminationCondition needs training accuracy, or it never"
                    + " fires; build the listener with .trainAccuracyOn(trainData)");
        }
    }

    @Override
    protected boolean shouldTerminate(EntropyMonitor entropy) {
        return entropy.stepOf(EntropyEventType.NOT_MEMORISING).isPresent();
    }

    @Override
    public String toString() {
        String rule = "NotMemorisingTerminationCondition(training accuracy below "
                + (attached() ? listener().criteria().memorisedAccuracy() + " at step "
                + listener().criteria().notMemorisedSteps() : "the criterion at the not-memorising step") + ")";
        if (!attached() || !shouldTerminate(listener())) {
            return rule;
        }
        return rule + ": not memorised at step " + listener().stepOf(EntropyEventType.NOT_MEMORISING).getAsLong()
                + String.format(", train accuracy %.4f", listener().latest().map(r -> r.trainAccuracy())
                .orElse(Double.NaN));
    }
}
