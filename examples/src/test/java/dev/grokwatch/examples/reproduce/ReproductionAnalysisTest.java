package dev.grokwatch.examples.reproduce;

import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.entropy.forecast.CalibrationReport;
import dev.grokwatch.entropy.forecast.Predictor;
import dev.grokwatch.entropy.forecast.PredictorFit;
import dev.grokwatch.examples.run.RunFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every table on tiny synthetic run groups whose numbers are known by construction ({@link SyntheticRun}): the
 * baseline groks at 4,000 / 5,000 / 6,000 with leads 400 / 600 / 800 (H̃ at grokking 0.50 / 0.45 / 0.40), mixing
 * 2,000 steps later, the norm-matched control 3,000 steps later with a logit scale of 8 against the baseline's 10,
 * subtraction at 3,000 / 3,400 / 3,800, one MLP that never groks; no S5, no torch-init runs; one baseline run that
 * never finished.
 */
class ReproductionAnalysisTest {

    @TempDir
    static Path root;
    private static Path runs;
    private static ReproductionResult result;

    @BeforeAll
    static void analyse() throws IOException {
        runs = root.resolve("runs");
        Path baseline = runs.resolve("baseline");
        long[] grok = {4_000, 5_000, 6_000};
        long[] lead = {400, 600, 800};
        double[] probeOffset = {0.01, -0.01, 0.0};
        for (int s = 0; s < 3; s++) {
            String name = "add97-transformer-seed" + s;
            SyntheticRun.grokking(s, grok[s], lead[s]).logitScale(10).testProbe(probeOffset[s])
                    .write(baseline, name);
            SyntheticRun.grokking(s, grok[s] + 2_000, 400).write(runs.resolve("mix"), name + "-mix0.3");
            SyntheticRun.grokking(s, grok[s] + 3_000, 400).logitScale(8).write(runs.resolve("norm-matched"),
                    name + "-norm-matched");
            SyntheticRun.grokking(s, 3_000 + 400 * s, 400).task("sub").write(runs.resolve("sub"),
                    "sub97-transformer-seed" + s);
        }
        SyntheticRun.notGrokking(0, 6_000).model("mlp").memorisedAt(400).declineFrom(2_000).fourier(0.05, 0.05)
                .write(runs.resolve("mlp"), "add97-mlp-seed0");
        Path crashed = Files.createDirectories(baseline.resolve("add97-transformer-seed3"));
        Files.copy(baseline.resolve("add97-transformer-seed0").resolve(RunFolder.METRICS),
                crashed.resolve(RunFolder.METRICS));
        result = ReproductionAnalysis.analyse(runs, EnumSet.allOf(Experiment.class));
    }

    private static Claim claim(String id) {
        return result.claim(id);
    }

    private static void assertVerdict(Verdict expected, String id) {
        assertEquals(expected, claim(id).verdict(), id + ": " + claim(id).reason());
    }

    @Test
    void groupsAreCountedAndTheUnfinishedRunNamed() {
        GroupSummary baseline = result.groups().get(0);
        assertEquals("baseline", baseline.group());
        assertEquals(3, baseline.finished());
        assertEquals(3, baseline.grokked());
        assertEquals(List.of("add97-transformer-seed3: no summary.json: not finished (stopped or crashed)"),
                baseline.failed());
        assertTrue(result.experiment(Experiment.E1).notes().stream()
                .anyMatch(n -> n.contains("add97-transformer-seed3")), result.experiment(Experiment.E1).notes()
                .toString());
        assertFalse(result.groups().stream().filter(g -> g.group().equals("s5")).findFirst().orElseThrow().present());
        assertEquals(10, result.experiments().size());
    }

