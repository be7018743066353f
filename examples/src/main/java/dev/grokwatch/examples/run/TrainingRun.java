package dev.grokwatch.examples.run;

import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.examples.cli.ProgressDisplay;
import dev.grokwatch.models.tasks.GroupDataset;
import dev.grokwatch.models.tasks.GroupTask;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Optional;

/**
 * One training run of the {@code train} command: the task's split, the probe, the model with its spectral-entropy
 * listener (and the norm-matched control, the test-set probe's listener and the logit scale's, when asked for),
 * and a loop that fits one sampled minibatch per step until the stop rule or {@code --steps} ends it. The model
 * is a DL4J {@code ComputationGraph} ({@link GraphTrainer}) or, for {@code --model mlp-samediff}, a SameDiff graph
 * ({@link SameDiffTrainer}); the stop rule's conditions and the outputs are the same for both.
 *
 * <p>Construction builds everything and fails on settings that only the data can check (a probe
 * larger than the training split, a modulus the task does not allow) before any training is spent.
 */
public final class TrainingRun {

    private final GroupDataset dataset;
    private final RunTrainer trainer;
    private final List<StopRule.Condition> stopConditions;
    private volatile boolean stopRequested;

    public TrainingRun(TrainingConfig config) {
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
        INDArray probe = dataset.probe(config.probeSize(), config.seed());
        // Its own generator over the test split: the probe, split and minibatch draws stay as they were.
        INDArray testProbe = config.testProbe() ? dataset.testProbe(config.probeSize(), config.seed()) : null;
        this.trainer = config.model().sameDiff() ? new SameDiffTrainer(config, dataset, probe, testProbe)
                : new GraphTrainer(config, dataset, probe, testProbe);
        this.stopConditions = config.stop().conditions(trainer.entropy(), config.marginSteps());
    }

    public GroupDataset dataset() {
        return dataset;
    }

    /**
     * The DL4J model this run trains: initialised by construction, trained by {@link #execute}.
     *
     * @throws IllegalStateException for {@code --model mlp-samediff}, whose graph {@link #sameDiff()} gives
     */
    public ComputationGraph model() {
        if (trainer instanceof GraphTrainer graph) {
            return graph.model();
        }
        throw new IllegalStateException("this run trains a SameDiff graph (--model mlp-samediff); expected sameDiff()"
                + " to read it");
    }

    /**
     * The SameDiff graph this run trains ({@code --model mlp-samediff}).
     *
     * @throws IllegalStateException for the DL4J models, whose graph {@link #model()} gives
     */
    public SameDiff sameDiff() {
        if (trainer instanceof SameDiffTrainer sameDiff) {
            return sameDiff.graph();
        }
        throw new IllegalStateException("this run trains a DL4J ComputationGraph; expected model() to read it");
    }

    /** The forecaster's most recent confident forecast of the grokking step; empty without a calibration. */
    public Optional<Forecast> latestConfidentForecast() {
        return trainer.entropy().latestConfidentForecast();
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
        long start = System.nanoTime();
        RunTrainer.Trained trained = trainer.train(display, stopConditions, () -> stopRequested);
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        // Steps that ran an evaluation are left out of ms/step: they time the listener, not training.
        Double msPerStep = trained.stepMs().length == 0 ? null : new Median().evaluate(trained.stepMs());
        return new RunResult(trainer.entropy().history(), trained.steps(), trained.reason(), wallSeconds, msPerStep,
                trainer.testProbeHistory(), trainer.logitScale());
    }
}
