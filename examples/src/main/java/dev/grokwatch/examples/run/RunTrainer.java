package dev.grokwatch.examples.run;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyMonitor;
import dev.grokwatch.examples.cli.ProgressDisplay;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One API's side of a {@link TrainingRun}: the model and the listeners it trains with, built from the run's
 * configuration and data, and the loop that trains it. {@link GraphTrainer} fits a DL4J {@code ComputationGraph}
 * one minibatch at a time; {@link SameDiffTrainer} fits a SameDiff graph in one {@code fit} over the run's
 * minibatches. Both draw the same minibatches and read the same termination conditions.
 */
sealed interface RunTrainer permits GraphTrainer, SameDiffTrainer {

    /**
     * What a training loop did.
     *
     * @param steps  updates done
     * @param reason why the loop ended
     * @param stepMs wall time of each step that ran no evaluation, in ms (they time training, not the listener)
     */
    record Trained(long steps, StopReason reason, double[] stepMs) {
    }

    /** The run's spectral-entropy listener, which the stop conditions read. */
    EntropyMonitor entropy();

    /**
     * Trains until a condition of {@code stopConditions} is met after a step (the first met gives the reason),
     * {@code --steps}, or {@code stopRequested} before a step; progress and events go to {@code display}.
     */
    Trained train(ProgressDisplay display, List<StopRule.Condition> stopConditions, BooleanSupplier stopRequested);

    /** The test-set probe's evaluations ({@code --test-probe}); null without one. */
    EntropyHistory testProbeHistory();

    /** The logit scale at each evaluation ({@code --logit-scale}); null without it. */
    List<LogitScaleCsv.Point> logitScale();
}
