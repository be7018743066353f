package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.EntropyMonitor;
import dev.grokwatch.entropy.EntropyEventType;
import org.nd4j.shade.jackson.annotation.JsonCreator;

/**
 * Gives up when H̃ has stayed below H̃* for the listener's patience while test accuracy stayed low:
 * the representation collapsed but the architecture lacks the bias to generalise (the paper's MLP).
 * Needs a listener built with a threshold and evaluation data.
 */
public final class CollapseWithoutGeneralisationTerminationCondition extends EntropyTerminationCondition {

    private static final long serialVersionUID = 1L;

    @JsonCreator
    public CollapseWithoutGeneralisationTerminationCondition() {
        this(null);
    }

    CollapseWithoutGeneralisationTerminationCondition(EntropyMonitor listener) {
        super(listener);
    }

    @Override
    public void initialize() {
        super.initialize();
        boolean noThreshold = listener().criteria().threshold() == null;
        boolean noTestAccuracy = !listener().measuresTestAccuracy();
        if (noThreshold || noTestAccuracy) {
            String missing = noThreshold && noTestAccuracy ? "no threshold H̃* and no test accuracy"
                    : noThreshold ? "no threshold H̃*" : "no test accuracy";
            String calls = noThreshold && noTestAccuracy ? ".threshold(value) and .evaluateOn(testData)"
                    : noThreshold ? ".threshold(value)" : ".evaluateOn(testData)";
            throw new IllegalStateException("CollapseWithoutGeneralisationTerminationCondition needs a threshold H̃*"
                    + " (H̃ below it) and test accuracy (still low), or it never fires; the listener has " + missing
                    + ": build it with " + calls);
        }
    }

    @Override
    protected boolean shouldTerminate(EntropyMonitor entropy) {
        return entropy.stepOf(EntropyEventType.COLLAPSE_WITHOUT_GENERALISATION).isPresent();
    }

    @Override
    public String toString() {
        String rule = "CollapseWithoutGeneralisationTerminationCondition(H̃ below H̃* for "
                + (attached() ? listener().criteria().collapseWithoutGeneralisationSteps() + " steps" : "the patience")
                + " with test accuracy low)";
        if (!attached() || !shouldTerminate(listener())) {
            return rule;
        }
        return rule + ": crossed at step " + listener().stepOf(EntropyEventType.THRESHOLD_CROSSED).getAsLong()
                + ", verdict at step " + listener().stepOf(EntropyEventType.COLLAPSE_WITHOUT_GENERALISATION).getAsLong()
                + String.format(", test accuracy %.4f", listener().latest().map(r -> r.testAccuracy()).orElse(Double.NaN));
    }
}
