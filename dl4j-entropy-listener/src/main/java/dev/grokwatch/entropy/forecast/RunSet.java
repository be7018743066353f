package dev.grokwatch.entropy.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Runs checked for calibration: each named differently, of one task (unless mixing is allowed), split into those
 * that grokked and those that did not (which are reported, never dropped silently).
 *
 * @param task       the shared task label, or {@code "mixed: ..."} when mixing was allowed
 * @param grokked    runs whose test accuracy reached the grokking criterion after a delay (grokked)
 * @param notGrokked runs that never did, generalised without a delay, or recorded no training accuracy (their
 *                   delay past memorisation cannot be seen)
 */
public record RunSet(String task, List<RunHistory> grokked, List<RunHistory> notGrokked) {

    /** Fewest grokked runs a calibration is made from (arXiv 2604.13123, appendix D.1: run 3-5 seeds to completion). */
    public static final int MIN_GROKKED_RUNS = 3;

    public RunSet {
        grokked = List.copyOf(grokked);
        notGrokked = List.copyOf(notGrokked);
    }

    /**
     * Checks the runs and needs at least {@link #MIN_GROKKED_RUNS} of them grokked.
     *
     * @throws IllegalArgumentException when none are given, two share a name, tasks are mixed without
     *                                  {@code allowMixed}, or too few grokked, saying which
     */
    public static RunSet of(List<RunHistory> runs, boolean allowMixed) {
        return of(runs, allowMixed, MIN_GROKKED_RUNS);
    }

    static RunSet of(List<RunHistory> runs, boolean allowMixed, int minGrokked) {
        if (runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException("no runs given; expected at least " + minGrokked
                    + " finished runs of one task that grokked");
        }
        List<String> alike = runs.stream().collect(Collectors.groupingBy(RunHistory::name, TreeMap::new,
                Collectors.counting())).entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " (" + e.getValue() + " runs)").toList();
        if (!alike.isEmpty()) {
            throw new IllegalArgumentException("runs share a name: " + String.join(", ", alike) + "; expected a"
                    + " different name for each run (reports and the leave-one-run-out folds tell runs apart by name):"
                    + " the same run given twice, or runs of the same name from different folders");
        }
        Set<String> tasks = runs.stream().map(RunHistory::task).collect(Collectors.toCollection(TreeSet::new));
        if (tasks.size() > 1 && !allowMixed) {
            throw new IllegalArgumentException("runs of different tasks are mixed: " + runs.stream()
                    .map(r -> r.name() + " (" + r.task() + ")").collect(Collectors.joining(", "))
                    + "; expected runs of one task (H̃* and the timescale depend on it), or allow mixing explicitly");
        }
        List<RunHistory> grokked = runs.stream().filter(r -> r.grokStep().isPresent()).toList();
        List<RunHistory> notGrokked = runs.stream().filter(r -> r.grokStep().isEmpty()).toList();
        if (grokked.size() < minGrokked) {
            throw new IllegalArgumentException("only " + grokked.size() + " of " + runs.size() + " runs grokked"
                    + notGrokkedNames(notGrokked)
                    + "; expected at least " + minGrokked + " runs whose test accuracy reached the grokking criterion"
                    + " after a delay past memorisation (runs that generalised without one did not grok)"
                    + withoutTrainingAccuracy(notGrokked));
        }
        String task = tasks.size() == 1 ? tasks.iterator().next() : "mixed: " + String.join(" | ", tasks);
        return new RunSet(task, grokked, notGrokked);
    }

    /** The same set without one grokked run (a leave-one-run-out fold). */
    RunSet without(RunHistory heldOut) {
        return new RunSet(task, grokked.stream().filter(r -> r != heldOut).toList(), notGrokked);
    }

    /**
     * Says which runs recorded no training accuracy: their memorisation, so their delay, cannot be seen and
     * they read generalised whatever their curve; empty when every run recorded it.
     */
    static String withoutTrainingAccuracy(List<RunHistory> runs) {
        List<RunHistory> without = runs.stream().filter(r -> !r.history().hasTrainAccuracy()).toList();
        if (without.isEmpty()) {
            return "";
        }
        return ". " + without.size() + " of them (" + names(without) + ") recorded no training accuracy, so whether"
                + " they generalised after a delay is unknown: record train_acc by building the listener with"
                + " .trainAccuracyOn(trainData)";
    }

    /**
     * E.g. {@code " (not grokked: stuck; generalised without a delay, not grokking: easy)"}: the runs that never
     * generalised apart from those that generalised without a delay; empty for none.
     */
    private static String notGrokkedNames(List<RunHistory> notGrokked) {
        List<RunHistory> generalised = notGrokked.stream().filter(r -> r.history().generalisedStep().isPresent())
                .toList();
        List<RunHistory> never = notGrokked.stream().filter(r -> !generalised.contains(r)).toList();
        List<String> parts = new ArrayList<>();
        if (!never.isEmpty()) {
            parts.add("not grokked: " + names(never));
        }
        if (!generalised.isEmpty()) {
            parts.add("generalised without a delay, not grokking: " + names(generalised));
        }
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }

    static String names(List<RunHistory> runs) {
        return runs.stream().map(RunHistory::name).collect(Collectors.joining(", "));
    }
}