    @Test
    void e1TwoPhases() {
        assertVerdict(Verdict.REPRODUCED, "E1.1");
        assertEquals("3/3", claim("E1.1").ours().text());
        Estimate tGrok = claim("E1.2").ours();
        assertEquals(5_000, tGrok.value(), 1e-9); // (4,000 + 5,000 + 6,000) / 3
        assertTrue(tGrok.low() >= 4_000 && tGrok.high() <= 6_000, tGrok.text());
        assertVerdict(Verdict.NOT_REPRODUCED, "E1.2"); // the paper's 14,360 lies above
        assertTrue(claim("E1.2").reason().contains("ours is lower"), claim("E1.2").reason());
        assertVerdict(Verdict.REPRODUCED, "E1.3"); // H̃ starts at its top, 0.75
        assertVerdict(Verdict.REPRODUCED, "E1.4"); // 0.50, 0.45, 0.40 at grokking
        // norm 40 + step/100 up to 1,000: trailing means of 5 reach 49.6 >= 0.98 · 50 at 1,600; onsets at 3,200+
        assertVerdict(Verdict.REPRODUCED, "E1.5");
        assertEquals(1_600, measurement(Experiment.E1, "norm plateau step").value(), 1e-9);
        assertVerdict(Verdict.REPRODUCED, "E1.6");
        assertEquals(600, measurement(Experiment.E1, "memorisation step").value(), 1e-9);
        assertEquals(0.45, measurement(Experiment.E1, "H̃ at grokking").value(), 1e-9);
        assertVerdict(Verdict.INCONCLUSIVE, "E1.7");
        assertTrue(claim("E1.8").reason().contains("torch-init"), claim("E1.8").reason());
    }

    @Test
    void e1ARunWhoseEntropyRisesFirstBreaksTheDeclineFromInitialisation(@TempDir Path other) throws IOException {
        SyntheticRun.grokking(0, 4_000, 400).startingAt(0.62).write(other.resolve("baseline"), "rising");
        Claim decline = ReproductionAnalysis.analyse(other, EnumSet.of(Experiment.E1)).claim("E1.3");
        assertEquals(Verdict.NOT_REPRODUCED, decline.verdict());
        assertTrue(decline.reason().contains("rises from 0.620 at the first evaluation to a peak of 0.750"),
                decline.reason());
    }

    @Test
    void e2ThresholdAndLead() {
        assertVerdict(Verdict.REPRODUCED, "E2.1");
        assertEquals(600, claim("E2.2").ours().value(), 1e-9); // leads 400, 600, 800
        assertVerdict(Verdict.NOT_REPRODUCED, "E2.2"); // 1,020 lies above the largest lead
        Estimate threshold = claim("E2.3").ours();
        assertEquals(0.45, threshold.value(), 1e-9);
        assertTrue(threshold.low() >= 0.40 - 1e-9 && threshold.high() <= 0.50 + 1e-9, threshold.text());
        assertVerdict(Verdict.NOT_REPRODUCED, "E2.3");
        // test accuracy rises to 0.5 at T_grok - 2,000, before every crossing at T_grok - lead
        assertVerdict(Verdict.NOT_REPRODUCED, "E2.4");
        assertEquals("0/3", claim("E2.4").ours().text());
        Estimate riseLead = measurement(Experiment.E2, "lead of the crossing over the first rise");
        assertEquals(-1_400, riseLead.value(), 1e-9); // lead - 2,000: -1,600, -1,400, -1,200
        assertEquals(0.5, measurement(Experiment.E2, "test accuracy at the crossing").value(), 1e-9);
        assertTrue(result.experiment(Experiment.E2).notes().get(0).contains("a mean 1,400 steps after test accuracy"
                + " first reaches 0.1 and 600 steps before test accuracy reaches 0.99"),
                result.experiment(Experiment.E2).notes().get(0));
    }

    @Test
    void e3MixingDelaysAndHoldsTheEntropy() {
        assertVerdict(Verdict.REPRODUCED, "E3.1");
        Claim delay = claim("E3.2");
        assertEquals(2_000, delay.ours().value(), 1e-9);
        assertEquals(8.5, delay.test().u(), 1e-12); // {6,000, 7,000, 8,000} against {4,000, 5,000, 6,000}
        assertEquals(0.040428, delay.test().oneSidedP(), 1e-5);
        assertEquals(2.0, delay.test().cohensD(), 1e-12);
        assertVerdict(Verdict.REPRODUCED, "E3.2");
        assertVerdict(Verdict.REPRODUCED, "E3.3"); // mixing's H̃ stays at 0.75 until each baseline groks
    }

