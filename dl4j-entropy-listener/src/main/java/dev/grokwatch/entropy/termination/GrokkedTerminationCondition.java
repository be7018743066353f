package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.EntropyEventType;
import dev.grokwatch.entropy.SpectralEntropyListener;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.OptionalLong;

/** Stops once test accuracy has reached the grokking criterion, optionally after some extra steps. */
public final class GrokkedTerminationCondition extends EntropyTerminationCondition {

    private static final long serialVersionUID = 1L;

    @JsonProperty("extraSteps")
    private final long extraSteps;

    @JsonCreator
    public GrokkedTerminationCondition(@JsonProperty("extraSteps") long extraSteps) {
        this(null, extraSteps);
    }

    GrokkedTerminationCondition(SpectralEntropyListener listener, long extraSteps) {
        super(listener);
        if (extraSteps < 0) {
            throw new IllegalArgumentException("extraSteps must be >= 0, got " + extraSteps);
        }
        this.extraSteps = extraSteps;
    }

    @Override
    public void initialize() {
        super.initialize();
        if (!listener().measuresTestAccuracy()) {
            throw new IllegalStateException("GrokkedTerminationCondition needs test accuracy, or it never fires;"
                    + " build the listener with .evaluateOn(testData)");
        }
    }

    public long extraSteps() {
        return extraSteps;
    }

    @Override
    protected boolean shouldTerminate(SpectralEntropyListener entropy) {
        OptionalLong grok = entropy.stepOf(EntropyEventType.GROKKED);
        return grok.isPresent() && entropy.currentStep() >= grok.getAsLong() + extraSteps;
    }

    @Override
    public String toString() {
        String rule = "GrokkedTerminationCondition(test accuracy >= "
                + (attached() ? listener().criteria().grokAccuracy() : "criterion") + ", extraSteps=" + extraSteps + ")";
        if (!attached() || listener().stepOf(EntropyEventType.GROKKED).isEmpty()) {
            return rule;
        }
        return rule + ": grokked at step " + listener().stepOf(EntropyEventType.GROKKED).getAsLong()
                + ", stopped at step " + listener().currentStep();
    }
}
