package dev.grokwatch.entropy.forecast;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The evaluation's baselines, intervals and selection on runs whose grokking steps are known, with every expected
 * number worked out by hand from those steps.
 */
class LeaveOneRunOutBaselinesTest {

    /** T_grok 9,000 / 9,600 / 10,200 / 10,800 / 11,400 (sum 51,000), evaluations every 200 steps. */
    static final CalibrationReport SHIFTED = CalibrationReport.evaluate(SyntheticRuns.shifted(5, 5_000, 0));

    static Forecast forecast(CalibrationReport report, ForecastMethod method, String run, Long horizon) {
        return report.predictions(method).stream().filter(p -> p.run().equals(run) && java.util.Objects.equals(
                p.horizon(), horizon)).findFirst().orElseThrow().forecast();
    }

    @Test
    void thePriorIsTheMeanOfTheOtherRunsGrokkingSteps() {
        // (51,000 − T_grok) / 4 at every horizon, whatever the step
        long[] grok = {9_000, 9_600, 10_200, 10_800, 11_400};
        long[] prior = {10_500, 10_350, 10_200, 10_050, 9_900};
        for (int i = 0; i < 5; i++) {
            for (long horizon : CalibrationReport.HORIZONS) {
                Forecast f = forecast(SHIFTED, ForecastMethod.PRIOR, "seed" + i, horizon);
                assertEquals(prior[i], f.predictedGrokStep(), "seed" + i + ", " + horizon + " steps before");
                assertEquals((grok[i] - horizon) / 200 * 200, f.step(), "the last evaluation (every 200 steps) at the cut");
            }
        }
        double mape = 100.0 * (1_500.0 / 9_000 + 750.0 / 9_600 + 0 + 750.0 / 10_800 + 1_500.0 / 11_400) / 5;
        for (long horizon : CalibrationReport.HORIZONS) {
            assertEquals(mape, SHIFTED.summary(ForecastMethod.PRIOR, horizon).mape(), 1e-9);
        }
    }

    @Test
    void theSurvivalMeanAveragesTheOtherRunsStillPossibleAndSaysNowWhenNoneIs() {
        assertEquals(10_500, forecast(SHIFTED, ForecastMethod.SURVIVAL_MEAN, "seed0", 500L).predictedGrokStep(),
                "t 8,400: all four others still possible");
        assertEquals(10_200, forecast(SHIFTED, ForecastMethod.SURVIVAL_MEAN, "seed4", 2_000L).predictedGrokStep(),
                "t 9,400: (9,600 + 10,200 + 10,800) / 3");
        // "500 steps before" reads the evaluation at or before T_grok − 500: t = T_grok − 600
        assertEquals(11_400, forecast(SHIFTED, ForecastMethod.SURVIVAL_MEAN, "seed3", 500L).predictedGrokStep(),
                "t 10,200: only 11,400 is later");
        assertEquals(10_800, forecast(SHIFTED, ForecastMethod.SURVIVAL_MEAN, "seed4", 500L).predictedGrokStep(),
                "t 10,800: every other run grokked by then: now");
        // seed0 10,500, seed1 (t 9,000) 10,800, seed2 (t 9,600) 11,100, seed3 11,400, seed4 10,800
        double mape = 100.0 * (1_500.0 / 9_000 + 1_200.0 / 9_600 + 900.0 / 10_200 + 600.0 / 10_800 + 600.0 / 11_400) / 5;
        assertEquals(mape, SHIFTED.summary(ForecastMethod.SURVIVAL_MEAN, 500L).mape(), 1e-9);
    }

