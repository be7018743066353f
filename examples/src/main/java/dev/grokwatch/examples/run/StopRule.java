package dev.grokwatch.examples.run;

import dev.grokwatch.entropy.EntropyEventType;
import dev.grokwatch.entropy.EntropyMonitor;
import dev.grokwatch.entropy.termination.EntropyTermination;
import org.deeplearning4j.earlystopping.termination.IterationTerminationCondition;

import java.util.List;
import java.util.function.BiFunction;

/**
 * When the {@code train} command ends a run before {@code --steps}: each rule is a set of the library's
 * termination conditions ({@link EntropyTermination}), so the command stops by the same rules as an
 * {@code EarlyStoppingTrainer} would. Every rule but {@link #NONE} also gives up on a run that is not
 * learning: one whose numbers diverged (NaN or infinite) or that has not memorised its training set by
 * the not-memorising step, since the crossing, grokking and its forecast all need memorisation first.
 */
public enum StopRule {
    /** Train for all {@code --steps}. */
    NONE("none", null, null),
    /** Stop at the first evaluation with test accuracy at or above 0.99 (grokked, or generalised without a delay). */
    GROKKED("grokked", StopReason.GROKKED, (listener, margin) -> EntropyTermination.grokked(listener)),
    /** Stop at the first evaluation with H̃ below the threshold H̃*: the early warning itself. */
    CROSSED("crossed", StopReason.THRESHOLD_CROSSED, (listener, margin) -> EntropyTermination.thresholdCrossed(listener)),
    /** Stop once the step has passed the calibration's confident forecast by the margin and test accuracy is at 0.99. */
    PREDICTED("predicted", StopReason.PREDICTED_GROK, EntropyTermination::predictedGrokReached);

    /**
     * One termination condition of a rule and the {@code stop_reason} of a run it ends.
     *
     * @param condition reads the listener it was built on
     * @param reason    written to {@code summary.json} when the condition ends the run
     */
    public record Condition(IterationTerminationCondition condition, StopReason reason) {

        /**
         * The {@code stop_reason} once this condition ended the run: {@link StopReason#GENERALISED} for
         * the grokked rule met by a run that generalised without a delay, else {@link #reason()}.
         */
        public StopReason reasonGiven(EntropyMonitor listener) {
            return reason == StopReason.GROKKED && listener.stepOf(EntropyEventType.GENERALISED).isPresent()
                    ? StopReason.GENERALISED : reason;
        }
    }

    private final String label;
    private final StopReason reason;
    private final BiFunction<EntropyMonitor, Long, IterationTerminationCondition> condition;

    StopRule(String label, StopReason reason,
             BiFunction<EntropyMonitor, Long, IterationTerminationCondition> condition) {
        this.label = label;
        this.reason = reason;
        this.condition = condition;
    }

    /**
     * The rule's termination conditions on {@code listener}, in the order a step checks them (the first
     * met ends the run): the rule's own, then the verdicts on a run that is not learning, diverged before
     * not memorising. Empty for {@link #NONE}.
     *
     * @param marginSteps steps past the forecast that {@link #PREDICTED} waits; the other rules ignore it
     */
    public List<Condition> conditions(EntropyMonitor listener, long marginSteps) {
        if (this == NONE) {
            return List.of();
        }
        return List.of(new Condition(condition.apply(listener, marginSteps), reason),
                new Condition(EntropyTermination.diverged(listener), StopReason.DIVERGED),
                new Condition(EntropyTermination.notMemorising(listener), StopReason.NOT_MEMORISING));
    }

    @Override
    public String toString() {
        return label;
    }
}
