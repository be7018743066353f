package dev.grokwatch.examples.sweep;

import dev.grokwatch.examples.GrokwatchCli;
import dev.grokwatch.examples.cli.TaskNameConverter;
import dev.grokwatch.examples.cli.ThreadsOption;
import dev.grokwatch.examples.cli.TrainCommand;
import dev.grokwatch.examples.run.ModelKind;
import dev.grokwatch.examples.run.NativeThreads;
import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code grokwatch sweep}: the grid tasks × models × mixing × seeds, one {@code train} run per cell in
 * its own child JVM and folder under {@code --out}, {@code --jobs} at a time; then {@code sweep.csv}.
 */
@Command(name = "sweep",
        mixinStandardHelpOptions = true,
        header = "Trains a grid of runs (tasks x models x mixing x seeds) in parallel and tabulates them in sweep.csv.",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Trains every combination of --tasks, --models, --mix and --seeds, one run per folder under --out "
                        + "(named as train names them, e.g. add97-transformer-seed3), --jobs runs at a time, each in "
                        + "its own JVM with --threads native threads and its output in the folder's train.log.",
                "Runs whose summary.json exists are skipped (unless its stop_reason is interrupted), so a stopped "
                        + "sweep resumes where it was; a run that fails does not stop the others and is listed at the "
                        + "end with its log. Finally writes sweep.csv: one row per finished run, the fields of its "
                        + "summary.json.",
                "With --master, every run is a task of Apache Spark instead, its folder's files sent back here "
                        + "(the jar " + MasterOption.SPARK_JAR + ")."},
        footer = {"",
                "Every other option of train (--steps, --train-fraction, --modulus, --stop, --eval-every, ...) is "
                        + "passed to each run; see grokwatch train --help.",
                "Example: grokwatch sweep --tasks add,sub,mul,s5 --seeds 0-9 --models transformer,mlp --mix 0,0.3 "
                        + "--steps 30000"})
public final class SweepCommand implements Callable<Integer> {

    /** train's options that the grid sets; passing them through would contradict it. */
    private static final List<String> GRID_OPTIONS = List.of("--task", "--seed", "--model", "--mix", "--out");

    @Spec
    private CommandSpec spec;

    @Option(names = "--tasks", split = ",", defaultValue = "add", paramLabel = "TASK",
            converter = TaskNameConverter.class,
            description = "Comma-separated tasks: add, sub, mul, div, s5. Default: ${DEFAULT-VALUE}.")
    private List<String> tasks;

    @Option(names = "--seeds", split = ",", defaultValue = "0-9", paramLabel = "SEEDS",
            converter = SeedRange.Converter.class,
            description = "Comma-separated seeds and inclusive ranges, e.g. 0-9 or 0-4,7. Default: ${DEFAULT-VALUE}.")
    private List<SeedRange> seeds;

    @Option(names = "--models", split = ",", defaultValue = "transformer", paramLabel = "MODEL",
            description = "Comma-separated architectures: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    private List<ModelKind> models;

    @Option(names = "--mix", split = ",", defaultValue = "0", paramLabel = "ALPHA",
            description = "Comma-separated representation-mixing weights, 0 for none (train --mix). "
                    + "Default: ${DEFAULT-VALUE}.")
    private List<Double> mix;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Runs at a time, each in its own JVM. Default: the number of cores divided by --threads, "
                    + "at least 1. Not with --master.")
    private Integer jobs;

