package dev.grokwatch.entropy.verdict;

import dev.grokwatch.entropy.forecast.RunHistory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every verdict rule measured on labelled runs: each at its library default horizon where it has one, and
 * each at the horizon calibrated on the runs that grokked. Numbers only: how they are shown is the caller's.
 *
 * <pre>{@code
 * VerdictReport report = VerdictReport.evaluate(LabelledRuns.of(runs, true, 0.61), VerdictHorizon.DEFAULT_MARGIN);
 * report.horizon(VerdictRule.NO_COLLAPSE).orElseThrow().horizon();   // the calibrated no-collapse horizon, steps
 * }</pre>
 *
 * @param task       the task label the runs share, or {@code "mixed: ..."}
 * @param threshold  H̃* the runs were read with
 * @param budget     N, steps: the label is "did not grok within N"
 * @param positives  runs that grokked within the budget
 * @param negatives  runs that did not
 * @param atDefaults the rules with a library default ({@link VerdictRule#defaultHorizon()}) at that default
 * @param calibrated each rule whose horizon could be calibrated, at it, in {@link VerdictRule} order
 */
public record VerdictReport(String task, double threshold, long budget, List<String> positives,
                            List<String> negatives, List<VerdictScore> atDefaults, List<VerdictHorizon> calibrated) {

    public VerdictReport {
        if (task == null || positives == null || negatives == null || atDefaults == null || calibrated == null) {
            throw new IllegalArgumentException("a verdict report needs task, positives, negatives, atDefaults and"
                    + " calibrated; got task " + task + ", positives " + positives + ", negatives " + negatives
                    + ", atDefaults " + atDefaults + ", calibrated " + calibrated);
        }
        positives = List.copyOf(positives);
        negatives = List.copyOf(negatives);
        atDefaults = List.copyOf(atDefaults);
        calibrated = List.copyOf(calibrated);
    }

    /**
     * Scores every rule on the labelled runs. A rule whose horizon cannot be calibrated (no grokked run reached
     * its reference event, e.g. none crossed H̃* before grokking) is left out of {@code calibrated}.
     *
     * @param margin the relative margin of the calibrated horizons, e.g. {@link VerdictHorizon#DEFAULT_MARGIN}
     */
    public static VerdictReport evaluate(LabelledRuns runs, double margin) {
        VerdictHorizon.checkMargin(margin);
        List<VerdictScore> atDefaults = new ArrayList<>();
        List<VerdictHorizon> calibrated = new ArrayList<>();
        for (VerdictRule rule : VerdictRule.values()) {
            rule.defaultHorizon().ifPresent(h -> atDefaults.add(runs.score(rule, h)));
            if (runs.calibratable(rule)) {
                calibrated.add(runs.calibrate(rule, margin));
            }
        }
        return new VerdictReport(runs.task(), runs.threshold(), runs.budget(), runs.positives(), runs.negatives(),
                atDefaults, calibrated);
    }

    /** As {@link #evaluate(LabelledRuns, double)} on {@link LabelledRuns#of(List, boolean, double)} with the default margin. */
    public static VerdictReport evaluate(List<RunHistory> runs, boolean allowMixed, double threshold) {
        return evaluate(LabelledRuns.of(runs, allowMixed, threshold), VerdictHorizon.DEFAULT_MARGIN);
    }

    /** The rule's calibrated horizon, if it could be calibrated. */
    public Optional<VerdictHorizon> horizon(VerdictRule rule) {
        return calibrated.stream().filter(h -> h.rule() == rule).findFirst();
    }
}
