package dev.grokwatch.examples.run;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyMonitor;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.PhaseCriteria;
import dev.grokwatch.entropy.SameDiffEntropyListener;
import dev.grokwatch.entropy.termination.SameDiffTermination;
import dev.grokwatch.examples.cli.ProgressDisplay;
import dev.grokwatch.models.GrokMlp;
import dev.grokwatch.models.GrokMlpSameDiff;
import dev.grokwatch.models.GrokModelBuilder;
import dev.grokwatch.models.interventions.FourierAlignment;
import dev.grokwatch.models.tasks.GroupDataset;
import dev.grokwatch.models.tasks.GroupTask;
import org.deeplearning4j.earlystopping.termination.IterationTerminationCondition;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The SameDiff side of a {@link TrainingRun} ({@code --model mlp-samediff}): {@link GrokMlpSameDiff}'s graph of the
 * run's MLP, watched by a {@link SameDiffEntropyListener} at the run's probe, cadence and criteria (and a second one
 * on the test-set probe with {@code --test-probe}), trained by one {@code sd.fit} over the run's minibatches (the
 * same draws as the DL4J loop's) and stopped by {@link SameDiffTermination} on the stop rule's conditions, after
 * the update that met one.
 */
final class SameDiffTrainer implements RunTrainer {

    private final TrainingConfig config;
    private final GroupDataset dataset;
    private final SameDiff graph;
    private final SameDiffEntropyListener entropy;
    /** Null without {@code --test-probe}. */
    private final SameDiffEntropyListener testProbe;

    /**
     * @param probe           the run's probe, token indices {@code [n, 3]} from the training split
     * @param testProbeInputs the test-set probe ({@code --test-probe}), or null
     */
    SameDiffTrainer(TrainingConfig config, GroupDataset dataset, INDArray probe, INDArray testProbeInputs) {
        this.config = config;
        this.dataset = dataset;
        GroupTask task = dataset.task();
        this.graph = GrokMlpSameDiff.from(GrokMlp.builder(task)
                .seed(config.seed())
                .init(config.init())
                .learningRate(config.learningRate())
                .weightDecay(config.weightDecay()));
        SameDiffEntropyListener.Builder listener = entropyListener(probe);
        config.forecaster().ifPresent(listener::forecaster);
        if (config.modular() && task.order() >= 3) {
            int p = task.order();
            listener.fourierAlignment(sd -> FourierAlignment.of(GrokMlpSameDiff.tokenEmbeddings(sd), p));
        }
        this.entropy = listener.build();
        this.testProbe = testProbeInputs != null ? entropyListener(testProbeInputs).build() : null;
        SameDiffGradients.createQuietly(graph); // SameDiff's line per differentiated op stays out of train's output
    }

    /** A listener on the representation at the run's cadence, threshold, verdicts and accuracies, reading {@code probe}. */
    private SameDiffEntropyListener.Builder entropyListener(INDArray probe) {
        return SameDiffEntropyListener.builder(graph)
                .probe(GrokModelBuilder.INPUT, probe)
                .variable(GrokModelBuilder.REPRESENTATION)
                .everyNIterations(config.evalEvery())
                .threshold(config.threshold())
                .verdictSteps(config.noCollapseSteps(), PhaseCriteria.DEFAULT_COLLAPSE_WITHOUT_GENERALISATION_STEPS)
                .evaluateOn(dataset.testDataSet())
                .trainAccuracyOn(dataset.trainDataSet())
                .outputVariable(GrokModelBuilder.OUTPUT);
    }

    SameDiff graph() {
        return graph;
    }

    @Override
    public EntropyMonitor entropy() {
        return entropy;
    }

    @Override
    public Trained train(ProgressDisplay display, List<StopRule.Condition> stopConditions,
                         BooleanSupplier stopRequested) {
        if (stopRequested.getAsBoolean()) {
            return new Trained(0, StopReason.INTERRUPTED, new double[0]); // SameDiff fails on an epoch without updates
        }
        entropy.addEventListener(display::event);
        Steps steps = new Steps(display);
        List<Listener> listeners = new ArrayList<>(List.of(entropy));
        if (testProbe != null) {
            listeners.add(testProbe); // after the run's own listener, which therefore sees what it would alone
        }
        listeners.add(steps); // after the listeners, whose evaluations mark the steps left out of the timing
        DataSetIterator batches = new InterruptibleBatches(
                dataset.trainIterator(config.batchSize(), config.seed()).batchesPerEpoch(config.steps()), stopRequested);
        SameDiffTermination stop = null;
        if (!stopConditions.isEmpty()) {
            stop = SameDiffTermination.when(stopConditions.stream().map(StopRule.Condition::condition)
                    .toArray(IterationTerminationCondition[]::new));
            listeners.add(stop);
            batches = stop.iterator(batches);
        }
        graph.fit(batches, 1, listeners.toArray(Listener[]::new));
        return new Trained(steps.done, reason(stop, stopConditions, steps.done),
                Arrays.copyOf(steps.trainingStepMs, steps.timed));
    }

    /** The first stop condition met (after the update that met it), else an interruption, else the budget. */
    private StopReason reason(SameDiffTermination stop, List<StopRule.Condition> stopConditions, long done) {
        if (stop != null && stop.stoppedBy().isPresent()) {
            IterationTerminationCondition met = stop.stoppedBy().get();
            return stopConditions.stream().filter(c -> c.condition() == met).findFirst().orElseThrow()
                    .reasonGiven(entropy);
        }
        return done < config.steps() ? StopReason.INTERRUPTED : StopReason.MAX_STEPS;
    }

    /** Counts the updates, shows progress after each, and times those that ran no evaluation. */
    private final class Steps extends BaseListener {
        private final ProgressDisplay display;
        private final double[] trainingStepMs = new double[config.steps()];
        private int timed;
        private long done;
        private long started;

        Steps(ProgressDisplay display) {
            this.display = display;
        }

        @Override
        public boolean isActive(Operation operation) {
            return operation == Operation.TRAINING;
        }

        @Override
        public void iterationStart(SameDiff sd, At at, MultiDataSet data, long etlMs) {
            started = System.nanoTime();
        }

        @Override
        public void iterationDone(SameDiff sd, At at, MultiDataSet dataSet, Loss loss) {
            long finished = System.nanoTime();
            done = at.iteration() + 1L;
            if (entropy.latest().map(EntropyRecord::step).filter(s -> s == done).isEmpty()) {
                trainingStepMs[timed++] = (finished - started) / 1e6;
            }
            display.stepDone(done, entropy);
        }
    }

    @Override
    public EntropyHistory testProbeHistory() {
        return testProbe == null ? null : testProbe.history();
    }

    /** {@code --logit-scale} is refused for this model by {@link TrainingConfig}. */
    @Override
    public List<LogitScaleCsv.Point> logitScale() {
        return null;
    }
}
