package dev.grokwatch.examples.run;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyMonitor;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.PhaseCriteria;
import dev.grokwatch.entropy.SpectralEntropyListener;
import dev.grokwatch.examples.cli.ProgressDisplay;
import dev.grokwatch.models.GrokModelBuilder;
import dev.grokwatch.models.interventions.FourierAlignment;
import dev.grokwatch.models.tasks.GroupDataset;
import dev.grokwatch.models.tasks.GroupTask;
import dev.grokwatch.models.tasks.SampledBatchIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The DL4J side of a {@link TrainingRun}: the {@code ComputationGraph} ({@code GrokTransformer} or {@code GrokMlp}),
 * its {@link SpectralEntropyListener} (and the norm-matched control, the test-set probe's listener and the logit
 * scale's, when asked for), fitted one sampled minibatch per step, the stop conditions checked after each.
 */
final class GraphTrainer implements RunTrainer {

    private final TrainingConfig config;
    private final GroupDataset dataset;
    private final ComputationGraph model;
    private final SpectralEntropyListener entropy;
    /** Null without {@code --test-probe}. */
    private final SpectralEntropyListener testProbe;
    /** Null without {@code --logit-scale}. */
    private final LogitScaleListener logitScale;

    /**
     * @param probe           the run's probe, token indices {@code [n, 3]} from the training split
     * @param testProbeInputs the test-set probe ({@code --test-probe}), or null
     */
    GraphTrainer(TrainingConfig config, GroupDataset dataset, INDArray probe, INDArray testProbeInputs) {
        this.config = config;
        this.dataset = dataset;
        GroupTask task = dataset.task();
        this.model = config.model().builder(task)
                .seed(config.seed())
                .init(config.init())
                .learningRate(config.learningRate())
                .weightDecay(config.weightDecay())
                .mixing(config.mix())
                .build();
        SpectralEntropyListener.Builder listener = entropyListener(probe);
        config.forecaster().ifPresent(listener::forecaster);
        if (config.modular() && task.order() >= 3) {
            int p = task.order();
            listener.fourierAlignment(m -> FourierAlignment.of(
                    GrokModelBuilder.tokenEmbeddings((ComputationGraph) m), p));
        }
        this.entropy = listener.build();
        this.testProbe = testProbeInputs != null ? entropyListener(testProbeInputs).build() : null;
        this.logitScale = config.logitScale() ? new LogitScaleListener(probe, config.evalEvery()) : null;
        List<TrainingListener> listeners = new ArrayList<>();
        if (config.normControl() != null) {
            listeners.add(config.normControl().control()); // first, so the entropy listener sees the rescaled weights
        }
        listeners.add(entropy);
        // The recordings come after the run's own listener, which therefore sees what it would alone.
        if (testProbe != null) {
            listeners.add(testProbe);
        }
        if (logitScale != null) {
            listeners.add(logitScale);
        }
        model.setListeners(listeners);
    }

    /** A listener on the representation at the run's cadence, threshold, verdicts and accuracies, reading {@code probe}. */
    private SpectralEntropyListener.Builder entropyListener(INDArray probe) {
        return SpectralEntropyListener.builder()
                .probe(probe)
                .layer(GrokModelBuilder.REPRESENTATION)
                .everyNIterations(config.evalEvery())
                .threshold(config.threshold())
                .verdictSteps(config.noCollapseSteps(), PhaseCriteria.DEFAULT_COLLAPSE_WITHOUT_GENERALISATION_STEPS)
                .evaluateOn(dataset.testDataSet())
                .trainAccuracyOn(dataset.trainDataSet());
    }

    ComputationGraph model() {
        return model;
    }

    @Override
    public EntropyMonitor entropy() {
        return entropy;
    }

    @Override
    public Trained train(ProgressDisplay display, List<StopRule.Condition> stopConditions,
                         BooleanSupplier stopRequested) {
        entropy.addEventListener(display::event);
        SampledBatchIterator batches = dataset.trainIterator(config.batchSize(), config.seed())
                .batchesPerEpoch(Integer.MAX_VALUE);
        double[] trainingStepMs = new double[config.steps()];
        int timed = 0;
        long step = 0;
        StopReason reason = StopReason.MAX_STEPS;
        stopConditions.forEach(c -> c.condition().initialize());
        while (step < config.steps()) {
            if (stopRequested.getAsBoolean()) {
                reason = StopReason.INTERRUPTED;
                break;
            }
            DataSet batch = batches.next();
            long before = System.nanoTime();
            model.fit(batch);
            long after = System.nanoTime();
            step++;
            if (!evaluatedAt(step)) {
                trainingStepMs[timed++] = (after - before) / 1e6;
            }
            display.stepDone(step, entropy);
            StopReason met = firstConditionMet(stopConditions);
            if (met != null) {
                reason = met;
                break;
            }
        }
        return new Trained(step, reason, Arrays.copyOf(trainingStepMs, timed));
    }

    /** Whether the listener recorded an evaluation at this step. */
    private boolean evaluatedAt(long step) {
        return entropy.latest().map(EntropyRecord::step).filter(s -> s == step).isPresent();
    }

    /** The stop reason of the first termination condition met after this step, or null. */
    private StopReason firstConditionMet(List<StopRule.Condition> stopConditions) {
        for (StopRule.Condition c : stopConditions) {
            if (c.condition().terminate(model.score())) {
                return c.reasonGiven(entropy);
            }
        }
        return null;
    }

    @Override
    public EntropyHistory testProbeHistory() {
        return testProbe == null ? null : testProbe.history();
    }

    @Override
    public List<LogitScaleCsv.Point> logitScale() {
        return logitScale == null ? null : logitScale.points();
    }
}
