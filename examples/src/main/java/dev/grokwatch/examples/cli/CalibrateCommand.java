package dev.grokwatch.examples.cli;

import dev.grokwatch.entropy.forecast.Calibration;
import dev.grokwatch.entropy.forecast.CalibrationReport;
import dev.grokwatch.entropy.forecast.RunHistory;
import dev.grokwatch.entropy.forecast.RunSet;
import dev.grokwatch.entropy.verdict.VerdictReport;
import dev.grokwatch.entropy.verdict.VerdictRule;
import dev.grokwatch.examples.report.CalibrationReportText;
import dev.grokwatch.examples.report.VerdictReportText;
import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunSummary;
import dev.grokwatch.models.tasks.TaskFamily;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code grokwatch calibrate}: a task's H̃* and forecasters fitted on finished runs. Reads the run
 * folders ({@link RunFolder}) and plain {@code metrics.csv} files ({@link MetricsFileRun}), evaluates every
 * forecaster leave-one-run-out with {@link CalibrationReport}, prints the report ({@link CalibrationReportText},
 * with the paper's Table 2 (arXiv 2604.13123, §7)) and writes the {@link Calibration} that {@code train --calibration} loads.
 */
@Command(name = "calibrate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Fits a task's threshold H̃* (mean H̃ at the grokking step) and every grokking forecaster on "
                        + "finished train runs, and measures them honestly: each grokked run is held out in turn, "
                        + "the rest calibrate, and the held-out run is forecast from its history 8,000, 4,000, 2,000, "
                        + "1,000 and 500 steps before its actual grokking step and at its first confident forecast "
                        + "(mean absolute percentage error of the grokking step, mean advance warning).",
                "Also prints the paper's Table 2 (the power law with the entropy gap, the parameter norm and the "
                        + "norm gap as predictor, R² side by side), lists the runs that never grokked and those that "
                        + "generalised without a delay (not grokking), and writes "
                        + "--out with the selected forecaster, for train --calibration: the one that beats the naive "
                        + "baselines at the selection horizon, the largest of those horizons no longer than a third of "
                        + "the runs' median grokking step (2,000 steps for runs that grok at about 7,000).",
                "Given runs that never grokked (trained with --stop none to a budget), also measures the will-it-grok "
                        + "verdicts on all the runs (precision, recall, steps saved, grokked runs killed, within the "
                        + "shortest such run's steps), calibrates each verdict's horizon on the grokked runs, and "
                        + "writes the no-collapse horizon into --out, for train --calibration."},
        footer = {"",
                "Example: grokwatch calibrate runs/sweep --out calibration.json",
                "         grokwatch calibrate runs/add97-transformer-seed{0,1,2,3,4}",
                "         grokwatch calibrate my-runs/seed*/metrics.csv --task-label \"my model\"",
                "Then:    grokwatch train --seed 5 --calibration calibration.json --stop predicted",
                "         (your own model: Calibration.read(file).toForecaster() on its listener)"})
