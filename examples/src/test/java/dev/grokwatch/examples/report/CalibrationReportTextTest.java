package dev.grokwatch.examples.report;

import dev.grokwatch.entropy.forecast.CalibrationReport;
import dev.grokwatch.entropy.forecast.ForecastMethod;
import dev.grokwatch.entropy.forecast.HorizonSummary;
import dev.grokwatch.entropy.forecast.NotGrokkedRun;
import dev.grokwatch.entropy.forecast.Predictor;
import dev.grokwatch.entropy.forecast.PredictorFit;
import dev.grokwatch.examples.cli.CalibrateCommandTest;
import dev.grokwatch.examples.run.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The calibrate report's text against the text {@code grokwatch calibrate} printed before the report became a
 * library record (the expected files were captured from that build's output), with what issue 10 added: the
 * baselines' rows and columns, interval coverage, the held-out errors, the selection against the baselines, and
 * confidence as a narrow interval (so the first-confident figures and the false alarms changed); runs whose folders
 * share a name carry their group's folder, as {@code calibrate} names them.
 */
class CalibrationReportTextTest {

    private static final Path RUNS = Path.of("..", "docs", "runs");

    private static String expected(String name) throws IOException {
        try (InputStream in = CalibrationReportTextTest.class.getResourceAsStream(name)) {
            assertTrue(in != null, name + " is missing from the test resources");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static CalibrationReport report(List<Path> folders) {
        return CalibrationReport.evaluate(folders.stream().map(f -> RunFolder.read(f).calibrationRun()).toList());
    }

    @Test
    void theCommittedRunsAndTheRunsThatDidNotGrokGiveTheTextAsPrintedBefore() throws IOException {
        List<Path> folders = new java.util.ArrayList<>(
                RunFolder.childrenWith(RUNS.resolve("add97-transformer-seeds0-9"), RunFolder.METRICS));
        folders.addAll(RunFolder.childrenWith(RUNS.resolve("add97-transformer-wd0"), RunFolder.METRICS));
        assertEquals(13, folders.size(), "docs/runs: ten default runs and three without weight decay");

        // without weight decay is another setting, so another task: mixed, as calibrate --allow-mixed fits them
        String text = CalibrationReportText.format(CalibrationReport.evaluate(AsCalibrateNamesThem.runs(folders), true));
        assertEquals(expected("calibrate-report-add97-seeds0-9-and-wd0.txt"), text);
    }

    @Test
    void shiftedSyntheticRunsGiveTheTextAsPrintedBefore(@TempDir Path dir) throws IOException {
        assertEquals(expected("calibrate-report-shifted-runs.txt"),
                CalibrationReportText.format(report(CalibrateCommandTest.shiftedRuns(dir, 5, "add"))));
    }

    /**
     * Runs whose curve misleads (the later H̃ collapses, the earlier the run groks): no forecaster beats the survival
     * mean 2,000 steps before grokking, and the report says so, with each forecaster's figures against it.
     */
    @Test
    void whenNoForecasterBeatsTheBaselinesTheReportSaysSoPlainly(@TempDir Path dir) throws IOException {
        List<Path> folders = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            folders.add(CalibrateCommandTest.writeRun(dir.resolve("r" + i), "add", 3_000 + 600L * i,
                    11_000 - 600L * i, 14_000 - 600L * i));
        }
        CalibrationReport report = report(folders);
        HorizonSummary law = report.summary(ForecastMethod.POWER_LAW, 2_000L);
        HorizonSummary rate = report.summary(ForecastMethod.COLLAPSE_RATE, 2_000L);
        HorizonSummary remaining = report.summary(ForecastMethod.REMAINING_TIME, 2_000L);
        assertTrue(!law.beatsBaseline() && !rate.beatsBaseline() && !remaining.beatsBaseline(),
                "premise: " + law + ", " + rate + ", " + remaining);
        assertTrue(report.calibration().method().baseline(), report.calibration().method().label());

        String text = CalibrationReportText.format(report);

        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "\nselected: %s, a naive baseline: no label-free"
                        + " forecaster beats the best baseline 2000 steps before grokking (power-law %.1f%% against %.1f%%"
                        + " on its %d runs, collapse-rate %.1f%% against %.1f%% on its %d runs, remaining-time %.1f%%"
                        + " against %.1f%% on its %d runs)\n",
                report.calibration().method().label(), law.mape(), law.baselineMape(), law.forecasts(), rate.mape(),
                rate.baselineMape(), rate.forecasts(), remaining.mape(), remaining.baselineMape(),
                remaining.forecasts())), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "%.1f%% %s", law.baselineMape(),
                law.baseline().label())), "the power law's row shows the baseline beside it:\n" + text);
    }

    @Test
    void aPredictorThatCouldNotBeFittedAndARunWithoutAFalseAlarmSayWhy(@TempDir Path dir) throws IOException {
        CalibrationReport fitted = report(CalibrateCommandTest.shiftedRuns(dir, 4, "add"));
        List<PredictorFit> table = List.of(fitted.predictorFits().get(0),
                new PredictorFit(Predictor.PARAM_NORM, null, "the 250 x values do not vary"),
                fitted.predictorFits().get(2));
        CalibrationReport report = new CalibrationReport(fitted.calibration(), fitted.predictions(), table,
                List.of(new NotGrokkedRun("stuck", 12_000, null, null)));

        String text = CalibrationReportText.format(report);

        assertTrue(text.contains("\nparameter norm ‖θ‖           not fitted: the 250 x values do not vary\n"), text);
        assertTrue(text.contains("\nnever grokked: stuck (last evaluation at step 12000): no confident forecast"
                + " (correct)\n"), text);
        assertTrue(!text.contains("runs that never grokked: none"), text);
    }
    /**
     * Runs that grok at about 1,500 steps (median 1,500, evaluated every 50): the selection is made, and said to be
     * made, 500 steps before grokking, where the forecasters have a history to read.
     */
    @Test
    void theSelectionLineNamesTheHorizonTheSelectionWasMadeAt() {
        List<dev.grokwatch.entropy.forecast.RunHistory> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long onset = 300 + 100L * i;
            dev.grokwatch.entropy.EntropyHistory history = new dev.grokwatch.entropy.EntropyHistory(
                    dev.grokwatch.entropy.PhaseCriteria.defaults());
            for (long t = 50; t <= onset + 1_400; t += 50) {
                double h = t <= onset ? 0.95 : 0.45 + 0.5 * Math.exp(-2e-3 * (t - onset));
                history.append(new dev.grokwatch.entropy.EntropyRecord(t, 0, h, h * Math.log(128),
                        Math.exp(h * Math.log(128)), null, 30 + t / 100.0, 0.01, 1.0, t >= onset + 1_000 ? 1.0 : 0.1,
                        null, null, null, 1.0));
            }
            runs.add(new dev.grokwatch.entropy.forecast.RunHistory("fast" + i, "add mod 47", history));
        }
        CalibrationReport report = CalibrationReport.evaluate(runs);
        HorizonSummary selected = report.summary(report.calibration().method(), 500L);

        String text = CalibrationReportText.format(report);

        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "\nselected: %s (it beats the best baseline 500"
                        + " steps before grokking, %.1f%% against %.1f%% %s;", selected.method().label(), selected.mape(),
                selected.baselineMape(), selected.baseline().label())), text);
    }
    @Test
    void aRunThatGeneralisedWithoutADelayIsListedAsSuchNotAsAFalseAlarm(@TempDir Path dir) throws IOException {
        CalibrationReport fitted = report(CalibrateCommandTest.shiftedRuns(dir, 3, "add"));
        NotGrokkedRun easy = new NotGrokkedRun("easy", 9_000, new dev.grokwatch.entropy.forecast.Forecast(600, 5_000,
                "remaining-time", true), 400L);
        CalibrationReport report = new CalibrationReport(fitted.calibration(), fitted.predictions(),
                fitted.predictorFits(), List.of(easy));

        String text = CalibrationReportText.format(report);

        assertTrue(text.contains("\ngeneralised without a delay (not grokking): easy at step 400 (last evaluation at"
                + " step 9000): confident forecast of step 5000 made at step 600\n"), text);
        assertTrue(!text.contains("never grokked: easy") && !text.contains("false alarm"), text);
    }
}
