package dev.grokwatch.examples.reproduce;

import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.entropy.PhaseCriteria;
import dev.grokwatch.examples.run.LogitScaleCsv;
import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The runs of one {@link RunGroup} under {@code OUT/runs/<group folder>}, read for one plan: those of the group's
 * setting ({@link ReproductionPlan#setting}) that finished (grokked or not); those that failed or did not finish
 * ({@link RunFolder#whyNotFinished}); the plan's runs that have no folder; and runs of another setting (another
 * initialisation, task, fraction, ...), set aside. Each but the finished is named with what is wrong. Reading never
 * throws for a missing group or a broken run: the analysis says what is missing.
 *
 * @param group        the group
 * @param folder       its folder
 * @param present      whether the folder exists
 * @param setting      the task label a run of the group has, e.g. {@code "add mod 97, transformer, fraction 0.3"}
 * @param planned      how many runs the plan has in the group
 * @param finished     finished runs of the setting, by seed then name
 * @param failed       runs that cannot be analysed (not finished, unreadable) and planned runs without a folder, by
 *                     name: the runs the group lacks
 * @param otherSetting finished or not, runs whose summary.json records another setting, by name
 * @param problems     optional recordings that exist but cannot be read (their runs are analysed without them)
 */
public record GroupRuns(RunGroup group, Path folder, boolean present, String setting, int planned,
                        List<AnalysedRun> finished, List<FailedRun> failed, List<FailedRun> otherSetting,
                        List<String> problems) {

    /**
     * A run that cannot be analysed, or is not the group's.
     *
     * @param name   its folder's name
     * @param reason what is wrong, e.g. {@code "no summary.json: not finished (stopped or crashed)"}
     */
    public record FailedRun(String name, String reason) {
    }

    public GroupRuns {
        finished = List.copyOf(finished);
        failed = List.copyOf(failed);
        otherSetting = List.copyOf(otherSetting);
        problems = List.copyOf(problems);
    }

    /**
     * Reads every subfolder of {@code OUT/runs/<group folder>} of {@code plan}'s {@code OUT}; an absent folder is an
     * absent group.
     */
    public static GroupRuns read(ReproductionPlan plan, RunGroup group) {
        Path folder = ReproductionPlan.runsRoot(plan.out()).resolve(group.folder());
        String setting = plan.setting(group);
        List<PlannedRun> planned = plan.runs(group);
        List<FailedRun> failed = new ArrayList<>();
        planned.stream().filter(r -> !Files.isDirectory(r.folder()))
                .forEach(r -> failed.add(new FailedRun(r.folder().getFileName().toString(),
                        "planned, not trained (no folder)")));
        if (!Files.isDirectory(folder)) {
            return new GroupRuns(group, folder, false, setting, planned.size(), List.of(), failed, List.of(),
                    List.of());
        }
        List<AnalysedRun> finished = new ArrayList<>();
        List<FailedRun> otherSetting = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path run : subfolders(folder)) {
            String name = run.getFileName().toString();
            Optional<String> whyNot = RunFolder.whyNotFinished(run);
            Optional<RunSummary> summary = summary(run);
            if (summary.isPresent() && !summary.get().taskLabel().equals(setting)) {
                otherSetting.add(new FailedRun(name, relative("a run of another setting (" + summary.get().taskLabel()
                        + "), not the group's (" + setting + ")" + whyNot.map(w -> "; " + w).orElse(""), folder,
                        group)));
            } else if (whyNot.isPresent()) {
                failed.add(new FailedRun(name, relative(whyNot.get(), folder, group)));
            } else {
                RunFolder read = RunFolder.read(run);
                finished.add(new AnalysedRun(read, read.history(),
                        optional(run.resolve(RunFolder.TEST_PROBE_METRICS), p -> MetricsCsv.read(p,
                                PhaseCriteria.defaults().withThreshold(read.summary().threshold())), problems, group),
                        optional(run.resolve(RunFolder.LOGIT_SCALE), LogitScaleCsv::read, problems, group)));
            }
        }
        finished.sort(Comparator.comparingLong(AnalysedRun::seed).thenComparing(AnalysedRun::name));
        failed.sort(Comparator.comparing(FailedRun::name));
        return new GroupRuns(group, folder, true, setting, planned.size(), finished, failed, otherSetting, problems);
    }

    /** Why this group has nothing to analyse, or {@code null} when it has finished runs. */
    public String absence() {
        if (!present) {
            return "no runs of group '" + group.folder() + "' (folder runs/" + group.folder() + " absent)";
        }
        if (finished.isEmpty()) {
            List<String> why = new ArrayList<>();
            if (!failed.isEmpty()) {
                why.add(failed.size() + " failed or missing: " + names(failed));
            }
            if (!otherSetting.isEmpty()) {
                why.add(otherSetting.size() + " of another setting: " + names(otherSetting));
            }
            return "no finished run of the setting " + setting + " in runs/" + group.folder()
                    + (why.isEmpty() ? "" : " (" + String.join("; ", why) + ")");
        }
        return null;
    }

    /** The finished runs by seed, the first by name where a seed repeats. */
    public Map<Long, AnalysedRun> bySeed() {
        Map<Long, AnalysedRun> bySeed = new LinkedHashMap<>();
        finished.forEach(r -> bySeed.putIfAbsent(r.seed(), r));
        return bySeed;
    }

    /** The finished runs that grokked. */
    public List<AnalysedRun> grokked() {
        return finished.stream().filter(AnalysedRun::grokked).toList();
    }

    /** The runs the group lacks, each {@code "runs/<group>/<name> (<reason>)"}: what a count cannot include. */
    public List<String> lacking() {
        return failed.stream().map(f -> "runs/" + group.folder() + "/" + f.name() + " (" + f.reason() + ")").toList();
    }

    private static String names(List<FailedRun> runs) {
        return String.join(", ", runs.stream().map(FailedRun::name).toList());
    }

    /** The run's summary when it can be read: a run that did not finish may still say its setting. */
    private static Optional<RunSummary> summary(Path run) {
        try {
            return Optional.of(RunFolder.read(run).summary());
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    /** An optional recording, {@code null} when absent or unreadable (then said in {@code problems}). */
    private static <T> T optional(Path file, Function<Path, T> read, List<String> problems, RunGroup group) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return read.apply(file);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            problems.add(file.getParent().getFileName() + "/" + file.getFileName() + " unreadable, left out: "
                    + relative(e.getMessage(), file.getParent().getParent(), group));
            return null;
        }
    }

    /** An error message with the group's folder written as {@code runs/<group>}, the same on every machine. */
    private static String relative(String message, Path groupFolder, RunGroup group) {
        return String.valueOf(message).replace(groupFolder.toString(), "runs/" + group.folder());
    }

    private static List<Path> subfolders(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + folder + "; expected a readable group folder", e);
        }
    }
}
