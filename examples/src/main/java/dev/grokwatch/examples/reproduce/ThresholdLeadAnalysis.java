package dev.grokwatch.examples.reproduce;

import dev.grokwatch.entropy.forecast.RunHistory;
import dev.grokwatch.entropy.forecast.ThresholdCalibrator;
import dev.grokwatch.entropy.forecast.ThresholdEstimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * E2, the threshold and its lead (arXiv 2604.13123, §5, Observation 1): in how many baseline runs H̃ crosses the
 * run's H̃* before test accuracy reaches 0.99 and by how much, H̃* calibrated as the mean H̃ at grokking
 * ({@link ThresholdCalibrator}, with its bootstrap interval), and the same lead over the first rise of test accuracy
 * (to {@value #FIRST_RISE}), which tells which event the crossing announces.
 */
final class ThresholdLeadAnalysis {

    /** Test accuracy that marks the first rise of generalisation (chance is about 0.01 on 97 classes). */
    static final double FIRST_RISE = 0.1;

    private ThresholdLeadAnalysis() {
    }

    static ExperimentResult analyse(Runs runs) {
        GroupRuns baseline = runs.group(RunGroup.BASELINE);
        List<String> notes = runs.notes(Experiment.E2.groups());
        String absent = baseline.absence();
        if (absent != null) {
            return new ExperimentResult(Experiment.E2, List.of(
                    VerdictRules.inconclusive(PaperClaim.E2_CROSSES_FIRST, Estimate.none(Unit.COUNT), absent),
                    VerdictRules.inconclusive(PaperClaim.E2_LEAD, Estimate.none(Unit.STEP_DIFFERENCE), absent),
                    VerdictRules.inconclusive(PaperClaim.E2_THRESHOLD, Estimate.none(Unit.ENTROPY), absent),
                    VerdictRules.inconclusive(PaperClaim.E2_BEFORE_FIRST_RISE, Estimate.none(Unit.COUNT), absent)),
                    List.of(), List.of(), notes);
        }
        List<AnalysedRun> grokked = baseline.grokked();
        List<AnalysedRun> crossed = grokked.stream().filter(r -> r.crossingStep().isPresent()).toList();
        List<Claim> claims = new ArrayList<>();
        claims.add(TwoPhasesAnalysis.count(PaperClaim.E2_CROSSES_FIRST, grokked,
                r -> r.crossingStep().isPresent() && r.crossingStep().getAsLong() < r.grokStep().getAsLong(),
                baseline.lacking(), "in those runs H̃ went below H̃* only at or after the grokking step, or never"));
        double[] leads = crossed.stream().mapToDouble(r -> r.grokStep().getAsLong() - r.crossingStep().getAsLong())
                .toArray();
        claims.add(VerdictRules.value(PaperClaim.E2_LEAD, Numbers.mean(Unit.STEP_DIFFERENCE, leads),
                "evaluations every 200 steps bound its resolution"));
        claims.add(threshold(grokked));

        List<AnalysedRun> risen = crossed.stream().filter(r -> r.firstStepWithTestAccuracy(FIRST_RISE).isPresent())
                .toList();
        double[] riseLeads = risen.stream().mapToDouble(r -> r.firstStepWithTestAccuracy(FIRST_RISE).getAsLong()
                - r.crossingStep().getAsLong()).toArray();
        double[] accuracyAtCrossing = crossed.stream()
                .mapToDouble(r -> r.testAccuracyAt(r.crossingStep().getAsLong()).orElse(Double.NaN))
                .filter(Double::isFinite).toArray();
        Estimate riseLead = Numbers.mean(Unit.STEP_DIFFERENCE, riseLeads);
        Estimate testAtCrossing = Numbers.mean(Unit.ACCURACY, accuracyAtCrossing);
        claims.add(TwoPhasesAnalysis.count(PaperClaim.E2_BEFORE_FIRST_RISE, risen,
                r -> r.crossingStep().getAsLong() < r.firstStepWithTestAccuracy(FIRST_RISE).getAsLong(),
                baseline.lacking(), String.format(Locale.ROOT, "in those runs test accuracy had already reached %.1f when H̃ crossed"
                        + " (mean test accuracy at the crossing %s)", FIRST_RISE, testAtCrossing.text())));

        List<Measurement> measurements = List.of(
                new Measurement(String.format(Locale.ROOT, "lead of the crossing over the first rise of test accuracy"
                        + " to %.1f (first rise − crossing step)", FIRST_RISE), riseLead),
                new Measurement("test accuracy at the crossing", testAtCrossing),
                new Measurement("H̃* the crossings were read against (the runs' own)", Numbers.mean(Unit.ENTROPY,
                        baseline.finished().stream().mapToDouble(AnalysedRun::threshold).toArray())));
        List<String> withAnnouncement = new ArrayList<>(notes);
        if (riseLead.present()) {
            withAnnouncement.add(0, announcement(riseLead, Numbers.mean(Unit.STEP_DIFFERENCE, leads)));
        }
        return new ExperimentResult(Experiment.E2, claims, measurements, List.of(table(baseline.finished())),
                withAnnouncement);
    }

    /** Which event the crossing announces, in one sentence. */
    static String announcement(Estimate riseLead, Estimate grokLead) {
        double rise = riseLead.value();
        String toGrok = grokLead.present() ? String.format(Locale.ROOT, "%s steps before test accuracy reaches 0.99",
                Unit.STEPS.format(grokLead.value())) : "before grokking";
        if (rise < 0) {
            return String.format(Locale.ROOT, "Which event the crossing announces: H̃ crosses H̃* a mean %s steps"
                    + " after test accuracy first reaches %.1f and %s, so it announces the end of grokking (0.99), not"
                    + " the first sign of generalisation.", Unit.STEPS.format(-rise), FIRST_RISE, toGrok);
        }
        return String.format(Locale.ROOT, "Which event the crossing announces: H̃ crosses H̃* a mean %s steps before"
                + " test accuracy first reaches %.1f and %s, so it announces generalisation itself.",
                Unit.STEPS.format(rise), FIRST_RISE, toGrok);
    }

    /** H̃* calibrated on the grokked runs by the library. */
    private static Claim threshold(List<AnalysedRun> grokked) {
        if (grokked.size() < 2) {
            return VerdictRules.inconclusive(PaperClaim.E2_THRESHOLD, Estimate.none(Unit.ENTROPY),
                    "H̃* needs at least 2 grokked runs, " + grokked.size() + " grokked");
        }
        List<RunHistory> histories = grokked.stream().map(AnalysedRun::calibrationRun).toList();
        ThresholdEstimate h = new ThresholdCalibrator().calibrate(histories);
        return VerdictRules.value(PaperClaim.E2_THRESHOLD, new Estimate(Unit.ENTROPY, h.mean(), h.low(), h.high(),
                h.runs()), "H̃ at the grokking step sits lower with this implementation");
    }

    private static DetailTable table(List<AnalysedRun> runs) {
        List<List<String>> rows = new ArrayList<>();
        for (AnalysedRun r : runs) {
            OptionalLong cross = r.crossingStep();
            OptionalLong rise = r.firstStepWithTestAccuracy(FIRST_RISE);
            OptionalLong grok = r.grokStep();
            rows.add(List.of(r.name(), Unit.ENTROPY.format(r.threshold()), Numbers.step(cross),
                    Numbers.cell(Unit.ACCURACY, cross.isPresent() ? r.testAccuracyAt(cross.getAsLong())
                            : OptionalDouble.empty()),
                    Numbers.step(rise), Numbers.step(grok),
                    difference(grok, cross), difference(rise, cross),
                    Numbers.cell(Unit.ENTROPY, grok.isPresent() ? r.entropyAt(grok.getAsLong())
                            : OptionalDouble.empty())));
        }
        return new DetailTable("Baseline runs: the crossing of each run's H̃* against the two events",
                List.of("run", "H̃*", "H̃ < H̃*", "test acc. there", "test ≥ " + FIRST_RISE, "T_grok",
                        "lead over T_grok", "lead over first rise", "H̃ at T_grok"), rows);
    }

    private static String difference(OptionalLong later, OptionalLong earlier) {
        return later.isPresent() && earlier.isPresent()
                ? Unit.STEP_DIFFERENCE.format(later.getAsLong() - earlier.getAsLong()) : "-";
    }
}