public final class CalibrateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR",
            description = "Folders of finished train runs (metrics.csv and summary.json), e.g. as a shell glob, "
                    + "or a folder of run folders such as a sweep's --out: its subfolders with a metrics.csv are "
                    + "read and the others listed as skipped. Or metrics.csv files of your own model, written by "
                    + "MetricsCsv.write(listener.history(), path) without a summary.json: each is named by its "
                    + "folder (or its file name when not called metrics.csv), its task is --task-label and its "
                    + "grokking step comes from its test accuracy. At least " + RunSet.MIN_GROKKED_RUNS
                    + " runs must have grokked.")
    private List<Path> paths;

    @Option(names = "--task-label", defaultValue = MetricsFileRun.DEFAULT_TASK_LABEL, paramLabel = "TEXT",
            description = "The task of the metrics.csv files given (train run folders carry theirs in summary.json); "
                    + "runs calibrated together share one task. Default: ${DEFAULT-VALUE}.")
    private String taskLabel;

    @Option(names = "--out", defaultValue = "calibration.json", paramLabel = "FILE",
            description = "The calibration to write (JSON: task, H̃*, the selected forecaster and every fitted "
                    + "parameter, the runs); its folder is created if needed. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--allow-mixed",
            description = "Calibrate runs of different tasks together: other tasks, models, initialisations, "
                    + "training fractions or training settings (batch, lr, weight decay, evaluation interval, probe "
                    + "size, mix, norm control; the task label names those not at their default). Off by default: "
                    + "H̃* and the time to grok depend on each, so a mixed calibration forecasts none well.")
    private boolean allowMixed;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        List<Path> skipped = new ArrayList<>();
        List<RunHistory> runs = new ArrayList<>();
        List<RunSummary> summaries = new ArrayList<>(); // of the run folders; plain metrics files have none
        Set<Double> thresholds = new TreeSet<>();
        List<Path> sources = runPaths(skipped);
        requireEachRunOnce(sources);
        for (Path path : sources) {
            try {
                if (Files.isDirectory(path)) {
                    RunFolder run = RunFolder.read(path);
                    runs.add(run.calibrationRun());
                    summaries.add(run.summary());
                    thresholds.add(run.summary().threshold());
                } else {
                    runs.add(MetricsFileRun.read(path, taskLabel));
                    thresholds.add(Double.NaN); // a plain metrics.csv has no H̃* of its own
                }
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new ParameterException(spec.commandLine(), "cannot read run " + path + ": " + e.getMessage()
                        + (Files.isDirectory(path) && !Files.exists(path.resolve(RunFolder.SUMMARY))
                        ? " (for a metrics.csv of your own, name the file itself and give --task-label)" : ""), e);
            }
        }
        skipped.forEach(p -> stdout.println("skipped " + p + ": no metrics.csv (an unfinished or failed run)"));
        if (!summaries.isEmpty() && spec.commandLine().getParseResult().hasMatchedOption("--task-label")) {
            spec.commandLine().getErr().println("note: --task-label \"" + taskLabel + "\" applies to plain metrics.csv"
                    + " files only; the " + summaries.size() + " run folder(s) given carry their task in "
                    + RunFolder.SUMMARY + " (e.g. " + summaries.get(0).taskLabel() + ")");
        }
        List<String> names = RunNames.distinct(sources, runs.stream().map(RunHistory::name).toList());
        for (int i = 0; i < runs.size(); i++) {
            runs.set(i, new RunHistory(names.get(i), runs.get(i).task(), runs.get(i).history()));
        }
        requireOneTask(runs, summaries);
        CalibrationReport report;
        try {
            report = CalibrationReport.evaluate(runs, allowMixed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        stdout.print(CalibrationReportText.format(report));
        Calibration calibration = report.calibration();
        if (!report.notGrokked().isEmpty()) {
            calibration = verdicts(stdout, runs, thresholds, calibration);
        }
        write(calibration);
        stdout.printf(Locale.ROOT, "%nwrote %s: %s, H̃* = %.4f, forecaster %s%n", out, calibration.task(),
                calibration.threshold().mean(), calibration.method().label());
        if (ownTasks(runs, summaries)) {
            stdout.println("use it: grokwatch train --calibration " + out + " --stop predicted");
        } else {
            stdout.println("use it: Calibration.read(Path.of(\"" + out + "\")).toForecaster() as your listener's"
                    + " .forecaster(...)");
        }
        stdout.flush();
        return 0;
    }

    /** Whether every run is a train run of one of grokwatch's tasks, which train --calibration can run again. */
    private static boolean ownTasks(List<RunHistory> runs, List<RunSummary> summaries) {
        return summaries.size() == runs.size()
                && summaries.stream().allMatch(s -> TaskFamily.shortNames().contains(s.task()));
    }

    /**
     * Prints the verdict table and returns the calibration with the calibrated no-collapse horizon. The runs are
     * read at their own H̃* (summary.json) when they share one, as their phases were, else at the calibrated one;
     * when the verdicts cannot be measured, says why and leaves the calibration as it is.
     */
    private Calibration verdicts(PrintWriter stdout, List<RunHistory> runs, Set<Double> thresholds,
                                 Calibration calibration) {
        double own = thresholds.size() == 1 ? thresholds.iterator().next() : Double.NaN;
        boolean shared = own > 0 && own < 1;
        VerdictReport verdicts;
        try {
            verdicts = VerdictReport.evaluate(runs, allowMixed, shared ? own : calibration.threshold().mean());
        } catch (IllegalArgumentException e) {
            stdout.printf("%nWill it grok? Verdicts not measured: %s%n", e.getMessage());
            return calibration;
        }
        stdout.print(VerdictReportText.format(verdicts, shared ? "the runs' own" : "calibrated"));
        return verdicts.horizon(VerdictRule.NO_COLLAPSE).map(h -> calibration.withNoCollapseSteps(h.horizon()))
                .orElse(calibration);
    }

    /**
     * The runs named: each path a metrics.csv file, a run folder (it has metrics.csv) or a folder of run
     * folders. Subfolders of the latter without metrics.csv go to {@code skipped}; a path that is none fails.
     */
    private List<Path> runPaths(List<Path> skipped) {
        List<Path> folders = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isRegularFile(path)) {
                folders.add(path);
                continue;
            }
            if (!Files.isDirectory(path)) {
                throw new ParameterException(spec.commandLine(), "RUN_DIR " + path + " does not exist; expected a "
                        + "train run's folder (metrics.csv, summary.json), a folder of them, or a metrics.csv file");
            }
            if (Files.isRegularFile(path.resolve(RunFolder.METRICS))) {
                folders.add(path);
                continue;
            }
            List<Path> children = subfolders(path);
            List<Path> runs = RunFolder.childrenWith(path, RunFolder.METRICS);
            if (runs.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "RUN_DIR " + path + " has no " + RunFolder.METRICS
                        + " and no run folders with one; expected a train run's folder (metrics.csv, summary.json) "
                        + "or a folder of them such as a sweep's --out");
            }
            folders.addAll(runs);
            children.stream().filter(c -> !runs.contains(c)).forEach(skipped::add);
        }
        return folders;
    }

    /**
     * Refuses a run given twice (by its folder and again in a folder of runs, or by two spellings of one path), which
     * would count as two runs: the same metrics.csv, named with both paths it was given as.
     */
    private void requireEachRunOnce(List<Path> runs) {
        Map<Path, Path> given = new java.util.HashMap<>();
        for (Path run : runs) {
            Path metrics = Files.isDirectory(run) ? run.resolve(RunFolder.METRICS) : run;
            Path real;
            try {
                real = metrics.toRealPath();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not resolve " + metrics + "; expected a readable metrics.csv", e);
            }
            Path first = given.putIfAbsent(real, run);
            if (first != null) {
                throw new ParameterException(spec.commandLine(), "run " + real + " is given twice (as " + first
                        + " and as " + run + "); expected each run once: name a run folder, or the folder of runs that"
                        + " holds it, not both");
            }
        }
    }

    private static List<Path> subfolders(Path parent) {
        try (Stream<Path> entries = Files.list(parent)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + parent + "; expected a readable folder", e);
        }
    }

    /**
     * Mixed tasks are refused here, before any fitting, naming each task's runs, the settings in which they differ
     * and the option that allows it.
     */
    private void requireOneTask(List<RunHistory> runs, List<RunSummary> summaries) {
        Map<String, List<String>> byTask = runs.stream().collect(Collectors.groupingBy(RunHistory::task, TreeMap::new,
                Collectors.mapping(RunHistory::name, Collectors.toList())));
        if (byTask.size() > 1 && !allowMixed) {
            List<String> differences = new ArrayList<>(RunSummary.differences(summaries));
            if (!summaries.isEmpty() && summaries.size() < runs.size()) {
                differences.add("the task of the metrics.csv files (--task-label) against the run folders'");
            }
            throw new ParameterException(spec.commandLine(), "the runs are of " + byTask.size() + " different tasks: "
                    + byTask.entrySet().stream().map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                    .collect(Collectors.joining("; "))
                    + (differences.isEmpty() ? "" : "; they differ in " + String.join(", ", differences))
                    + "; expected runs of one task (H̃* and the time to grok depend on the task, the model and the "
                    + "training settings): name only those runs, or pass --allow-mixed to fit them together");
        }
    }

    private void write(Calibration calibration) {
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the folder of " + out + " (--out); expected a writable path", e);
        }
        calibration.write(out);
    }
}
