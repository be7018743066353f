package dev.grokwatch.examples.run;

import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.PhaseCriteria;
import dev.grokwatch.entropy.SpectralEntropyListener;
import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.examples.cli.ProgressDisplay;
import dev.grokwatch.models.GrokModelBuilder;
import dev.grokwatch.models.interventions.FourierAlignment;
import dev.grokwatch.models.tasks.GroupDataset;
import dev.grokwatch.models.tasks.GroupTask;
import dev.grokwatch.models.tasks.SampledBatchIterator;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One training run of the {@code train} command: the task's split, the model, the spectral-entropy
 * listener (and the norm-matched control, the test-set probe's listener and the logit scale's, when asked
 * for), and a loop that fits one sampled minibatch per step until the stop rule or {@code --steps} ends it.
 *
 * <p>Construction builds everything and fails on settings that only the data can check (a probe
 * larger than the training split, a modulus the task does not allow) before any training is spent.
 */
public final class TrainingRun {

    private final TrainingConfig config;
    private final GroupDataset dataset;
    private final ComputationGraph model;
    private final SpectralEntropyListener entropy;
    /** Null without {@code --test-probe}. */
    private final SpectralEntropyListener testProbe;
    /** Null without {@code --logit-scale}. */
    private final LogitScaleListener logitScale;
    private final List<StopRule.Condition> stopConditions;
    private volatile boolean stopRequested;

    public TrainingRun(TrainingConfig config) {
        this.config = config;
        GroupTask task = config.groupTask();
        this.dataset = GroupDataset.split(task, config.trainFraction(), config.seed());
        if (config.probeSize() > dataset.trainSize()) {
            throw new IllegalArgumentException("--probe-size is " + config.probeSize() + " but the training split of "
                    + task.label() + " at --train-fraction " + config.trainFraction() + " holds only "
                    + dataset.trainSize() + " examples; expected a probe of at most " + dataset.trainSize());
        }
        if (config.testProbe() && config.probeSize() > dataset.testSize()) {
            throw new IllegalArgumentException("--test-probe draws --probe-size " + config.probeSize() + " examples from"
                    + " the test split of " + task.label() + " at --train-fraction " + config.trainFraction()
                    + ", which holds only " + dataset.testSize() + "; expected a probe of at most " + dataset.testSize());
        }
        this.model = config.model().builder(task)
                .seed(config.seed())
                .init(config.init())
                .learningRate(config.learningRate())
                .weightDecay(config.weightDecay())
                .mixing(config.mix())
                .build();
        INDArray probe = dataset.probe(config.probeSize(), config.seed());
        SpectralEntropyListener.Builder listener = entropyListener(probe);
        config.forecaster().ifPresent(listener::forecaster);
        if (config.modular() && task.order() >= 3) {
            int p = task.order();
            listener.fourierAlignment(m -> FourierAlignment.of(
                    GrokModelBuilder.tokenEmbeddings((ComputationGraph) m), p));
        }
        this.entropy = listener.build();
        // Its own generator over the test split: the probe, split and minibatch draws stay as they were.
        this.testProbe = config.testProbe()
                ? entropyListener(dataset.testProbe(config.probeSize(), config.seed())).build() : null;
        this.logitScale = config.logitScale() ? new LogitScaleListener(probe, config.evalEvery()) : null;
        this.stopConditions = config.stop().conditions(entropy, config.marginSteps());
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

    public GroupDataset dataset() {
        return dataset;
    }

    /** The model this run trains: initialised by construction, trained by {@link #execute}. */
    public ComputationGraph model() {
        return model;
    }

    /** The forecaster's most recent confident forecast of the grokking step; empty without a calibration. */
    public Optional<Forecast> latestConfidentForecast() {
        return entropy.latestConfidentForecast();
    }

    /** Ends the run after the step in progress (from another thread, e.g. a shutdown hook). */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Trains until one of the stop rule's termination conditions is met (its own, or a verdict on a run that
     * is not learning: see {@link StopRule#conditions}), {@code --steps} or {@link #requestStop()}; progress
     * goes to {@code display}.
     */
    public RunResult execute(ProgressDisplay display) {
        entropy.addEventListener(display::event);
        SampledBatchIterator batches = dataset.trainIterator(config.batchSize(), config.seed())
                .batchesPerEpoch(Integer.MAX_VALUE);
        // Steps that ran an evaluation are left out of ms/step: they time the listener, not training.
        double[] trainingStepMs = new double[config.steps()];
        int timed = 0;
        long start = System.nanoTime();
        long step = 0;
        StopReason reason = StopReason.MAX_STEPS;
        stopConditions.forEach(c -> c.condition().initialize());
        while (step < config.steps()) {
            if (stopRequested) {
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
            StopReason met = firstConditionMet();
            if (met != null) {
                reason = met;
                break;
            }
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        Double msPerStep = timed == 0 ? null : new Median().evaluate(Arrays.copyOf(trainingStepMs, timed));
        return new RunResult(entropy.history(), step, reason, wallSeconds, msPerStep,
                testProbe == null ? null : testProbe.history(), logitScale == null ? null : logitScale.points());
    }

    /** Whether the listener recorded an evaluation at this step. */
    private boolean evaluatedAt(long step) {
        return entropy.latest().map(EntropyRecord::step).filter(s -> s == step).isPresent();
    }

    /** The stop reason of the first termination condition met after this step, or null. */
    private StopReason firstConditionMet() {
        for (StopRule.Condition c : stopConditions) {
            if (c.condition().terminate(model.score())) {
                return c.reasonGiven(entropy);
            }
        }
        return null;
    }
}
