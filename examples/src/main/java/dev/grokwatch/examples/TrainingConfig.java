package dev.grokwatch.examples;

import dev.grokwatch.entropy.forecast.Calibration;
import dev.grokwatch.models.interventions.NormMatchedControl;
import dev.grokwatch.models.tasks.GroupTask;
import dev.grokwatch.models.tasks.TaskFamily;

import java.nio.file.Path;

/**
 * Everything one training run needs, checked once: the values of the {@code train} options after
 * defaults have been resolved. Messages name the option a bad value came from.
 *
 * @param task          {@code add, sub, mul, div} or {@code s5}
 * @param modulus       p of the modular tasks; ignored by {@code s5}
 * @param model         the architecture
 * @param seed          seeds the split, the probe, the minibatch sampler and the initialisation
 * @param trainFraction share of all pairs in the training split, in (0, 1)
 * @param steps         the most training steps (parameter updates)
 * @param batchSize     minibatch size, sampled with replacement from the training split
 * @param learningRate  AdamW step size
 * @param weightDecay   decoupled weight decay λ
 * @param evalEvery     listener evaluation interval in steps
 * @param probeSize     number of training examples whose representations give H̃
 * @param threshold     H̃*, the task threshold
 * @param mix           representation-mixing α during training; 0 is off
 * @param normControl   the norm-matched control, or {@code null} for none
 * @param stop          when to end before {@code steps}
 * @param out           folder for {@code metrics.csv}, {@code summary.json}, {@code entropy.png};
 *                      {@code null} gives {@link #defaultOut}
 * @param calibration   what {@code calibrate} fitted, whose forecaster the listener runs; {@code null} for none
 * @param marginSteps   steps past the forecast that {@link StopRule#PREDICTED} waits before stopping
 */
public record TrainingConfig(String task, int modulus, ModelKind model, long seed, double trainFraction, int steps,
                             int batchSize, double learningRate, double weightDecay, int evalEvery, int probeSize,
                             double threshold, double mix, NormMatchedControl normControl, StopRule stop, Path out,
                             Calibration calibration, long marginSteps) {

    /** {@code --margin}'s default: one evaluation at the paper's interval, for test accuracy to settle. */
    public static final long DEFAULT_MARGIN_STEPS = 200;

    public TrainingConfig {
        if (task == null || !GroupTask.names().contains(task)) {
            throw new IllegalArgumentException("--task " + task + " is not a task; expected one of "
                    + String.join(", ", GroupTask.names()));
        }
        if (model == null || stop == null) {
            throw new IllegalArgumentException("model and stop rule are required");
        }
        require(trainFraction > 0 && trainFraction < 1, "--train-fraction", trainFraction, "a value in (0, 1)");
        require(steps >= 1, "--steps", steps, "at least 1");
        require(batchSize >= 1, "--batch", batchSize, "at least 1");
        require(learningRate > 0 && Double.isFinite(learningRate), "--lr", learningRate, "a finite number > 0");
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "--weight-decay", weightDecay,
                "a finite number >= 0");
        require(evalEvery >= 1 && evalEvery <= steps, "--eval-every", evalEvery,
                "a value in [1, --steps = " + steps + "] so that the run is evaluated at least once");
        require(probeSize >= 2, "--probe-size", probeSize, "at least 2 (a covariance needs two rows)");
        require(threshold > 0 && threshold < 1, "--threshold", threshold, "a value in (0, 1)");
        require(mix >= 0 && mix <= 1, "--mix", mix, "a value in [0, 1]");
        require(marginSteps >= 0, "--margin", marginSteps, "at least 0");
        if (stop == StopRule.PREDICTED && calibration == null) {
            throw new IllegalArgumentException("--stop predicted needs --calibration FILE: the forecast it stops on "
                    + "comes from a calibration.json written by grokwatch calibrate");
        }
        GroupTask checked = groupTask(task, modulus);
        if (out == null) {
            out = defaultOut(checked, model, seed, mix, normControl != null);
        }
    }

    /** A run without a calibration, the forecast stop's margin at its default. */
    public TrainingConfig(String task, int modulus, ModelKind model, long seed, double trainFraction, int steps,
                          int batchSize, double learningRate, double weightDecay, int evalEvery, int probeSize,
                          double threshold, double mix, NormMatchedControl normControl, StopRule stop, Path out) {
        this(task, modulus, model, seed, trainFraction, steps, batchSize, learningRate, weightDecay, evalEvery,
                probeSize, threshold, mix, normControl, stop, out, null, DEFAULT_MARGIN_STEPS);
    }

    private static void require(boolean ok, String option, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(option + " is " + value + "; expected " + expected);
        }
    }

    /** The task itself; fails, naming the options, on a modulus the task does not allow. */
    public GroupTask groupTask() {
        return groupTask(task, modulus);
    }

    private static GroupTask groupTask(String task, int modulus) {
        try {
            return GroupTask.named(task, modulus);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--task " + task + " --modulus " + modulus + ": " + e.getMessage(), e);
        }
    }

    /** Whether the task is arithmetic mod p, whose token embeddings have a Fourier alignment. */
    public boolean modular() {
        return TaskFamily.named(task).hasModulus();
    }

    /**
     * The default {@code --out}: {@code runs/<task label>-<model>-seed<seed>}, e.g.
     * {@code runs/add97-transformer-seed0}, with {@code -mix<α>} and {@code -normctl} appended when
     * those interventions are on. No timestamp: a run's folder is found from its settings, and running
     * the same settings again replaces it.
     */
    public static Path defaultOut(GroupTask task, ModelKind model, long seed, double mix, boolean normControl) {
        StringBuilder name = new StringBuilder(task.label()).append('-').append(model).append("-seed").append(seed);
        if (mix > 0) {
            name.append("-mix").append(mix);
        }
        if (normControl) {
            name.append("-normctl");
        }
        return Path.of("runs", name.toString());
    }
}
