package dev.grokwatch.entropy.verdict;

import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.forecast.RunHistory;
import dev.grokwatch.entropy.forecast.RunSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Finished runs of one task labelled by whether they grokked within a budget of N steps, read at one
 * threshold H̃*: what verdict rules are scored and their horizons calibrated on. A run that generalised
 * without a delay (see {@link dev.grokwatch.entropy.PhaseTracker}) counts as grokked here: a verdict that
 * stopped it would have stopped a run that was going to generalise. Runs that grokked may end at their
 * grokking step ({@code --stop grokked}); runs that did not must have been trained to the budget, or
 * whether they grok within it is unknown.
 *
 * <pre>{@code
 * LabelledRuns labelled = LabelledRuns.of(runs, false, 0.61);          // budget: the shortest run not grokked
 * VerdictScore today = labelled.score(VerdictRule.NO_COLLAPSE, 10_000);
 * VerdictHorizon h = labelled.calibrate(VerdictRule.NO_COLLAPSE, VerdictHorizon.DEFAULT_MARGIN);
 * }</pre>
 */
public final class LabelledRuns {

    private final String task;
    private final List<Labelled> runs;
    private final double threshold;
    private final long budget;

    /**
     * A run with the step its test accuracy reached the criterion (grokked or generalised), read once
     * (each read replays the tracker over the whole history).
     */
    private record Labelled(RunHistory run, OptionalLong grokStep) {

        boolean grokkedWithin(long budget) {
            return grokStep.isPresent() && grokStep.getAsLong() <= budget;
        }
    }

    private LabelledRuns(String task, List<Labelled> runs, double threshold, long budget) {
        this.task = task;
        this.runs = runs;
        this.threshold = threshold;
        this.budget = budget;
    }

    /** As {@link #of(List, boolean, double, long)} with the budget the last step of the shortest run that never grokked. */
    public static LabelledRuns of(List<RunHistory> runs, boolean allowMixed, double threshold) {
        RunSet set = RunSet.of(runs, allowMixed);
        long budget = set.notGrokked().stream().filter(r -> reached(r).isEmpty()).mapToLong(LabelledRuns::lastStep)
                .min().orElseThrow(() -> new IllegalArgumentException(noNegatives(set.notGrokked().isEmpty()
                        ? set.grokked().size() + " runs given all grokked"
                        : "all " + runs.size() + " runs given grokked or generalised (" + set.grokked().size()
                        + " grokked, " + set.notGrokked().size() + " generalised without a delay)")));
        return of(runs, allowMixed, threshold, budget);
    }