    @Test
    void everyForecastersRowSetsTheBestBaselineOnTheSameRunsBesideIt() {
        for (long horizon : CalibrationReport.HORIZONS) {
            HorizonSummary prior = SHIFTED.summary(ForecastMethod.PRIOR, horizon);
            HorizonSummary survival = SHIFTED.summary(ForecastMethod.SURVIVAL_MEAN, horizon);
            HorizonSummary law = SHIFTED.summary(ForecastMethod.POWER_LAW, horizon);
            assertEquals(5, law.forecasts(), "premise: a power-law forecast for every run " + horizon + " steps before");
            assertEquals(Math.min(prior.mape(), survival.mape()), law.baselineMape(), 1e-9, horizon + " steps before");
            assertEquals(prior.mape() <= survival.mape() ? ForecastMethod.PRIOR : ForecastMethod.SURVIVAL_MEAN,
                    law.baseline());
            assertNull(prior.baseline(), "a baseline's own row has none beside it");
            assertTrue(Double.isNaN(prior.baselineMape()));
        }
        // the collapse rate forecasts only seed i's from 4,000 steps before: its baseline is on those runs alone
        HorizonSummary rate = SHIFTED.summary(ForecastMethod.COLLAPSE_RATE, 8_000L);
        assertEquals(0, rate.forecasts());
        assertNull(rate.baseline());
    }