    @Test
    void e4NormMatchedControlAndItsLogitScale() {
        assertVerdict(Verdict.REPRODUCED, "E4.1");
        Claim delay = claim("E4.2");
        assertEquals(3_000, delay.ours().value(), 1e-9);
        assertEquals(9.0, delay.test().u(), 1e-12);
        assertEquals(0.024767, delay.test().oneSidedP(), 1e-5);
        assertVerdict(Verdict.REPRODUCED, "E4.2");
        Claim logits = claim("E4.3");
        assertEquals(0.8, logits.ours().value(), 1e-12); // 8 against 10 on every seed
        assertVerdict(Verdict.NOT_REPRODUCED, "E4.3");
        assertTrue(logits.reason().contains("by -20%"), logits.reason());
    }

    @Test
    void e5NormAgainstEntropyAndTable2() throws IOException {
        List<double[]> pairs = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            for (MetricsCsv.Row row : MetricsCsv.rows(runs.resolve("baseline").resolve("add97-transformer-seed" + s)
                    .resolve(RunFolder.METRICS), MetricsCsv.Column.PARAM_NORM, MetricsCsv.Column.ENTROPY)) {
                pairs.add(new double[]{row.number(MetricsCsv.Column.PARAM_NORM),
                        row.number(MetricsCsv.Column.ENTROPY)});
            }
        }
        Claim r = claim("E5.1");
        assertEquals(pearsonByFormula(pairs), r.ours().value(), 1e-12);
        assertEquals(pairs.size(), r.ours().n());
        boolean weakNegative = r.ours().value() >= -0.3 && r.ours().value() < 0;
        assertEquals(weakNegative ? Verdict.REPRODUCED : Verdict.NOT_REPRODUCED, r.verdict());