    /**
     * Labels the runs at budget N.
     *
     * @param runs       finished runs of one task, at least {@value RunSet#MIN_GROKKED_RUNS} of them grokked
     * @param allowMixed accept runs of different task labels (e.g. other training fractions as runs that fail)
     * @param threshold  H̃* in (0, 1) the runs are read with (crossing, collapse without generalisation)
     * @param budget     N, steps, positive
     * @throws IllegalArgumentException when fewer than {@value RunSet#MIN_GROKKED_RUNS} runs grokked, tasks are
     *                                  mixed without {@code allowMixed}, a run that never grokked ends before the
     *                                  budget, or no run grokked, or every run grokked, within the budget
     */
    public static LabelledRuns of(List<RunHistory> runs, boolean allowMixed, double threshold, long budget) {
        RunSet set = RunSet.of(runs, allowMixed);
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold H̃* must lie in (0, 1), got " + threshold);
        }
        if (budget <= 0) {
            throw new IllegalArgumentException("budget must be a positive number of steps, got " + budget);
        }
        List<Labelled> all = runs.stream().map(r -> new Labelled(r, reached(r))).toList();
        List<String> unfinished = all.stream().filter(r -> r.grokStep().isEmpty()).map(Labelled::run)
                .filter(r -> lastStep(r) < budget)
                .map(r -> r.name() + " (last step " + lastStep(r) + ")").toList();
        if (!unfinished.isEmpty()) {
            throw new IllegalArgumentException("runs that never grokked end before the budget of " + budget
                    + " steps: " + String.join(", ", unfinished) + "; whether they grok within it is unknown. Expected "
                    + "runs trained to the budget (--stop none --steps N), or a budget of at most their last step");
        }
        long within = all.stream().filter(r -> r.grokkedWithin(budget)).count();
        if (within == all.size()) {
            throw new IllegalArgumentException(noNegatives("every run grokked within " + budget + " steps"));
        }
        if (within == 0) {
            throw new IllegalArgumentException("no run grokked within the budget of " + budget + " steps; expected"
                    + " runs that grok (a verdict is scored on the runs it must not stop, too) or a larger budget");
        }
        return new LabelledRuns(set.task(), all, threshold, budget);
    }

    private static String noNegatives(String what) {
        return what + "; expected runs that did not grok within the budget too (e.g. the same task without weight"
                + " decay, trained with --stop none), since a verdict's precision and recall are measured on them";
    }

    /** The rule at horizon h on every run. */
    public VerdictScore score(VerdictRule rule, long horizon) {
        return new VerdictScore(rule, horizon, threshold, budget,
                runs.stream().map(r -> verdict(r, rule, horizon)).toList());
    }

    /**
     * The rule's horizon from the runs that grokked (within the budget or not): the longest wait for its
     * awaited event, plus {@code margin} of it ({@link VerdictHorizon}), scored on every run, and scored
     * leave-one-run-out on the grokked runs.
     *
     * @param margin a fraction >= 0, e.g. {@link VerdictHorizon#DEFAULT_MARGIN}
     * @throws IllegalArgumentException on a negative margin, or when no grokked run reached the rule's
     *                                  reference event before grokking (nothing to calibrate on)
     */
    public VerdictHorizon calibrate(VerdictRule rule, double margin) {
        VerdictHorizon.checkMargin(margin);
        Map<String, Long> waits = waits(rule, null);
        if (waits.isEmpty()) {
            throw new IllegalArgumentException("no grokked run reached the reference event of " + rule.label() + " ("
                    + rule.description() + ") before grokking; expected at least one, to calibrate its horizon on");
        }
        long horizon = VerdictHorizon.of(waits.values().stream().mapToLong(Long::longValue).max().orElseThrow(), margin);
        List<RunVerdict> heldOut = new ArrayList<>();
        for (Labelled run : grokked()) {
            Map<String, Long> others = waits(rule, run);
            if (others.isEmpty()) {
                continue;
            }
            long h = VerdictHorizon.of(others.values().stream().mapToLong(Long::longValue).max().orElseThrow(), margin);
            RunVerdict verdict = verdict(run, rule, h);
            if (verdict.falseKill()) {
                heldOut.add(verdict);
            }
        }
        return new VerdictHorizon(rule, horizon, margin, waits, score(rule, horizon), heldOut);
    }

    /** The waits of the grokked runs but {@code except}, in the order given. */
    private Map<String, Long> waits(VerdictRule rule, Labelled except) {
        Map<String, Long> waits = new LinkedHashMap<>();
        for (Labelled run : grokked()) {
            if (run != except) {
                rule.waitOf(run.run().history(), threshold).ifPresent(w -> waits.put(run.run().name(), w));
            }
        }
        return waits;
    }

    /** Whether some grokked run reached the rule's reference event before grokking, so its horizon calibrates. */
    public boolean calibratable(VerdictRule rule) {
        return grokked().stream().anyMatch(r -> rule.waitOf(r.run().history(), threshold).isPresent());
    }

    /** The step the rule fires at on the run, kept only before the budget (the run would have stopped there). */
    private RunVerdict verdict(Labelled run, VerdictRule rule, long horizon) {
        OptionalLong fired = rule.firesAt(run.run().history(), threshold, horizon);
        boolean inBudget = fired.isPresent() && fired.getAsLong() < budget;
        return new RunVerdict(run.run().name(), run.grokStep().isPresent() ? run.grokStep().getAsLong() : null,
                inBudget ? fired.getAsLong() : null);
    }

    private List<Labelled> grokked() {
        return runs.stream().filter(r -> r.grokStep().isPresent()).toList();
    }

    private static OptionalLong reached(RunHistory run) {
        OptionalLong grok = run.grokStep();
        return grok.isPresent() ? grok : run.history().generalisedStep();
    }

    private static long lastStep(RunHistory run) {
        return run.history().latest().map(EntropyRecord::step).orElse(0L);
    }

    /** The task label the runs share, or {@code "mixed: ..."}. */
    public String task() {
        return task;
    }

    /** The runs, in the order given. */
    public List<RunHistory> runs() {
        return runs.stream().map(Labelled::run).toList();
    }

    public double threshold() {
        return threshold;
    }

    public long budget() {
        return budget;
    }

    /** Runs that grokked within the budget. */
    public List<String> positives() {
        return runs.stream().filter(r -> r.grokkedWithin(budget)).map(r -> r.run().name()).toList();
    }

    /** Runs that did not grok within the budget. */
    public List<String> negatives() {
        return runs.stream().filter(r -> !r.grokkedWithin(budget)).map(r -> r.run().name()).toList();
    }
}
