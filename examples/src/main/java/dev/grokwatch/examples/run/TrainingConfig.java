package dev.grokwatch.examples.run;

import dev.grokwatch.entropy.PhaseCriteria;
import dev.grokwatch.entropy.forecast.Calibration;
import dev.grokwatch.entropy.forecast.GrokForecaster;
import dev.grokwatch.models.Initialisation;
import dev.grokwatch.models.tasks.GroupTask;
import dev.grokwatch.models.tasks.TaskFamily;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Everything one training run needs, checked once: the values of the {@code train} options after
 * defaults have been resolved. Built by {@link #builder()}, which holds the defaults (the paper's
 * setting, arXiv 2604.13123, appendix A) and whose messages name the option a bad value came from;
 * {@link #toArguments()} gives it back as {@code train} options, for a run in another JVM.
 *
 * <p>H̃* has one owner per run: {@link #threshold()}, resolved once from {@code --threshold}, else the
 * calibration's, else the task's default. The listener's crossing, the forecaster and {@code summary.json}
 * all use it.
 */
public final class TrainingConfig {

    /** {@code --margin}'s default: one evaluation at the paper's interval, for test accuracy to settle. */
    public static final long DEFAULT_MARGIN_STEPS = 200;

    private final String task;
    private final int modulus;
    private final ModelKind model;
    private final Initialisation init;
    private final long seed;
    private final double trainFraction;
    private final int steps;
    private final int batchSize;
    private final double learningRate;
    private final double weightDecay;
    private final int evalEvery;
    private final int probeSize;
    private final boolean testProbe;
    private final boolean logitScale;
    private final double threshold;
    private final double mix;
    private final NormControlOption normControl;
    private final StopRule stop;
    private final Path out;
    private final Path calibrationFile;
    private final Calibration calibration;
    private final long marginSteps;

    private TrainingConfig(Builder b, double threshold, Path out) {
        this.task = b.task;
        this.modulus = b.modulus == null ? Builder.DEFAULT_MODULUS : b.modulus;
        this.model = b.model;
        this.init = b.init;
        this.seed = b.seed;
        this.trainFraction = b.trainFraction;
        this.steps = b.steps;
        this.batchSize = b.batchSize;
        this.learningRate = b.learningRate;
        this.weightDecay = b.weightDecay;
        this.evalEvery = b.evalEvery;
        this.probeSize = b.probeSize;
        this.testProbe = b.testProbe;
        this.logitScale = b.logitScale;
        this.threshold = threshold;
        this.mix = b.mix;
        this.normControl = b.normControl;
        this.stop = b.stop;
        this.out = out;
        this.calibrationFile = b.calibrationFile;
        this.calibration = b.calibration;
        this.marginSteps = b.marginSteps == null ? DEFAULT_MARGIN_STEPS : b.marginSteps;
    }

    /** A builder at the paper's setting: addition mod 97, the Transformer, seed 0, stop when grokked. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code add, sub, mul, div} or {@code s5}. */
    public String task() {
        return task;
    }

    /** p of the modular tasks; its default for {@code s5}, which has none. */
    public int modulus() {
        return modulus;
    }

    public ModelKind model() {
        return model;
    }

    /** How the model's parameters are drawn from the seed. */
    public Initialisation init() {
        return init;
    }

    /** Seeds the split, the probe, the minibatch sampler and the initialisation. */
    public long seed() {
        return seed;
    }

    /** Share of all pairs in the training split, in (0, 1). */
    public double trainFraction() {
        return trainFraction;
    }

    /** The most training steps (parameter updates). */
    public int steps() {
        return steps;
    }

    /** Minibatch size, sampled with replacement from the training split. */
    public int batchSize() {
        return batchSize;
    }

    /** AdamW step size. */
    public double learningRate() {
        return learningRate;
    }

    /** Decoupled weight decay λ. */
    public double weightDecay() {
        return weightDecay;
    }

    /** Listener evaluation interval in steps. */
    public int evalEvery() {
        return evalEvery;
    }

    /** Number of training examples whose representations give H̃. */
    public int probeSize() {
        return probeSize;
    }

    /**
     * Whether a second listener measures H̃ on {@link #probeSize()} examples of the test split at the same
     * evaluations (arXiv 2604.13123, appendix B), written to {@link RunFolder#TEST_PROBE_METRICS}.
     */
    public boolean testProbe() {
        return testProbe;
    }

    /**
     * Whether the logit scale (the mean over the probe of the largest output logit) is recorded at each evaluation,
     * written to {@link RunFolder#LOGIT_SCALE}.
     */
    public boolean logitScale() {
        return logitScale;
    }

    /** H̃*, this run's one threshold: the crossing's, the forecaster's and {@code summary.json}'s. */
    public double threshold() {
        return threshold;
    }

    /** Representation-mixing α during training; 0 is off. */
    public double mix() {
        return mix;
    }

    /** The norm-matched control as given, or {@code null} for none. */
    public NormControlOption normControl() {
        return normControl;
    }

    /** When to end before {@link #steps()}. */
    public StopRule stop() {
        return stop;
    }

    /** Folder for {@code metrics.csv}, {@code summary.json}, {@code entropy.png}; {@link #defaultOut} unless given. */
    public Path out() {
        return out;
    }

    /** The {@code calibration.json} that {@link #calibration()} was read from, or {@code null}. */
    public Path calibrationFile() {
        return calibrationFile;
    }

    /** What {@code calibrate} fitted, whose forecaster the listener runs; {@code null} for none. */
    public Calibration calibration() {
        return calibration;
    }

    /** Steps past the forecast that {@link StopRule#PREDICTED} waits before stopping. */
    public long marginSteps() {
        return marginSteps;
    }

    /** The task itself. */
    public GroupTask groupTask() {
        return GroupTask.named(task, modulus);
    }

    /** Whether the task is arithmetic mod p, whose token embeddings have a Fourier alignment. */
    public boolean modular() {
        return TaskFamily.named(task).hasModulus();
    }

    /**
     * The calibration's selected forecaster at this run's H̃* (the fitted power law or crossing lag with
     * {@link #threshold()} in place of the calibration's own), or empty without a calibration.
     */
    public Optional<GrokForecaster> forecaster() {
        if (calibration == null) {
            return Optional.empty();
        }
        return Optional.of(calibration.forecaster(calibration.method(), threshold));
    }

    /**
     * Steps after memorisation with no collapse onset before the run's phase turns {@code no_collapse}: the
     * calibration's horizon when it has one ({@code calibrate} given runs that never grokked), else the library's
     * default.
     */
    public long noCollapseSteps() {
        return calibration != null && calibration.noCollapseSteps() != null ? calibration.noCollapseSteps()
                : PhaseCriteria.DEFAULT_NO_COLLAPSE_STEPS;
    }

    /**
     * One line when {@code --threshold} and the calibration's H̃* disagree, naming both values and the one
     * used; empty when only one of them was given or they are equal.
     */
    public Optional<String> thresholdConflict() {
        if (calibration == null || calibration.threshold().mean() == threshold) {
            return Optional.empty();
        }
        return Optional.of("warning: --threshold " + threshold + " and the H̃* of --calibration " + calibrationFile
                + " (" + calibration.threshold().mean() + ") disagree; using --threshold " + threshold
                + " for the crossing, the forecast and summary.json");
    }

    /**
     * The {@code train} options that give this configuration back: {@code --task}, {@code --model},
     * {@code --seed} and {@code --mix} always, every other option whose value is not what it would be
     * without it (in {@code train --help}'s order), and {@code --out}.
     */
    public List<String> toArguments() {
        Builder defaults = new Builder();
        List<String> args = new ArrayList<>(List.of("--task", task, "--model", model.toString(),
                "--seed", Long.toString(seed), "--mix", Double.toString(mix)));
        addIf(args, modulus != Builder.DEFAULT_MODULUS, "--modulus", Integer.toString(modulus));
        addIf(args, trainFraction != defaults.trainFraction, "--train-fraction", Double.toString(trainFraction));
        addIf(args, init != defaults.init, "--init", init.toString());
        addIf(args, steps != defaults.steps, "--steps", Integer.toString(steps));
        addIf(args, batchSize != defaults.batchSize, "--batch", Integer.toString(batchSize));
        addIf(args, learningRate != defaults.learningRate, "--lr", Double.toString(learningRate));
        addIf(args, weightDecay != defaults.weightDecay, "--weight-decay", Double.toString(weightDecay));
        addIf(args, evalEvery != defaults.evalEvery, "--eval-every", Integer.toString(evalEvery));
        addIf(args, probeSize != defaults.probeSize, "--probe-size", Integer.toString(probeSize));
        if (testProbe) {
            args.add("--test-probe");
        }
        if (logitScale) {
            args.add("--logit-scale");
        }
        addIf(args, threshold != impliedThreshold(task, calibration), "--threshold", Double.toString(threshold));
        addIf(args, normControl != null, "--norm-control", normControl == null ? null : normControl.argument());
        addIf(args, stop != defaults.stop, "--stop", stop.toString());
        addIf(args, calibrationFile != null, "--calibration", String.valueOf(calibrationFile));
        addIf(args, marginSteps != DEFAULT_MARGIN_STEPS, "--margin", Long.toString(marginSteps));
        args.addAll(List.of("--out", out.toString()));
        return List.copyOf(args);
    }

    private static void addIf(List<String> args, boolean needed, String option, String value) {
        if (needed) {
            args.add(option);
            args.add(value);
        }
    }

    /** H̃* without {@code --threshold}: the calibration's, else the task's default. */
    private static double impliedThreshold(String task, Calibration calibration) {
        return calibration != null ? calibration.threshold().mean() : TaskFamily.named(task).defaultThreshold();
    }

    /**
     * The default {@code --out}: {@code runs/<task label>-<model>-seed<seed>}, e.g.
     * {@code runs/add97-transformer-seed0}, with {@code -mix<α>} and {@code -normctl} appended when
     * those interventions are on, {@code -torch} for {@link Initialisation#TORCH}, then each training setting
     * given another value than its default: {@code -batch<n>}, {@code -lr<η>}, {@code -wd<λ>}, {@code -eval<n>},
     * {@code -probe<n>} (e.g. {@code add97-transformer-seed0-lr1e-4}). No timestamp: a run's folder is found from
     * its settings, and running the same settings again replaces it; other settings go to another folder.
     */
    private static Path defaultOut(GroupTask task, Builder b) {
        Builder defaults = new Builder();
        StringBuilder name = new StringBuilder(task.label()).append('-').append(b.model).append("-seed").append(b.seed);
        if (b.mix > 0) {
            name.append("-mix").append(b.mix);
        }
        if (b.normControl != null) {
            name.append("-normctl");
        }
        if (b.init != Initialisation.DEFAULT) {
            name.append('-').append(b.init);
        }
        appendIf(name, b.batchSize != defaults.batchSize, "-batch" + b.batchSize);
        appendIf(name, b.learningRate != defaults.learningRate, "-lr" + shortNumber(b.learningRate));
        appendIf(name, b.weightDecay != defaults.weightDecay, "-wd" + shortNumber(b.weightDecay));
        appendIf(name, b.evalEvery != defaults.evalEvery, "-eval" + b.evalEvery);
        appendIf(name, b.probeSize != defaults.probeSize, "-probe" + b.probeSize);
        return Path.of("runs", name.toString());
    }

    private static void appendIf(StringBuilder name, boolean needed, String suffix) {
        if (needed) {
            name.append(suffix);
        }
    }

    /**
     * A setting's value as folder names and task labels show it: the shorter of its plain and its scientific
     * text, e.g. {@code 1e-4}, {@code 2.5e-4}, {@code 0.1}, {@code 0}, {@code 1}.
     */
    static String shortNumber(double value) {
        BigDecimal exact = BigDecimal.valueOf(value).stripTrailingZeros();
        String plain = exact.toPlainString();
        int exponent = exact.precision() - exact.scale() - 1;
        String scientific = exact.movePointLeft(exponent).toPlainString() + "e" + exponent;
        return scientific.length() < plain.length() ? scientific : plain;
    }

    private List<Object> values() {
        return Arrays.asList(task, modulus, model, init, seed, trainFraction, steps, batchSize, learningRate, weightDecay,
                evalEvery, probeSize, testProbe, logitScale, threshold, mix, normControl, stop, out, calibrationFile, calibration, marginSteps);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingConfig other && values().equals(other.values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }

    @Override
    public String toString() {
        return "TrainingConfig" + toArguments();
    }

    /**
     * Sets the options by name; every setter takes {@code null} for "not given", which leaves the default.
     * {@link #build()} checks the values together.
     */
    public static final class Builder {

        private static final int DEFAULT_MODULUS = 97;

        private String task = "add";
        /** Null when not given: a task without a modulus refuses one, the modular tasks use {@value #DEFAULT_MODULUS}. */
        private Integer modulus;
        private ModelKind model = ModelKind.TRANSFORMER;
        private Initialisation init = Initialisation.DEFAULT;
        private long seed = 0;
        private double trainFraction = 0.3;
        private int steps = 50_000;
        private int batchSize = 512;
        private double learningRate = 1e-3;
        private double weightDecay = 1.0;
        private int evalEvery = 200;
        private int probeSize = 512;
        private boolean testProbe;
        private boolean logitScale;
        /** Null when not given: the calibration's H̃*, else the task's default. */
        private Double threshold;
        private double mix = 0;
        private NormControlOption normControl;
        private StopRule stop = StopRule.GROKKED;
        private Path out;
        private Path calibrationFile;
        private Calibration calibration;
        /** Null when not given: only {@link StopRule#PREDICTED} takes a margin. */
        private Long marginSteps;

        private Builder() {
        }

        /** {@code --task}: {@code add, sub, mul, div} or {@code s5}; default {@code add}. */
        public Builder task(String task) {
            this.task = task != null ? task : this.task;
            return this;
        }

        /** {@code --modulus}: p of the modular tasks (div needs a prime); default 97; refused by {@code s5}. */
        public Builder modulus(Integer modulus) {
            this.modulus = modulus;
            return this;
        }

        /** {@code --model}; default the Transformer. */
        public Builder model(ModelKind model) {
            this.model = model != null ? model : this.model;
            return this;
        }

        /** {@code --init}; default {@link Initialisation#DEFAULT}. */
        public Builder init(Initialisation init) {
            this.init = init != null ? init : this.init;
            return this;
        }

        /** {@code --seed}; default 0. */
        public Builder seed(Long seed) {
            this.seed = seed != null ? seed : this.seed;
            return this;
        }

        /** {@code --train-fraction}, in (0, 1); default 0.3. */
        public Builder trainFraction(Double trainFraction) {
            this.trainFraction = trainFraction != null ? trainFraction : this.trainFraction;
            return this;
        }

        /** {@code --steps}, at least 1; default 50,000. */
        public Builder steps(Integer steps) {
            this.steps = steps != null ? steps : this.steps;
            return this;
        }

        /** {@code --batch}, at least 1; default 512. */
        public Builder batchSize(Integer batchSize) {
            this.batchSize = batchSize != null ? batchSize : this.batchSize;
            return this;
        }

        /** {@code --lr}, finite and &gt; 0; default 1e-3. */
        public Builder learningRate(Double learningRate) {
            this.learningRate = learningRate != null ? learningRate : this.learningRate;
            return this;
        }

        /** {@code --weight-decay}, finite and &gt;= 0; default 1.0. */
        public Builder weightDecay(Double weightDecay) {
            this.weightDecay = weightDecay != null ? weightDecay : this.weightDecay;
            return this;
        }

        /** {@code --eval-every}, in [1, steps]; default 200. */
        public Builder evalEvery(Integer evalEvery) {
            this.evalEvery = evalEvery != null ? evalEvery : this.evalEvery;
            return this;
        }

        /** {@code --probe-size}, at least 2; default 512. */
        public Builder probeSize(Integer probeSize) {
            this.probeSize = probeSize != null ? probeSize : this.probeSize;
            return this;
        }

        /** {@code --test-probe}: also measure H̃ on a probe from the test split; default off. */
        public Builder testProbe(boolean testProbe) {
            this.testProbe = testProbe;
            return this;
        }

        /** {@code --logit-scale}: also record the mean largest logit on the probe; default off. */
        public Builder logitScale(boolean logitScale) {
            this.logitScale = logitScale;
            return this;
        }

        /** {@code --threshold} H̃*, in (0, 1); default the calibration's, else the task's. */
        public Builder threshold(Double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** {@code --mix} α, in [0, 1]; default 0 (off). */
        public Builder mix(Double mix) {
            this.mix = mix != null ? mix : this.mix;
            return this;
        }

        /** {@code --norm-control}; default none. */
        public Builder normControl(NormControlOption normControl) {
            this.normControl = normControl;
            return this;
        }

        /** {@code --stop}; default {@link StopRule#GROKKED}. */
        public Builder stop(StopRule stop) {
            this.stop = stop != null ? stop : this.stop;
            return this;
        }

        /** {@code --out}; default {@link #defaultOut}. */
        public Builder out(Path out) {
            this.out = out;
            return this;
        }

        /** {@code --calibration}: the file and what was read from it, both or neither; default none. */
        public Builder calibration(Path file, Calibration calibration) {
            if ((file == null) != (calibration == null)) {
                throw new IllegalArgumentException("--calibration needs both the file (" + file + ") and the"
                        + " calibration read from it (" + (calibration == null ? null : calibration.task())
                        + "); expected both or neither");
            }
            this.calibrationFile = file;
            this.calibration = calibration;
            return this;
        }

        /** {@code --margin}, at least 0, with {@link StopRule#PREDICTED} only; default {@value TrainingConfig#DEFAULT_MARGIN_STEPS}. */
        public Builder marginSteps(Long marginSteps) {
            this.marginSteps = marginSteps;
            return this;
        }

        /**
         * The checked configuration.
         *
         * @throws IllegalArgumentException naming the option and the value expected, on a value out of range
         *                                  or options that do not go together
         */
        public TrainingConfig build() {
            if (!TaskFamily.shortNames().contains(task)) {
                throw new IllegalArgumentException("--task " + task + " is not a task; expected one of "
                        + String.join(", ", TaskFamily.shortNames()));
            }
            if (!TaskFamily.named(task).hasModulus() && modulus != null) {
                List<String> modular = Arrays.stream(TaskFamily.values()).filter(TaskFamily::hasModulus)
                        .map(TaskFamily::shortName).toList();
                throw new IllegalArgumentException("--modulus applies to "
                        + String.join(", ", modular.subList(0, modular.size() - 1)) + " and "
                        + modular.get(modular.size() - 1) + "; " + task + " has no modulus");
            }
            if (marginSteps != null && stop != StopRule.PREDICTED) {
                throw new IllegalArgumentException("--margin applies to --stop predicted; the stop rule is " + stop);
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
            double h = threshold != null ? threshold : impliedThreshold(task, calibration);
            require(h > 0 && h < 1, "--threshold", h, "a value in (0, 1)");
            require(mix >= 0 && mix <= 1, "--mix", mix, "a value in [0, 1]");
            require(marginSteps == null || marginSteps >= 0, "--margin", marginSteps, "at least 0");
            if (model.sameDiff()) {
                refuseForSameDiff(mix > 0, "--mix " + mix, "representation mixing is a training-only term of GrokMlp's"
                        + " DL4J output layer", "--model mlp for mixing, or no --mix");
                refuseForSameDiff(normControl != null, "--norm-control", "the norm-matched control rescales a DL4J"
                        + " model's parameters from a DL4J training listener", "--model mlp for the control");
                refuseForSameDiff(logitScale, "--logit-scale", "the logit scale is recorded by a DL4J training"
                        + " listener reading GrokMlp's output layer", "--model mlp for the recording");
            }
            if (stop == StopRule.PREDICTED && calibration == null) {
                throw new IllegalArgumentException("--stop predicted needs --calibration FILE: the forecast it stops on "
                        + "comes from a calibration.json written by grokwatch calibrate");
            }
            GroupTask checked;
            int p = modulus == null ? DEFAULT_MODULUS : modulus;
            try {
                checked = GroupTask.named(task, p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--task " + task + " --modulus " + p + ": " + e.getMessage(), e);
            }
            return new TrainingConfig(this, h, out != null ? out
                    : defaultOut(checked, this));
        }

        /** An option the SameDiff graph cannot honour, refused before anything is built. */
        private void refuseForSameDiff(boolean given, String option, String why, String instead) {
            if (given) {
                throw new IllegalArgumentException(option + " is not available with --model " + model + ": " + why
                        + ". Expected " + instead + " (--model " + model + " takes every other option, --test-probe"
                        + " included)");
            }
        }

        private static void require(boolean ok, String option, Object value, String expected) {
            if (!ok) {
                throw new IllegalArgumentException(option + " is " + value + "; expected " + expected);
            }
        }
    }
}