        CalibrationReport report = CalibrationReport.evaluate(result.runs(RunGroup.BASELINE).finished().stream()
                .map(AnalysedRun::calibrationRun).toList());
        double entropyGap = rSquared(report, Predictor.ENTROPY_GAP);
        assertEquals(entropyGap, measurement(Experiment.E5, "Table 2: R² with entropy gap").value(), 1e-12);
        assertEquals(entropyGap - rSquared(report, Predictor.PARAM_NORM), claim("E5.2").ours().value(), 1e-12);
        assertEquals(entropyGap - rSquared(report, Predictor.NORM_GAP), claim("E5.3").ours().value(), 1e-12);
    }

    @Test
    void e6ReadsTheLibrarysForecastEvaluation() {
        Claim gamma = claim("E6.1");
        CalibrationReport report = CalibrationReport.evaluate(result.runs(RunGroup.BASELINE).finished().stream()
                .map(AnalysedRun::calibrationRun).toList());
        PredictorFit law = report.predictorFits().stream().filter(f -> f.predictor() == Predictor.ENTROPY_GAP)
                .findFirst().orElseThrow();
        assertEquals(law.fit().gamma(), gamma.ours().value(), 1e-12);
        assertTrue(gamma.ours().low() <= gamma.ours().value() && gamma.ours().value() <= gamma.ours().high());
        double mape = report.predictions(dev.grokwatch.entropy.forecast.ForecastMethod.POWER_LAW).stream()
                .filter(p -> Long.valueOf(2_000L).equals(p.horizon())
                        && p.forecast() != null)
                .mapToDouble(dev.grokwatch.entropy.forecast.HeldOutPrediction::absolutePercentageError).average()
                .orElse(Double.NaN);
        assertEquals(mape, claim("E6.3").ours().value(), 1e-9);
    }

    @Test
    void e7UniversalityWithTheAbsentTasksInconclusive() {
        assertVerdict(Verdict.REPRODUCED, "E7.1");
        assertEquals(3_400, claim("E7.2").ours().value(), 1e-9);
        assertVerdict(Verdict.NOT_REPRODUCED, "E7.2");
        assertEquals(0.5, claim("E7.3").ours().value(), 1e-9); // lead 400: H̃ 0.50 at every grokking step
        assertVerdict(Verdict.NOT_REPRODUCED, "E7.3");
        assertVerdict(Verdict.REPRODUCED, "E7.4");
        for (String id : List.of("E7.5", "E7.6", "E7.7", "E7.8")) {
            assertVerdict(Verdict.INCONCLUSIVE, id);
            assertTrue(claim(id).reason().contains("'mul'"), claim(id).reason());
        }
        assertTrue(claim("E7.12").reason().contains("'s5'"), claim("E7.12").reason());
        // the paper's one row for both abelian tasks is said beside the table, after the groups' own notes
        List<String> notes = result.experiment(Experiment.E7).notes();
        assertEquals(UniversalityAnalysis.TABLE_3_NOTE, notes.get(notes.size() - 1), notes.toString());
    }

    @Test
    void e8MlpAgainstTransformer() {
        assertEquals("1/4", claim("E8.1").ours().text()); // the MLP memorises at 400, the Transformers at 600
        assertVerdict(Verdict.NOT_REPRODUCED, "E8.1");
        assertVerdict(Verdict.REPRODUCED, "E8.2"); // H̃ falls to 0.1
        assertVerdict(Verdict.REPRODUCED, "E8.3"); // never grokked
        assertEquals(0.05, claim("E8.4").ours().value(), 1e-12);
        assertVerdict(Verdict.REPRODUCED, "E8.4");
        assertVerdict(Verdict.REPRODUCED, "E8.5"); // 0.3 at memorisation, 0.8 at grokking
    }

    @Test
    void probeRobustness() throws IOException {
        Claim difference = claim("B.1");
        assertEquals(0.0, difference.ours().value(), 1e-12); // +0.01, -0.01 and 0
        assertVerdict(Verdict.REPRODUCED, "B.1");
        // a small consistent difference is the same H̃ (a test against exactly 0 would fail it at large n)
        assertTrue(ProbeAnalysis.sameValue(-0.001));
        assertTrue(ProbeAnalysis.sameValue(0.015));
        assertFalse(ProbeAnalysis.sameValue(-0.02));
        assertFalse(ProbeAnalysis.sameValue(Double.NaN));
        List<double[]> pairs = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            Path run = runs.resolve("baseline").resolve("add97-transformer-seed" + s);
            List<MetricsCsv.Row> train = MetricsCsv.rows(run.resolve(RunFolder.METRICS), MetricsCsv.Column.ENTROPY);
            List<MetricsCsv.Row> test = MetricsCsv.rows(run.resolve(RunFolder.TEST_PROBE_METRICS),
                    MetricsCsv.Column.ENTROPY);
            for (int i = 0; i < train.size(); i++) {
                pairs.add(new double[]{train.get(i).number(MetricsCsv.Column.ENTROPY),
                        test.get(i).number(MetricsCsv.Column.ENTROPY)});
            }
        }
        assertEquals(pearsonByFormula(pairs), claim("B.2").ours().value(), 1e-12);
        assertVerdict(Verdict.REPRODUCED, "B.2");
        assertEquals(0.45, measurement(Experiment.PROBE, "H̃ at grokking, test-set probe").value(), 1e-9);
    }

    @Test
    void overhead() {
        assertEquals(5.0, claim("D.1").ours().value(), 1e-12);
        assertVerdict(Verdict.NOT_REPRODUCED, "D.1");
        // 5 ms × 20, 25, 30 evaluations in 10 s: 1%, 1.25%, 1.5%
        assertEquals(1.25, claim("D.2").ours().value(), 1e-9);
        assertVerdict(Verdict.NOT_REPRODUCED, "D.2");
    }

    @Test
    void theTasksFigureAndTheNormMatchedFigureAreDrawn(@TempDir Path out) {
        ReproductionReportWriter.write(result, out);
        for (String png : new String[]{"fig5-tasks.png", "fig3-norm-matched.png", "fig3-mixing.png",
                "fig9-mlp-transformer.png", "fig10-probes.png"}) {
            assertTrue(Files.isRegularFile(out.resolve(png)), png);
        }
    }

    @Test
    void missingGroupsMakeEveryClaimInconclusiveWithoutThrowing(@TempDir Path empty) {
        ReproductionResult nothing = ReproductionAnalysis.analyse(empty.resolve("runs"),
                EnumSet.allOf(Experiment.class));
        assertEquals(PaperClaim.values().length, nothing.claims().size());
        for (Claim c : nothing.claims()) {
            assertEquals(Verdict.INCONCLUSIVE, c.verdict(), c.id() + ": " + c.reason());
            assertTrue(c.reason().contains("absent"), c.id() + ": " + c.reason());
        }
    }

    @Test
    void missingRecordingsMakeTheirClaimsInconclusive(@TempDir Path other) throws IOException {
        for (int s = 0; s < 3; s++) {
            SyntheticRun.grokking(s, 4_000 + 1_000 * s, 600).write(other.resolve("baseline"), "seed" + s);
            SyntheticRun.grokking(s, 7_000 + 1_000 * s, 400).write(other.resolve("norm-matched"), "nm-seed" + s);
        }
        Files.writeString(other.resolve("baseline").resolve("seed0").resolve(RunFolder.TEST_PROBE_METRICS), "junk\n");
        ReproductionResult partial = ReproductionAnalysis.analyse(other, EnumSet.of(Experiment.E4,
                Experiment.PROBE));
        Claim logits = partial.claim("E4.3");
        assertEquals(Verdict.INCONCLUSIVE, logits.verdict());
        assertTrue(logits.reason().contains("logit-scale.csv (train --logit-scale) missing in seed0, nm-seed0"),
                logits.reason());
        assertEquals(Verdict.REPRODUCED, partial.claim("E4.2").verdict(), "the delay needs no recording");
        Claim probe = partial.claim("B.1");
        assertEquals(Verdict.INCONCLUSIVE, probe.verdict());
        assertTrue(probe.reason().contains(RunFolder.TEST_PROBE_METRICS), probe.reason());
        assertTrue(partial.experiment(Experiment.PROBE).notes().stream().anyMatch(n ->
                n.contains("seed0/" + RunFolder.TEST_PROBE_METRICS + " unreadable")),
                partial.experiment(Experiment.PROBE).notes().toString());
    }

    @Test
    void tooFewPairsForTheTestAreInconclusive(@TempDir Path other) throws IOException {
        for (int s = 0; s < 2; s++) {
            SyntheticRun.grokking(s, 4_000, 400).write(other.resolve("baseline"), "seed" + s);
            SyntheticRun.grokking(s, 9_000, 400).write(other.resolve("mix"), "mix-seed" + s);
        }
        Claim delay = ReproductionAnalysis.analyse(other, EnumSet.of(Experiment.E3)).claim("E3.2");
        assertEquals(Verdict.INCONCLUSIVE, delay.verdict());
        assertTrue(delay.reason().contains("at least 3 runs per arm"), delay.reason());
    }

    private static Estimate measurement(Experiment experiment, String labelStart) {
        return result.experiment(experiment).measurements().stream().filter(m -> m.label().startsWith(labelStart))
                .findFirst().orElseThrow(() -> new AssertionError("no measurement '" + labelStart + "' in "
                        + result.experiment(experiment).measurements())).value();
    }

    private static double rSquared(CalibrationReport report, Predictor predictor) {
        return report.predictorFits().stream().filter(f -> f.predictor() == predictor).findFirst().orElseThrow()
                .fit().rSquared();
    }

    /** r = Sxy / √(Sxx·Syy). */
    static double pearsonByFormula(List<double[]> pairs) {
        double mx = pairs.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double my = pairs.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (double[] p : pairs) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
            syy += (p[1] - my) * (p[1] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
