package dev.grokwatch.examples.reproduce;

import dev.grokwatch.entropy.forecast.ThresholdCalibrator;
import dev.grokwatch.entropy.forecast.ThresholdEstimate;

import java.util.ArrayList;
import java.util.List;

/**
 * E7, universality (arXiv 2604.13123, §9, Table 3): for subtraction and multiplication mod 97 and composition in S5,
 * how many seeds grok and when, H̃* calibrated on the task's grokked runs ({@link ThresholdCalibrator}), and how often
 * H̃ crosses the run's H̃* before grokking (S5: how often the collapse onset comes before grokking).
 */
final class UniversalityAnalysis {

    private UniversalityAnalysis() {
    }

    /** One task's four claims, the last one the crossing (or, for S5, the onset) before grokking. */
    private record Task(RunGroup group, PaperClaim grokked, PaperClaim grokStep, PaperClaim threshold,
                        PaperClaim before) {
    }

    private static final List<Task> TASKS = List.of(
            new Task(RunGroup.SUB, PaperClaim.E7_SUB_GROKKED, PaperClaim.E7_SUB_T_GROK, PaperClaim.E7_SUB_THRESHOLD,
                    PaperClaim.E7_SUB_CROSSES_FIRST),
            new Task(RunGroup.MUL, PaperClaim.E7_MUL_GROKKED, PaperClaim.E7_MUL_T_GROK, PaperClaim.E7_MUL_THRESHOLD,
                    PaperClaim.E7_MUL_CROSSES_FIRST),
            new Task(RunGroup.S5, PaperClaim.E7_S5_GROKKED, PaperClaim.E7_S5_T_GROK, PaperClaim.E7_S5_THRESHOLD,
                    PaperClaim.E7_S5_COLLAPSE_FIRST));

    /** Table 3 of the paper, as published, gives the two abelian tasks the same T_grok and H̃*. */
    static final String TABLE_3_NOTE = "The paper's Table 3 gives subtraction and multiplication the same row"
            + " (5/5, T_grok 21,560, H̃* 0.589); both are compared with that row as printed.";

    static ExperimentResult analyse(Runs runs) {
        List<Claim> claims = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (Task task : TASKS) {
            GroupRuns group = runs.group(task.group());
            String absent = group.absence();
            if (absent != null) {
                claims.add(VerdictRules.inconclusive(task.grokked(), Estimate.none(Unit.COUNT), absent));
                claims.add(VerdictRules.inconclusive(task.grokStep(), Estimate.none(Unit.STEPS), absent));
                claims.add(VerdictRules.inconclusive(task.threshold(), Estimate.none(Unit.ENTROPY), absent));
                claims.add(VerdictRules.inconclusive(task.before(), Estimate.none(Unit.COUNT), absent));
                continue;
            }
            List<AnalysedRun> grokked = group.grokked();
            claims.add(TwoPhasesAnalysis.grokked(task.grokked(), group));
            claims.add(VerdictRules.value(task.grokStep(), TwoPhasesAnalysis.grokSteps(grokked),
                    TwoPhasesAnalysis.TIMESCALE));
            claims.add(threshold(task.threshold(), grokked));
            if (task.group() == RunGroup.S5) {
                claims.add(TwoPhasesAnalysis.count(task.before(), grokked, r -> r.collapseOnsetStep().isPresent()
                        && r.collapseOnsetStep().getAsLong() < r.grokStep().getAsLong(), group.lacking(), null));
            } else {
                claims.add(TwoPhasesAnalysis.count(task.before(), grokked, r -> r.crossingStep().isPresent()
                        && r.crossingStep().getAsLong() < r.grokStep().getAsLong(), group.lacking(),
                        "in those runs H̃ went below"
                        + " H̃* only at or after the grokking step, or never"));
            }
            for (AnalysedRun r : group.finished()) {
                rows.add(List.of(task.group().folder(), r.name(), Numbers.step(r.memorisedStep()),
                        Numbers.step(r.collapseOnsetStep()), Unit.ENTROPY.format(r.threshold()),
                        Numbers.step(r.crossingStep()), Numbers.step(r.grokStep()),
                        r.grokked() ? Unit.ENTROPY.format(TwoPhasesAnalysis.entropyAtGrok(r)) : "-"));
            }
        }
        return new ExperimentResult(Experiment.E7, claims, List.of(), List.of(new DetailTable("Runs of the three"
                + " tasks", List.of("task", "run", "memorised", "collapse onset", "H̃*", "H̃ < H̃*", "T_grok",
                "H̃ at T_grok"), rows)), notes(runs));
    }

    /** The groups' notes, then why subtraction and multiplication are read against one and the same row. */
    private static List<String> notes(Runs runs) {
        List<String> notes = new ArrayList<>(runs.notes(Experiment.E7.groups()));
        notes.add(TABLE_3_NOTE);
        return notes;
    }

    private static Claim threshold(PaperClaim claim, List<AnalysedRun> grokked) {
        if (grokked.size() < 2) {
            return VerdictRules.inconclusive(claim, Estimate.none(Unit.ENTROPY), "H̃* needs at least 2 grokked runs, "
                    + grokked.size() + " grokked");
        }
        ThresholdEstimate h = new ThresholdCalibrator().calibrate(grokked.stream().map(AnalysedRun::calibrationRun)
                .toList());
        return VerdictRules.value(claim, new Estimate(Unit.ENTROPY, h.mean(), h.low(), h.high(), h.runs()),
                "H̃ at the grokking step sits elsewhere with this implementation");
    }
}
