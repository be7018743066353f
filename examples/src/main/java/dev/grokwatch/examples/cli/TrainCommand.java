package dev.grokwatch.examples.cli;

import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.entropy.forecast.Calibration;
import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.examples.report.EntropyPlot;
import dev.grokwatch.examples.run.LogitScaleCsv;
import dev.grokwatch.examples.run.ModelKind;
import dev.grokwatch.examples.run.NativeThreads;
import dev.grokwatch.examples.run.NormControlOption;
import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunResult;
import dev.grokwatch.examples.run.RunSummary;
import dev.grokwatch.examples.run.StopReason;
import dev.grokwatch.examples.run.StopRule;
import dev.grokwatch.examples.run.TrainingConfig;
import dev.grokwatch.examples.run.TrainingRun;
import dev.grokwatch.models.Initialisation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code grokwatch train}: one training run with the spectral-entropy listener attached (issue 3).
 * Reads the options, builds a {@link TrainingRun}, shows its progress, and writes
 * {@code metrics.csv}, {@code summary.json} and {@code entropy.png} to {@code --out}.
 */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Trains one model on one group task with the spectral-entropy listener attached, shows its progress "
                        + "(step, loss, train/test accuracy, H̃, phase), and writes metrics.csv, summary.json and "
                        + "entropy.png to --out.",
                "The defaults are the paper's setting (arXiv 2604.13123, appendix A): addition mod 97, 30%% of the pairs for "
                        + "training, the 1-layer Transformer, AdamW (lr 1e-3, weight decay 1.0), batches of 512, an "
                        + "evaluation every 200 steps on a probe of 512 training examples, up to 50,000 steps, "
                        + "stopping once test accuracy reaches 0.99."},
        footer = {"",
                "Example: grokwatch train --task s5 --train-fraction 0.5 --seed 1",
                "Ctrl-C ends the run after the current step and still writes the outputs (stop_reason \"interrupted\")."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    // No option has a picocli default: one not given stays null and TrainingConfig.Builder, the one owner of
    // the defaults, fills it in. The help states each default; TrainOptionsTest holds it to the builder's.

    @Option(names = "--task", paramLabel = "TASK", converter = TaskNameConverter.class,
            description = "Group task: add, sub, mul, div (arithmetic mod --modulus; div needs a prime modulus) "
                    + "or s5 (composition in the symmetric group S5, 120 elements). Default: add.")
    private String task;

    @Option(names = "--modulus", paramLabel = "P",
            description = "Modulus p of add, sub, mul and div; not used by s5. Default: 97.")
    private Integer modulus;

    @Option(names = "--train-fraction", paramLabel = "F",
            description = "Share of all pairs (a, b) in the training split, in (0, 1); the rest is the test split. "
                    + "Default: 0.3 (S5 groks at about 0.5).")
    private Double trainFraction;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "Architecture: ${COMPLETION-CANDIDATES}. The 1-layer Transformer, the MLP baseline (the paper's "
                    + "MLP never grokked; ours did, on addition mod 97, seed 0, at step 8,400), or that MLP written as a "
                    + "SameDiff graph and watched by the SameDiff listener (mlp-samediff: the same initial weights, "
                    + "optimiser and outputs; not with --mix, --norm-control or --logit-scale). Default: transformer.")
    private ModelKind model;

    @Option(names = "--init", paramLabel = "INIT",
            description = "Parameter initialisation: ${COMPLETION-CANDIDATES}. default: weights N(0, 1/fan_in), "
                    + "embeddings N(0, 1/width), biases 0; torch: PyTorch's defaults, the paper's (embeddings N(0, 1), "
                    + "linear weights and biases U(-1/sqrt(fan_in), 1/sqrt(fan_in))); the paper's runs grokked at step "
                    + "14,360 on average, default's at 6,520 (10 seeds here). Default: default.")
    private Initialisation init;

    @Option(names = "--seed", paramLabel = "SEED",
            description = "Seeds the train/test split, the probe, the minibatch sampler and the initialisation. "
                    + "Default: 0.")
    private Long seed;

    @Option(names = "--steps", paramLabel = "N",
            description = "The most training steps (parameter updates); --stop may end the run sooner. "
                    + "Default: 50000.")
    private Integer steps;

    @Option(names = "--batch", paramLabel = "B",
            description = "Minibatch size, sampled with replacement from the training split. Default: 512.")
    private Integer batch;

    @Option(names = "--lr", paramLabel = "LR",
            description = "AdamW learning rate (betas 0.9, 0.98). Default: 1e-3.")
    private Double learningRate;

    @Option(names = "--weight-decay", paramLabel = "LAMBDA",
            description = "Decoupled weight decay on every parameter. Default: 1.0.")
    private Double weightDecay;

    @Option(names = "--eval-every", paramLabel = "N",
            description = "Steps between evaluations of H̃, accuracies and phase; every step figure in the outputs "
                    + "has this granularity. Default: 200.")
    private Integer evalEvery;

    @Option(names = "--probe-size", paramLabel = "N",
            description = "Training examples whose representations give H̃; keep it above the representation width "
                    + "(128), or the covariance is rank-deficient. Default: 512.")
    private Integer probeSize;

    @Option(names = "--test-probe",
            description = "Also measure H̃ on a probe of --probe-size examples from the test split, with a second "
                    + "listener on the same layer at the same evaluations (arXiv 2604.13123, appendix B), and write "
                    + "its curve to " + RunFolder.TEST_PROBE_METRICS + " (the columns of metrics.csv). The run itself "
                    + "is unchanged. Default: off.")
    private boolean testProbe;

    @Option(names = "--logit-scale",
            description = "Also record, at each evaluation, the mean over the probe of the largest output logit "
                    + "(before the softmax), to " + RunFolder.LOGIT_SCALE + " (columns step, max_logit_mean): the "
                    + "logit scale, which holding the norm down may also shrink. The run itself is unchanged. "
                    + "Default: off.")
    private boolean logitScale;

    @Option(names = "--threshold", paramLabel = "H",
            description = "Threshold H̃* whose crossing forecasts grokking. Default per task, from the paper "
                    + "(arXiv 2604.13123, §9, Table 3): add 0.61, sub 0.589, mul 0.589, s5 0.655; div 0.6, not calibrated.")
    private Double threshold;

    @Option(names = "--mix", arity = "0..1", fallbackValue = "0.3", paramLabel = "ALPHA",
            description = "Representation mixing during training (arXiv 2604.13123, §6): h' = (1 - ALPHA) h + ALPHA h of the "
                    + "next example in the batch, loss averaged over both. --mix alone uses ALPHA = ${FALLBACK-VALUE}. "
                    + "Default: 0 (off).")
    private Double mix;

    @Option(names = "--norm-control", paramLabel = "CONSTANT|METRICS_CSV", converter = NormControlConverter.class,
            description = "Norm-matched control: after every update, rescale all parameters to a global L2 norm of "
                    + "CONSTANT, or to the param_norm trajectory of a baseline run's metrics.csv. Default: off.")
    private NormControlOption normControl;

    @Option(names = "--stop", paramLabel = "RULE",
            description = "When to end before --steps: ${COMPLETION-CANDIDATES}. grokked: test accuracy >= 0.99; "
                    + "crossed: H̃ comes down through --threshold after memorisation and the collapse onset; none: "
                    + "run all --steps; predicted: once the step has passed the --calibration forecast of the "
                    + "grokking step by --margin and test accuracy is >= 0.99. Every rule but none also ends a run "
                    + "whose numbers diverge to NaN/Inf (stop_reason diverged) or whose training accuracy is still "
                    + "below 0.99 at step 10,000 (not_memorising). Default: grokked.")
    private StopRule stop;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "A calibration.json written by grokwatch calibrate: its H̃* becomes the threshold (unless "
                    + "--threshold is given) and its forecaster predicts the grokking step at each evaluation "
                    + "(metrics.csv's predicted_grok_step, the progress display). Default: none.")
    private Path calibrationFile;

    @Option(names = "--margin", paramLabel = "STEPS",
            description = "With --stop predicted: steps past the forecast grokking step to wait before stopping, "
                    + "for test accuracy to settle. Default: " + TrainingConfig.DEFAULT_MARGIN_STEPS + ".")
    private Long margin;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for metrics.csv, summary.json and entropy.png, created if needed; files of an "
                    + "earlier run there are replaced. Default: runs/<task><modulus>-<model>-seed<seed>, e.g. "
                    + "runs/add97-transformer-seed0 (runs/s5-... for s5), with -mix<ALPHA>, -normctl and -torch "
                    + "appended when those are on, then -batch<N>, -lr<LR>, -wd<LAMBDA>, -eval<N> and -probe<N> for "
                    + "each of those settings not at its default (e.g. runs/add97-transformer-seed0-lr1e-4).")
    private Path out;

    @Mixin
    private ThreadsOption threads;

    @Override
    public Integer call() {
        NativeThreads.Choice nativeThreads = threads.choose();
        TrainingConfig config = config();
        config.thresholdConflict().ifPresent(spec.commandLine().getErr()::println);
        if (Files.exists(config.out()) && !Files.isDirectory(config.out())) {
            throw new ParameterException(spec.commandLine(), "--out " + config.out() + " is a file; expected a folder"
                    + " for metrics.csv, summary.json and entropy.png (created when missing)");
        }
        // Before the first ND4J operation, on this thread, which trains.
        NativeThreads.apply(nativeThreads.threads());
        TrainingRun run;
        try {
            run = new TrainingRun(config);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        createFolder(config.out());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "grokwatch train: %s (%,d training pairs, %,d test), %s%s, seed %d, up to %,d steps, "
                        + "stop: %s, H̃* = %.4f; %s%n", run.dataset().task().label(), run.dataset().trainSize(),
                run.dataset().testSize(), config.model(),
                config.init() == Initialisation.DEFAULT ? "" : ", " + config.init() + " init", config.seed(),
                config.steps(), config.stop(), config.threshold(), nativeThreads.describe());
        if (config.calibration() != null) {
            describeCalibration(stdout, config);
        }
        stdout.flush();

        // Ctrl-C: finish the step in progress, write what was measured, then let the JVM exit.
        CountDownLatch written = new CountDownLatch(1);
        Thread onShutdown = new Thread(() -> {
            run.requestStop();
            awaitQuietly(written);
        }, "grokwatch-train-shutdown");
        Runtime.getRuntime().addShutdownHook(onShutdown);
        try {
            RunResult result;
            try (ProgressDisplay display = ProgressDisplay.forConsole(run.dataset().task().label(), config.steps(),
                    spec.commandLine().getErr())) {
                result = run.execute(display);
            }
            RunSummary summary = RunSummary.of(config, result);
            MetricsCsv.write(result.history(), config.out().resolve(RunFolder.METRICS));
            summary.write(config.out().resolve(RunFolder.SUMMARY));
            EntropyPlot.write(summary.headline(), result.history(), config.threshold(),
                    config.out().resolve(RunFolder.PLOT));
            List<String> recordings = writeRecordings(config.out(), result);
            stdout.println(summary.describe());
            if (config.stop() == StopRule.PREDICTED) {
                stdout.println(forecastStop(config, summary, run.latestConfidentForecast()));
            }
            stdout.println("  wrote " + config.out().resolve(RunFolder.METRICS) + ", " + RunFolder.SUMMARY + ", "
                    + RunFolder.PLOT + recordings.stream().map(name -> ", " + name).collect(Collectors.joining()));
            stdout.flush();
        } finally {
            written.countDown();
            removeHook(onShutdown);
        }
        return 0;
    }

    /**
     * Writes the recordings asked for ({@code --test-probe}, {@code --logit-scale}) into {@code out} and removes an
     * earlier run's that this run did not make, so the folder describes one run; the names of the files written.
     */
    private static List<String> writeRecordings(Path out, RunResult result) {
        List<String> written = new ArrayList<>();
        Path testProbe = out.resolve(RunFolder.TEST_PROBE_METRICS);
        if (result.testProbeHistory() != null) {
            MetricsCsv.write(result.testProbeHistory(), testProbe);
            written.add(RunFolder.TEST_PROBE_METRICS);
        } else {
            deleteIfExists(testProbe);
        }
        Path logitScale = out.resolve(RunFolder.LOGIT_SCALE);
        if (result.logitScale() != null) {
            LogitScaleCsv.write(result.logitScale(), logitScale);
            written.add(RunFolder.LOGIT_SCALE);
        } else {
            deleteIfExists(logitScale);
        }
        return written;
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove " + file + ", an earlier run's recording that this run"
                    + " does not replace; expected a writable --out folder", e);
        }
    }

    /** The options as a checked configuration; a bad value is a usage error naming its option. */
    TrainingConfig config() {
        try {
            return builder().build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /**
     * The options given, the calibration read; those not given are left to the builder's defaults.
     *
     * @throws IllegalArgumentException when the calibration file cannot be read, naming it
     */
    public TrainingConfig.Builder builder() {
        Calibration calibration = calibrationFile == null ? null : readCalibration(calibrationFile);
        return TrainingConfig.builder().task(task).modulus(modulus).model(model).init(init).seed(seed)
                .trainFraction(trainFraction)
                .steps(steps).batchSize(batch).learningRate(learningRate).weightDecay(weightDecay).evalEvery(evalEvery)
                .probeSize(probeSize).testProbe(testProbe).logitScale(logitScale).threshold(threshold).mix(mix).normControl(normControl).stop(stop).out(out)
                .calibration(calibrationFile, calibration).marginSteps(margin);
    }

    /** Which calibration forecasts, and a note when it was fitted on runs of another setting. */
    private void describeCalibration(PrintWriter stdout, TrainingConfig config) {
        Calibration c = config.calibration();
        stdout.printf(Locale.ROOT, "  forecast: %s from %s (%s, H̃* = %.4f, %d runs)%s%n", c.method().label(),
                calibrationFile, c.task(), c.threshold().mean(), c.runs().size(),
                config.stop() == StopRule.PREDICTED
                        ? String.format(Locale.ROOT, "; stops %,d steps after the forecast once grokked",
                        config.marginSteps()) : "");
        String thisRun = RunSummary.taskLabel(config);
        if (!thisRun.equals(c.task())) {
            stdout.println("  note: the calibration was fitted on " + c.task() + ", this run is " + thisRun
                    + "; its H̃* and timescale may not carry over");
        }
    }

    /** What stopping on the forecast saved: steps against the --steps budget, and the accuracy kept. */
    private static String forecastStop(TrainingConfig config, RunSummary summary, Optional<Forecast> forecast) {
        String accuracy = summary.finalTestAcc() == null ? "-"
                : String.format(Locale.ROOT, "%.4f", summary.finalTestAcc());
        String predicted = forecast.map(f -> String.format(Locale.ROOT, "forecast grokking step %,d (%s, made at "
                + "step %,d)", f.predictedGrokStep(), f.method(), f.step())).orElse("no confident forecast");
        if (!StopReason.PREDICTED_GROK.toString().equals(summary.stopReason())) {
            return String.format(Locale.ROOT, "  --stop predicted did not stop the run (%s; %s); final test accuracy %s",
                    summary.stopReason(), predicted, accuracy);
        }
        long saved = config.steps() - summary.stepsRun();
        return String.format(Locale.ROOT, "  stopped on the forecast at step %,d: %s, margin %,d; saved %,d of "
                        + "%,d steps (%.1f%%) with final test accuracy %s", summary.stepsRun(), predicted,
                config.marginSteps(), saved, config.steps(), 100.0 * saved / config.steps(), accuracy);
    }

    private static Calibration readCalibration(Path file) {
        try {
            return Calibration.read(file);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new IllegalArgumentException("--calibration " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the output folder " + folder
                    + " (--out); expected a writable path", e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running and waits for the outputs just written
        }
    }
}
