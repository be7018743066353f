package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.EntropyMonitor;
import dev.grokwatch.entropy.SpectralEntropyListener;
import org.deeplearning4j.earlystopping.termination.IterationTerminationCondition;

/**
 * Early-stopping conditions for DL4J's {@code EarlyStoppingTrainer}/{@code EarlyStoppingGraphTrainer}
 * that read a {@link SpectralEntropyListener}. Add the listener to the model and the conditions to
 * {@code EarlyStoppingConfiguration.Builder.iterationTerminationConditions(...)}.
 *
 * <p>DL4J 1.0.0-M2.1's trainers hold a best model only after one of their own epochs has finished, so a
 * condition met inside a trainer run's first epoch (including one already met when the trainer starts, after
 * an earlier {@code fit} or trainer run) fires at the first iteration of its next epoch (see
 * {@link EntropyTerminationCondition}). Use epochs shorter than the expected grokking time (a pass over the
 * training split is typical) and {@code saveLastModel(true)} so the stopped model is the one returned.
 *
 * <p>Each condition checks, when the trainer initialises it at the start of training (before the first
 * epoch and any update), that its listener measures what it reads, and refuses one that does not with
 * an {@link IllegalStateException} naming the builder call that is missing: it would otherwise never fire.
 * At the trainer's first iteration check (after one update, before the second) it likewise refuses a
 * listener the model being trained has not called ({@code model.addListeners(entropy)} missing).
 *
 * <p>The same conditions built on a {@code SameDiffEntropyListener} stop a SameDiff {@code fit} through
 * {@link SameDiffTermination}.
 */
public final class EntropyTermination {

    private EntropyTermination() {
    }

    /**
     * Stop as soon as test accuracy has reached the grokking criterion: the run grokked, or generalised
     * without a delay past memorisation (an ordinary run, or one whose delay is unknown without training
     * accuracy). Needs a listener built with {@code .evaluateOn(testData)}.
     */
    public static IterationTerminationCondition grokked(EntropyMonitor listener) {
        return grokked(listener, 0);
    }

    /** Stop {@code extraSteps} after test accuracy reached the grokking criterion (to let it settle). */
    public static IterationTerminationCondition grokked(EntropyMonitor listener, long extraSteps) {
        return new GrokkedTerminationCondition(required(listener), extraSteps);
    }

    /**
     * Stop when H̃ comes down through the listener's threshold H̃* after the collapse onset (and, with
     * training accuracy measured, after memorisation): see {@code PhaseTracker}. Needs a listener built
     * with {@code .threshold(value)}.
     */
    public static IterationTerminationCondition thresholdCrossed(EntropyMonitor listener) {
        return thresholdCrossed(listener, 0);
    }

    /** Stop {@code afterSteps} after H̃ crossed below H̃* (grokking follows by about 1,000 steps). */
    public static IterationTerminationCondition thresholdCrossed(EntropyMonitor listener, long afterSteps) {
        return new ThresholdCrossedTerminationCondition(required(listener), afterSteps);
    }

    /**
     * Give up when no collapse onset has been seen by step {@code withinSteps}, including runs that never
     * memorise (the onset waits for memorisation when training accuracy is measured), unless test accuracy
     * has reached the grokking criterion. Reads H̃ only: any listener supplies it.
     */
    public static IterationTerminationCondition noCollapseWithin(EntropyMonitor listener, long withinSteps) {
        return new NoCollapseTerminationCondition(required(listener), withinSteps);
    }

    /**
     * Give up when H̃ stayed below H̃* with test accuracy low for the listener's patience. Needs a listener
     * built with {@code .threshold(value)} and {@code .evaluateOn(testData)}.
     */
    public static IterationTerminationCondition collapseWithoutGeneralisation(EntropyMonitor listener) {
        return new CollapseWithoutGeneralisationTerminationCondition(required(listener));
    }

    /**
     * Give up at the first evaluation whose H̃, an accuracy or the training loss is NaN or infinite. Reads
     * what the listener measures, whatever that is: any listener supplies it.
     */
    public static IterationTerminationCondition diverged(EntropyMonitor listener) {
        return new DivergedTerminationCondition(required(listener));
    }

    /**
     * Give up when training accuracy is still below the memorisation criterion at the listener's
     * {@code notMemorisedWithin} step. Needs a listener built with {@code .trainAccuracyOn(trainData)}.
     */
    public static IterationTerminationCondition notMemorising(EntropyMonitor listener) {
        return new NotMemorisingTerminationCondition(required(listener));
    }

    /**
     * Stop once the step has passed the listener's latest confident grokking forecast by {@code marginSteps}
     * and test accuracy holds at the grokking criterion. Needs a listener built with a forecaster and
     * evaluation data; it never fires without a confident forecast, so pair it with a budget.
     */
    public static IterationTerminationCondition predictedGrokReached(EntropyMonitor listener, long marginSteps) {
        return new PredictedGrokReachedTerminationCondition(required(listener), marginSteps);
    }

    private static EntropyMonitor required(EntropyMonitor listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener is null; expected the SpectralEntropyListener added to the model");
        }
        return listener;
    }
}
