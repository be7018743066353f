package dev.grokwatch.examples.reproduce;

import dev.grokwatch.examples.cli.ThreadsOption;
import dev.grokwatch.examples.run.NativeThreads;
import dev.grokwatch.examples.sweep.MasterOption;
import dev.grokwatch.examples.sweep.RunExecutor;
import dev.grokwatch.examples.sweep.RunOutcome;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code grokwatch reproduce}: the paper's experiments (arXiv 2604.13123, E1-E8, appendices B and D.3) in one
 * command. Prints the {@link ReproductionPlan} with its estimated time, writes it to its file
 * ({@link ReproductionPlan#fileName()}), trains its runs through a {@link RunExecutor} (resumable, failures reported,
 * never fatal), then analyses the run folders into the report ({@link ReproductionAnalysis},
 * {@link ReproductionReportWriter}).
 */
@Command(name = "reproduce",
        mixinStandardHelpOptions = true,
        header = "Trains the paper's experiments (E1-E8) and writes a report that puts its numbers beside ours.",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Trains the runs of the chosen --experiments under --profile (quick: 3 seeds of each setting and a "
                        + "10,000-step MLP; paper: the paper's seed counts and its 80,000-step MLP), each in its own "
                        + "JVM with --threads native threads, --jobs at a time, into --out/runs/<group>/<run>; then "
                        + "writes --out/REPORT.md, report.json and the figures from the finished runs.",
                "The plan is printed first, with its estimated time from the measured cost of a step, and written "
                        + "to --out/plan-PROFILE[-torch][-EXPERIMENTS].txt as the train command line of every run. "
                        + "Finished runs are skipped, so a stopped reproduction resumes where it was; a run that fails "
                        + "is reported and the others go on (exit code 1, the report still written); a norm-matched "
                        + "run starts once the baseline of its seed has finished, and is not run when that baseline "
                        + "failed. The report reads only the runs of each group's setting under --init; with "
                        + "--analyse-only the exit code is 1 when runs of the plan are missing or unreadable.",
                "With --master, every run is a task of Apache Spark instead, its folder's files sent back here "
                        + "(the jar " + MasterOption.SPARK_JAR + ")."},
        footer = {"", "Example: grokwatch reproduce --profile quick --experiments E1,E3 --out runs/reproduction"})
public final class ReproduceCommand implements Callable<Integer> {

    /** Steps of the timing run that measures a step's cost before any run has finished. */
    static final int TIMING_STEPS = 600;

    private CommandSpec spec;

    @Option(names = "--profile", defaultValue = "quick", paramLabel = "PROFILE",
            description = "Seeds and budgets: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    private Profile profile;

    @Option(names = "--init", defaultValue = "default", paramLabel = "INIT",
            description = "Initialisation of every run, as train --init: ${COMPLETION-CANDIDATES}. torch, the "
                    + "paper's, groks about three times as late, and the budgets are three times longer (not the "
                    + "MLP's); the torch-init group (E1's baseline with --init torch) is then the baseline itself and "
                    + "is left out. The report reads the runs of this initialisation only. Default: ${DEFAULT-VALUE}.")
    private Initialisation init;

    @Option(names = "--experiments", split = ",", paramLabel = "EXPERIMENT", converter = ExperimentConverter.class,
            description = "Comma-separated experiments to train and report, e.g. E1,E3 (any case): "
                    + "${COMPLETION-CANDIDATES}. Default: all.")
    private List<Experiment> experiments;

    @Option(names = "--out", defaultValue = "runs/reproduction", paramLabel = "DIR",
            description = "Folder of the runs (DIR/runs), the plan and the report. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Runs at a time, each in its own JVM. Default: the number of cores divided by --threads, "
                    + "at least 1. Not with --master.")
    private Integer jobs;

    @Option(names = "--analyse-only",
            description = "Train nothing: write the report from the finished runs in --out/runs.")
    private boolean analyseOnly;

    @Mixin
    private ThreadsOption threads;

    @Mixin
    private MasterOption master;

    /** Picocli's model of this command; the help's list of experiments is read from {@link Experiment}. */
    @Spec
    void spec(CommandSpec spec) {
        this.spec = spec;
        List<String> footer = new ArrayList<>(List.of("", "Experiments:"));
        for (Experiment e : Experiment.values()) {
            footer.add(String.format(Locale.ROOT, "  %-9s %s (%s)", e, e.title(), e.section()));
        }
        footer.addAll(List.of(spec.usageMessage().footer()));
        spec.usageMessage().footer(footer.toArray(String[]::new));
    }

    @Override
    public Integer call() {
        // Every option is checked before anything is printed or written, --analyse-only or not.
        NativeThreads.Choice nativeThreads = threads.choose();
        master.check(jobs, nativeThreads.threads());
        refuseUnusableOut();
        Set<Experiment> chosen = experiments == null ? EnumSet.allOf(Experiment.class) : EnumSet.copyOf(experiments);
        ReproductionPlan plan = ReproductionPlan.of(profile, init, chosen, out);
        Path runsRoot = ReproductionPlan.runsRoot(out);
        PrintWriter stdout = spec.commandLine().getOut();
        if (analyseOnly && !Files.isDirectory(runsRoot)) {
            throw new ParameterException(spec.commandLine(), "--analyse-only: " + runsRoot + " does not exist; "
                    + "expected the runs of an earlier grokwatch reproduce --out " + out);
        }
        List<RunOutcome> unfinished = analyseOnly ? List.of()
                : ResumeNotice.during(plan, stdout, () -> train(plan, nativeThreads, stdout));
        ReproductionResult result = ReproductionAnalysis.analyse(plan);
        ReproductionReportWriter.write(result, out);
        stdout.printf(Locale.ROOT, "wrote the report to %s from the finished runs in %s%n", out, runsRoot);
        if (!unfinished.isEmpty()) {
            stdout.printf(Locale.ROOT, "%d run(s) failed or were not run:%n", unfinished.size());
            unfinished.forEach(o -> stdout.printf(Locale.ROOT, "  %s: %s%s%n", o.run().name(), o.reason(),
                    Files.isRegularFile(o.run().log()) ? "; log: " + o.run().log() : ""));
        } else if (analyseOnly && !result.lacking().isEmpty()) {
            stdout.printf(Locale.ROOT, "%d run(s) of the plan missing or unreadable, left out of the report:%n",
                    result.lacking().size());
            result.lacking().forEach(l -> stdout.printf(Locale.ROOT, "  %s%n", l));
        }
        stdout.flush();
        return unfinished.isEmpty() && (!analyseOnly || result.lacking().isEmpty()) ? 0 : 1;
    }

    /** An --out that is a file, or lies under one, cannot hold the runs: refused before anything is printed. */
    private void refuseUnusableOut() {
        Path existing = out.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + (existing.equals(out.toAbsolutePath())
                    ? " is a file" : ": " + existing + " is a file") + "; expected a folder (created if absent)");
        }
    }

    /** Prints and writes the plan, trains the runs not done yet; those that did not finish. */
    private List<RunOutcome> train(ReproductionPlan plan, NativeThreads.Choice nativeThreads, PrintWriter stdout) {
        try (RunExecutor executor = master.open(jobs, nativeThreads.threads())) {
            return train(plan, nativeThreads, executor, stdout);
        }
    }

    private List<RunOutcome> train(ReproductionPlan plan, NativeThreads.Choice nativeThreads, RunExecutor executor,
                                   PrintWriter stdout) {
        List<PlannedRun> toTrain = plan.runs().stream().filter(r -> !r.done()).toList();
        stdout.printf(Locale.ROOT, "grokwatch reproduce: profile %s, init %s, experiments %s -> %s; %d runs (%d "
                        + "finished, skipped), %d to train, %s, %s each%n", plan.profile(), plan.init(),
                plan.experiments().stream().map(Enum::name).collect(Collectors.joining(",")), out, plan.runs().size(),
                plan.runs().size() - toTrain.size(), toTrain.size(), executor.describe(), nativeThreads.describe());
        stdout.flush();
        writePlan(plan);
        if (!toTrain.isEmpty()) {
            int parallel = executor.parallelism();
            Map<RunGroup, StepTimes.Cost> costs = StepTimes.of(plan, TIMING_STEPS, parallel,
                    out.resolve("timing").resolve(parallel + "-at-a-time"), executor, stdout);
            PlanEstimate.of(plan, costs, parallel).lines().forEach(stdout::println);
        }
        stdout.printf(Locale.ROOT, "wrote %s: the train command line of every run%n",
                out.resolve(plan.fileName()));
        stdout.flush();
        return executor.execute(toTrain.stream().map(PlannedRun::sweepRun).toList(), stdout).stream()
                .filter(o -> !o.finished()).toList();
    }

    private void writePlan(ReproductionPlan plan) {
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve(plan.fileName()), plan.commands());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + out.resolve(plan.fileName())
                    + " (--out); expected a writable folder", e);
        }
    }
}
