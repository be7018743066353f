package dev.grokwatch.examples.reproduce;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.entropy.PhaseCriteria;
import dev.grokwatch.examples.run.LogitScaleCsv;
import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.StopReason;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The runs of one {@link RunGroup} under {@code OUT/runs/<group folder>}: those that finished (grokked or not) and
 * those that failed or did not finish (no {@code summary.json}, interrupted, unreadable files), each named with
 * what went wrong. Reading never throws for a missing group or a broken run: the analysis says what is missing.
 *
 * @param group    the group
 * @param folder   its folder
 * @param present  whether the folder exists
 * @param finished finished runs, by seed then name
 * @param failed   runs that cannot be analysed, by name
 * @param problems optional recordings that exist but cannot be read (their runs are analysed without them)
 */
public record GroupRuns(RunGroup group, Path folder, boolean present, List<AnalysedRun> finished,
                        List<FailedRun> failed, List<String> problems) {

    /**
     * A run that cannot be analysed.
     *
     * @param name   its folder's name
     * @param reason what is wrong, e.g. {@code "no summary.json: not finished"}
     */
    public record FailedRun(String name, String reason) {
    }

    public GroupRuns {
        finished = List.copyOf(finished);
        failed = List.copyOf(failed);
        problems = List.copyOf(problems);
    }

    /** Reads every subfolder of {@code runsRoot/<group folder>}; an absent folder is an absent group. */
    public static GroupRuns read(Path runsRoot, RunGroup group) {
        Path folder = runsRoot.resolve(group.folder());
        if (!Files.isDirectory(folder)) {
            return new GroupRuns(group, folder, false, List.of(), List.of(), List.of());
        }
        List<AnalysedRun> finished = new ArrayList<>();
        List<FailedRun> failed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path run : subfolders(folder)) {
            String name = run.getFileName().toString();
            if (!Files.isRegularFile(run.resolve(RunFolder.SUMMARY))) {
                failed.add(new FailedRun(name, "no " + RunFolder.SUMMARY + ": not finished (stopped or crashed)"));
                continue;
            }
            try {
                RunFolder read = RunFolder.read(run);
                if (StopReason.INTERRUPTED.toString().equals(read.summary().stopReason())) {
                    failed.add(new FailedRun(name, "interrupted before it finished"));
                    continue;
                }
                finished.add(new AnalysedRun(read, read.history(),
                        optional(run.resolve(RunFolder.TEST_PROBE_METRICS), p -> MetricsCsv.read(p,
                                PhaseCriteria.defaults().withThreshold(read.summary().threshold())), problems, group),
                        optional(run.resolve(RunFolder.LOGIT_SCALE), LogitScaleCsv::read, problems, group)));
            } catch (IllegalArgumentException | UncheckedIOException e) {
                failed.add(new FailedRun(name, "unreadable: " + relative(e.getMessage(), folder, group)));
            }
        }
        finished.sort(Comparator.comparingLong(AnalysedRun::seed).thenComparing(AnalysedRun::name));
        return new GroupRuns(group, folder, true, finished, failed, problems);
    }

    /** Why this group has nothing to analyse, or {@code null} when it has finished runs. */
    public String absence() {
        if (!present) {
            return "no runs of group '" + group.folder() + "' (folder runs/" + group.folder() + " absent)";
        }
        if (finished.isEmpty()) {
            return "no finished run in runs/" + group.folder() + (failed.isEmpty() ? ""
                    : " (" + failed.size() + " failed: " + String.join(", ", failed.stream().map(FailedRun::name)
                    .toList()) + ")");
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
