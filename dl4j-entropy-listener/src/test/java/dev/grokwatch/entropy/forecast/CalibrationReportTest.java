package dev.grokwatch.entropy.forecast;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CalibrationReportTest {

    @Test
    void identicalShapesShiftedInTimeAreForecastAlmostExactly() {
        CalibrationReport report = CalibrationReport.evaluate(SyntheticRuns.shifted(5, 5_000, 0));
        assertEquals(0, report.summary(ForecastMethod.COLLAPSE_RATE, 8_000L).forecasts(),
                "8,000 steps before grokking is before the onset: no decline to read");
        for (Long horizon : List.of(4_000L, 2_000L, 1_000L, 500L)) {
            HorizonSummary s = report.summary(ForecastMethod.COLLAPSE_RATE, horizon);
            assertEquals(5, s.runs());
            assertEquals(5, s.forecasts(), "a decline to read at " + horizon + " steps before");
            assertEquals(Math.ceil(horizon / 200.0) * 200, s.meanWarning(), 1e-9, "the last evaluation at or before the cut");
            assertTrue(s.mape() < 0.2, horizon + " steps before: " + s);
        }
        HorizonSummary first = report.summary(ForecastMethod.COLLAPSE_RATE, null);
        assertEquals(5, first.confident());
        assertTrue(first.mape() < 0.2, first.toString());
        // confident once 8 evaluations since the onset are fitted: onset + 1,400, grokking at onset + 5,000
        assertEquals(3_600, first.meanWarning(), 200);
        assertEquals(ForecastMethod.COLLAPSE_RATE, report.best());
        assertEquals(ForecastMethod.COLLAPSE_RATE, report.calibration().method());
    }

    @Test
    void noisyShiftedRunsStayAccurateAndThePowerLawIsScoredToo() {
        CalibrationReport report = CalibrationReport.evaluate(SyntheticRuns.shifted(5, 5_000, 0.003));
        HorizonSummary rate = report.summary(ForecastMethod.COLLAPSE_RATE, 2_000L);
        assertTrue(rate.mape() < 3, rate.toString());
        HorizonSummary law = report.summary(ForecastMethod.POWER_LAW, 2_000L);
        assertEquals(5, law.forecasts());
        assertTrue(law.mape() < 10, law.toString());
        assertEquals(ForecastMethod.values().length * 6, report.summaries().size(),
                "5 horizons and the first confident forecast, per forecaster and baseline");
    }

    @Test
    void table2FitsEveryPredictorOnTheSameEvaluations() {
        CalibrationReport report = CalibrationReport.evaluate(SyntheticRuns.shifted(5, 5_000, 0.003));
        List<PredictorFit> table = report.predictorFits();
        assertEquals(List.of(Predictor.ENTROPY_GAP, Predictor.PARAM_NORM, Predictor.NORM_GAP),
                table.stream().map(PredictorFit::predictor).toList());
        int points = table.get(0).fit().points();
        table.forEach(f -> assertEquals(points, f.fit().points(), f.predictor().label()));
        assertEquals(report.calibration().powerLaw(), table.get(0).fit(), "the entropy gap row is the forecaster's law");
        // the synthetic norm is 30 + 20·(1 − e^{−t/3000}); the largest one fitted is the last before grokking
        double lastNormBeforeGrok = 30 + 20 * (1 - Math.exp(-(4_000 + 600 * 4 + 5_000 - 200) / 3000.0));
        assertEquals(lastNormBeforeGrok, table.get(1).fit().xMax(), 0.02);
    }

    @Test
    void runsThatNeverGrokkedAreReportedNotDropped() {
        List<RunHistory> runs = new ArrayList<>(SyntheticRuns.shifted(4, 5_000, 0));
        // collapses like the others but never generalises: the forecaster's confidence is a false alarm here
        runs.add(new RunHistory("mlp", "add mod 97", SyntheticRuns.history(4_000, Long.MAX_VALUE, 12_000, 0, 9)));
        CalibrationReport report = CalibrationReport.evaluate(runs);
        assertEquals(1, report.notGrokked().size());
        NotGrokkedRun mlp = report.notGrokked().get(0);
        assertEquals("mlp", mlp.name());
        assertEquals(12_000, mlp.lastStep());
        assertNotNull(mlp.firstConfident());
        assertEquals(List.of("mlp"), report.calibration().notGrokked());
        assertEquals(4, report.summary(ForecastMethod.COLLAPSE_RATE, 500L).runs());
        assertTrue(report.predictions(ForecastMethod.COLLAPSE_RATE).stream().noneMatch(p -> p.run().equals("mlp")),
                "a run that never grokked has no grokking step to score against");
    }

    @Test
    void theReportIsItsNumbersAndRefusesAMissingForecaster() {
        CalibrationReport report = CalibrationReport.evaluate(SyntheticRuns.shifted(4, 5_000, 0.003));
        assertEquals(new CalibrationReport(report.calibration(), report.predictions(), report.predictorFits(),
                report.notGrokked()), report, "a value: equal parts make an equal report");
        assertEquals(4 * 6, report.predictions(ForecastMethod.POWER_LAW).size(), "5 horizons and the first confident");
        assertThrows(UnsupportedOperationException.class, () -> report.predictions().clear());
        IllegalArgumentException noHorizon = assertThrows(IllegalArgumentException.class,
                () -> report.summary(ForecastMethod.POWER_LAW, 3_000L));
        assertTrue(noHorizon.getMessage().contains("expected one of [8000, 4000, 2000, 1000, 500]"), noHorizon.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new CalibrationReport(report.calibration(), java.util.Map.of(ForecastMethod.POWER_LAW,
                        report.predictions(ForecastMethod.POWER_LAW)), report.predictorFits(), report.notGrokked()));
        assertTrue(missing.getMessage().contains("no held-out predictions of collapse-rate"), missing.getMessage());
    }

    @Test
    void tooFewGrokkedRunsAndMixedTasksAreRefusedWithAReason() {
        List<RunHistory> two = new ArrayList<>(SyntheticRuns.shifted(2, 5_000, 0));
        two.add(new RunHistory("stuck", "add mod 97", SyntheticRuns.history(4_000, Long.MAX_VALUE, 9_000, 0, 9)));
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class, () -> CalibrationReport.evaluate(two));
        assertTrue(few.getMessage().contains("only 2 of 3 runs grokked (not grokked: stuck)")
                && few.getMessage().contains("at least 3"), few.getMessage());

        List<RunHistory> mixed = new ArrayList<>(SyntheticRuns.shifted(3, 5_000, 0));
        mixed.add(new RunHistory("sub", "sub mod 97", SyntheticRuns.history(4_000, 9_000, 13_000, 0, 9)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CalibrationReport.evaluate(mixed));
        assertTrue(e.getMessage().contains("different tasks") && e.getMessage().contains("sub (sub mod 97)"),
                e.getMessage());
        assertTrue(CalibrationReport.evaluate(mixed, true).task().startsWith("mixed: "));

        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> CalibrationReport.evaluate(List.of()));
        assertTrue(none.getMessage().contains("no runs given"), none.getMessage());
    }
    @Test
    void theSelectionHorizonIsTheLargestNoLongerThanAThirdOfTheMedianGrokkingStep() {
        // the ten committed runs of the default setting (docs/runs/add97-transformer-seeds0-9): median 7,100
        assertEquals(2_000, CalibrationReport.selectionHorizon(List.of(8_000L, 6_800L, 7_200L, 7_000L, 7_400L, 4_000L,
                7_200L, 4_600L, 3_400L, 9_800L)));
        assertEquals(500, CalibrationReport.selectionHorizon(List.of(1_400L, 1_500L, 1_600L)), "a third of 1,500");
        assertEquals(2_000, CalibrationReport.selectionHorizon(List.of(6_000L)), "a third of 6,000, exactly");
        assertEquals(1_000, CalibrationReport.selectionHorizon(List.of(5_999L)), "just under a third: the next one");
        assertEquals(8_000, CalibrationReport.selectionHorizon(List.of(20_000L, 30_000L, 40_000L)), "none is longer");
        assertEquals(500, CalibrationReport.selectionHorizon(List.of(900L)), "the shortest measured, for faster runs");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> CalibrationReport.selectionHorizon(List.of()));
        assertTrue(none.getMessage().contains("expected those of the grokked runs"), none.getMessage());
    }

    /**
     * A model that groks at about 1,500 steps (evaluated every 50): 2,000 steps before grokking is before its first
     * evaluation, so at that horizon only the baselines "forecast". At its selection horizon, 500, the collapse rate
     * reads the same curve in every run and beats them.
     */
    @Test
    void aModelThatGroksWithinTwoThousandStepsIsSelectedWhereItsHistoryCanBeRead() {
        List<RunHistory> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long onset = 300 + 100L * i;
            runs.add(new RunHistory("fast" + i, "add mod 47", fastRun(onset, onset + 1_000, onset + 1_400)));
        }
        CalibrationReport report = CalibrationReport.evaluate(runs);

        assertEquals(500, report.selectionHorizon(), "median grokking step 1,500");
        assertEquals(0, report.summary(ForecastMethod.COLLAPSE_RATE, 2_000L).forecasts(), "premise: nothing to read");
        HorizonSummary at500 = report.summary(ForecastMethod.COLLAPSE_RATE, 500L);
        assertTrue(at500.beatsBaseline(), "premise: " + at500);
        assertFalse(report.best().baseline(), report.best().label());
        assertEquals(report.best(), report.calibration().method());
    }

    /** H̃ 0.95 until the onset, then a collapse with κ = 2e-3 per step; memorised from the first evaluation. */
    private static dev.grokwatch.entropy.EntropyHistory fastRun(long onset, long grokStep, long lastStep) {
        dev.grokwatch.entropy.EntropyHistory history = new dev.grokwatch.entropy.EntropyHistory(
                dev.grokwatch.entropy.PhaseCriteria.defaults());
        for (long t = 50; t <= lastStep; t += 50) {
            double h = t <= onset ? 0.95 : 0.45 + 0.5 * Math.exp(-2e-3 * (t - onset));
            history.append(new dev.grokwatch.entropy.EntropyRecord(t, 0, h, h * Math.log(128),
                    Math.exp(h * Math.log(128)), null, 30 + t / 100.0, 0.01, 1.0, t >= grokStep ? 1.0 : 0.1, null, null,
                    null, 1.0));
        }
        return history;
    }
    /**
     * A run whose test accuracy is at the criterion from its first evaluation generalised without a delay: reported
     * apart from a run that never generalised, with its step, and named apart when too few runs grokked.
     */
    @Test
    void aRunThatGeneralisedWithoutADelayIsReportedAsSuchNotAsNeverGrokked() {
        List<RunHistory> runs = new ArrayList<>(SyntheticRuns.shifted(3, 5_000, 0));
        runs.add(new RunHistory("easy", "add mod 97", SyntheticRuns.history(4_000, 200, 9_000, 0, 7)));
        runs.add(new RunHistory("stuck", "add mod 97", SyntheticRuns.history(4_000, Long.MAX_VALUE, 9_000, 0, 8)));
        CalibrationReport report = CalibrationReport.evaluate(runs);
        assertEquals(List.of("easy", "stuck"), report.notGrokked().stream().map(NotGrokkedRun::name).toList());
        NotGrokkedRun easy = report.notGrokked().get(0);
        assertTrue(easy.generalised());
        assertEquals(200L, easy.generalisedStep());
        assertFalse(report.notGrokked().get(1).generalised());
        assertEquals(null, report.notGrokked().get(1).generalisedStep());

        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> CalibrationReport.evaluate(runs.subList(1, 5)));
        assertTrue(few.getMessage().startsWith("only 2 of 4 runs grokked (not grokked: stuck; generalised without a"
                + " delay, not grokking: easy); expected at least 3"), few.getMessage());
    }
    @Test
    void runsThatShareANameAreRefused() {
        List<RunHistory> runs = new ArrayList<>(SyntheticRuns.shifted(3, 5_000, 0));
        runs.add(runs.get(0));
        runs.add(new RunHistory("seed1", "add mod 97", SyntheticRuns.history(4_000, Long.MAX_VALUE, 9_000, 0, 8)));
        IllegalArgumentException alike = assertThrows(IllegalArgumentException.class,
                () -> CalibrationReport.evaluate(runs));
        assertTrue(alike.getMessage().startsWith("runs share a name: seed0 (2 runs), seed1 (2 runs); expected a"
                + " different name for each run"), alike.getMessage());
    }
}