    @Option(names = "--out", defaultValue = "runs/sweep", paramLabel = "DIR",
            description = "Folder of the runs' folders and sweep.csv. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Mixin
    private ThreadsOption threads;

    @Mixin
    private MasterOption master;

    @Unmatched
    private List<String> trainOptions = new ArrayList<>();

    @Override
    public Integer call() {
        List<SweepRun> runs = runs();
        NativeThreads.Choice nativeThreads = threads.choose();
        try (RunExecutor executor = master.open(jobs, nativeThreads.threads())) {
            createFolder(out); // before any run trains, locally or on a cluster, whose files it would receive
            return train(runs, nativeThreads, executor);
        }
    }

    private int train(List<SweepRun> runs, NativeThreads.Choice nativeThreads, RunExecutor executor) {
        List<SweepRun> toTrain = runs.stream().filter(r -> !RunFolder.finished(r.folder())).toList();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "grokwatch sweep: %d runs (%d already finished, skipped), %d to train, %s, "
                        + "%s each -> %s%n", runs.size(), runs.size() - toTrain.size(), toTrain.size(),
                executor.describe(), nativeThreads.describe(), out);
        stdout.flush();

        List<RunOutcome> failures = executor.execute(toTrain, stdout).stream().filter(o -> !o.finished()).toList();

        List<RunFolder> finished = runs.stream().filter(r -> RunFolder.finished(r.folder()))
                .map(r -> RunFolder.read(r.folder())).toList();
        Path table = out.resolve("sweep.csv");
        SweepTable.write(table, finished);
        stdout.printf(Locale.ROOT, "wrote %s: %d of %d runs%n", table, finished.size(), runs.size());
        if (!failures.isEmpty()) {
            stdout.printf(Locale.ROOT, "%d run(s) failed:%n", failures.size());
            failures.forEach(f -> stdout.printf(Locale.ROOT, "  %s: %s; log: %s%n", f.run().name(), f.reason(),
                    f.run().log()));
        }
        stdout.flush();
        return failures.isEmpty() ? 0 : 1;
    }

    /** The grid's runs in the order tasks, models, mix, seeds; each checked as train would check it. */
    List<SweepRun> runs() {
        for (String option : trainOptions) {
            for (String grid : GRID_OPTIONS) {
                if (option.equals(grid) || option.startsWith(grid + "=")) {
                    throw new ParameterException(spec.commandLine(), option + " is set by the sweep's grid; expected "
                            + "--tasks, --seeds, --models, --mix or --out of sweep instead");
                }
            }
        }
        TrainCommand train = trainOptions();
        Map<Path, SweepRun> runs = new LinkedHashMap<>(); // a seed listed twice is one run
        for (String task : tasks) {
            for (ModelKind model : models) {
                for (double alpha : mix) {
                    seeds.stream().flatMapToLong(SeedRange::seeds).forEach(seed -> {
                        SweepRun run = run(train, task, model, alpha, seed);
                        runs.putIfAbsent(run.folder(), run);
                    });
                }
            }
        }
        return List.copyOf(runs.values());
    }

    /** The train options after sweep's own, read once as train reads them; the grid sets the rest per run. */
    private TrainCommand trainOptions() {
        try {
            String[] line = Stream.concat(Stream.of("train"), trainOptions.stream()).toArray(String[]::new);
            return (TrainCommand) GrokwatchCli.commandLine().parseArgs(line).subcommand().commandSpec().userObject();
        } catch (ParameterException e) {
            throw new ParameterException(spec.commandLine(), "grokwatch train " + String.join(" ", trainOptions)
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * One cell, its train arguments those of its checked configuration: train's own checks run here, so a
     * bad value fails before anything is trained.
     */
    private SweepRun run(TrainCommand train, String task, ModelKind model, double alpha, long seed) {
        TrainingConfig config;
        try {
            TrainingConfig.Builder cell = train.builder().task(task).model(model).seed(seed).mix(alpha);
            String name = cell.build().out().getFileName().toString();
            config = cell.out(out.resolve(name)).build();
        } catch (IllegalArgumentException e) {
            List<String> given = new ArrayList<>(List.of("--task", task, "--model", model.toString(),
                    "--seed", Long.toString(seed), "--mix", Double.toString(alpha)));
            given.addAll(trainOptions);
            throw new ParameterException(spec.commandLine(), "grokwatch train " + String.join(" ", given) + ": "
                    + e.getMessage(), e);
        }
        return new SweepRun(config.out().getFileName().toString(), config.out(), config.toArguments());
    }

    /** {@code --out}, created and writable, or a usage error: refused before anything trains. */
    private void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "Could not create the sweep folder " + folder
                    + " (--out): " + e + "; expected a writable folder", e);
        }
        if (!Files.isWritable(folder)) {
            throw new ParameterException(spec.commandLine(), "The sweep folder " + folder + " (--out) is not "
                    + "writable; expected a writable folder");
        }
    }
}
