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
}