    /**
     * Five runs grokking at 10,000 and one at 16,000, of one shape. Held out, a 10,000 run gets the prior 11,200
     * (error 1,200) and the 16,000 run gets 10,000 (error 6,000). A 10,000 run's interval comes from the other
     * five errors, 1,200 ×4 and 6,000: the ⌈6·0.8⌉ = 5th smallest is 6,000, which holds it. The 16,000 run's comes
     * from 1,200 ×5: ±1,200 around 10,000 misses it. Coverage: exactly 5 of 6, at 80% and at 95% alike.
     */
    @Test
    void coverageIsTheShareOfHeldOutRunsInsideIntervalsSizedByTheOtherRuns() {
        List<RunHistory> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            runs.add(new RunHistory("usual" + i, "add mod 97", SyntheticRuns.history(5_000, 10_000, 14_000, 0, i)));
        }
        runs.add(new RunHistory("late", "add mod 97", SyntheticRuns.history(11_000, 16_000, 20_000, 0, 9)));
        CalibrationReport report = CalibrationReport.evaluate(runs);
        for (long horizon : CalibrationReport.HORIZONS) {
            HorizonSummary s = report.summary(ForecastMethod.PRIOR, horizon);
            assertEquals(6, s.forecasts(), horizon + " steps before");
            assertEquals(100.0 * 5 / 6, s.coverage80(), 1e-9, horizon + " steps before");
            assertEquals(100.0 * 5 / 6, s.coverage95(), 1e-9, horizon + " steps before");
            Forecast usual = forecast(report, ForecastMethod.PRIOR, "usual0", horizon);
            assertEquals(new PredictionInterval(Math.max(usual.step(), 11_200 - 6_000), 11_200 + 6_000),
                    usual.interval80());
            assertEquals(new PredictionInterval(10_000 - 1_200, 10_000 + 1_200),
                    forecast(report, ForecastMethod.PRIOR, "late", horizon).interval80());
        }
        // calibration.json keeps the errors of all six: 1,200 ×5 and 6,000, so q80 = q95 = 6,000
        for (ErrorQuantiles q : report.calibration().heldOutErrors(ForecastMethod.PRIOR)) {
            assertEquals(new ErrorQuantiles(ForecastMethod.PRIOR, q.horizon(), 6, 6_000, 6_000), q);
        }
        assertEquals(CalibrationReport.HORIZONS.size(), report.calibration().heldOutErrors(ForecastMethod.PRIOR).size());
    }

    /**
     * Runs whose curve misleads: the later H̃ collapses, the earlier the run groks (onset 3,000 + 600·i, T_grok
     * 11,000 − 600·i). Neither forecaster beats the survival mean 2,000 steps before grokking, so the calibration
     * selects that baseline, writes its name, and reads back as a forecaster of it with intervals.
     */
    @Test
    void whenNoForecasterBeatsTheBestBaselineTheCalibrationSelectsTheBaseline(@org.junit.jupiter.api.io.TempDir
                                                                                     java.nio.file.Path dir) {
        List<RunHistory> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            runs.add(new RunHistory("r" + i, "add mod 97",
                    SyntheticRuns.history(3_000 + 600L * i, 11_000 - 600L * i, 14_000 - 600L * i, 0.003, i)));
        }
        CalibrationReport report = CalibrationReport.evaluate(runs);
        for (ForecastMethod forecaster : List.of(ForecastMethod.POWER_LAW, ForecastMethod.COLLAPSE_RATE)) {
            HorizonSummary s = report.summary(forecaster, report.selectionHorizon());
            assertFalse(s.beatsBaseline(), "premise: " + s);
            assertEquals(ForecastMethod.SURVIVAL_MEAN, s.baseline(), s.toString());
        }
        assertTrue(report.summary(ForecastMethod.SURVIVAL_MEAN, 2_000L).mape()
                < report.summary(ForecastMethod.PRIOR, 2_000L).mape(), "premise: the survival mean is the better one");

        assertEquals(ForecastMethod.SURVIVAL_MEAN, report.best());
        assertEquals(ForecastMethod.SURVIVAL_MEAN, report.calibration().method());
        java.nio.file.Path file = dir.resolve("calibration.json");
        report.calibration().write(file);
        assertTrue(report.calibration().toJson().contains("\"method\" : \"survival-mean\""));
        GrokForecaster read = Calibration.read(file).toForecaster();
        assertEquals("survival-mean", read.name());
        Forecast f = read.forecast(runs.get(0).history().upTo(9_000)).orElseThrow();
        assertEquals((11_000 + 10_400 + 9_800 + 9_200) / 4, f.predictedGrokStep(),
                "E[T | T > 9,000] over the five runs: all but 8,600 are later than 9,000");
        assertNotNull(f.interval80(), "with the held-out errors of the survival mean");
    }

    /** Held-out forecasts of T_grok 10,000 at 2,000 steps before, with the baselines' from the same cut. */
    static List<HeldOutPrediction> at2000(ForecastMethod method, int runs, long predicted, long prior, long survival) {
        List<HeldOutPrediction> made = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            made.add(new HeldOutPrediction("run" + i, 10_000, 2_000L, new Forecast(8_000, predicted, method.label(), true),
                    method.baseline() ? Map.of() : Map.of(ForecastMethod.PRIOR, prior,
                            ForecastMethod.SURVIVAL_MEAN, survival)));
        }
        return made;
    }

    static ForecastMethod selected(long lawPredicted, int rateRuns, long ratePredicted) {
        // baselines over the four runs: prior 11,000 (10%), survival mean 11,500 (15%)
        Map<ForecastMethod, List<HeldOutPrediction>> predictions = Map.of(
                ForecastMethod.POWER_LAW, at2000(ForecastMethod.POWER_LAW, 4, lawPredicted, 11_000, 11_500),
                ForecastMethod.COLLAPSE_RATE, at2000(ForecastMethod.COLLAPSE_RATE, rateRuns, ratePredicted, 11_000, 11_500),
                ForecastMethod.REMAINING_TIME, List.of(),
                // exact on every run, but it reads test accuracy: never selected
                ForecastMethod.REMAINING_TIME_TEST_ACCURACY,
                at2000(ForecastMethod.REMAINING_TIME_TEST_ACCURACY, 4, 10_000, 11_000, 11_500),
                ForecastMethod.PRIOR, at2000(ForecastMethod.PRIOR, 4, 11_000, 0, 0),
                ForecastMethod.SURVIVAL_MEAN, at2000(ForecastMethod.SURVIVAL_MEAN, 4, 11_500, 0, 0));
        return new CalibrationReport(SHIFTED.calibration(), predictions, List.of(), List.of()).best();
    }

    @Test
    void aForecasterIsSelectedOnlyWhenItBeatsTheBestBaselineOnTheSameRuns() {
        assertEquals(ForecastMethod.COLLAPSE_RATE, selected(12_000, 2, 10_500),
                "the power law (20%) loses to the prior (10%); the collapse rate (5%, 2 runs) beats it");
        assertEquals(ForecastMethod.POWER_LAW, selected(10_800, 2, 10_500),
                "both beat the prior: the one with forecasts for more runs");
        assertEquals(ForecastMethod.PRIOR, selected(12_000, 4, 11_200),
                "20% and 12% against the prior's 10%: no forecaster beats it, so the prior is selected");
        assertEquals(ForecastMethod.PRIOR, selected(11_000, 4, 11_000), "equal is not better");
    }
}
