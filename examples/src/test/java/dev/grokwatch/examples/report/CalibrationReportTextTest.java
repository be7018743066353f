package dev.grokwatch.examples.report;

import dev.grokwatch.entropy.forecast.CalibrationReport;
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
 * library record (the expected files were captured from that build's output).
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
        assertEquals(12, folders.size(), "docs/runs: ten default runs and two without weight decay");

        assertEquals(expected("calibrate-report-add97-seeds0-9-and-wd0.txt"),
                CalibrationReportText.format(report(folders)));
    }

    @Test
    void shiftedSyntheticRunsGiveTheTextAsPrintedBefore(@TempDir Path dir) throws IOException {
        assertEquals(expected("calibrate-report-shifted-runs.txt"),
                CalibrationReportText.format(report(CalibrateCommandTest.shiftedRuns(dir, 5, "add"))));
    }

    @Test
    void aPredictorThatCouldNotBeFittedAndARunWithoutAFalseAlarmSayWhy(@TempDir Path dir) throws IOException {
        CalibrationReport fitted = report(CalibrateCommandTest.shiftedRuns(dir, 4, "add"));
        List<PredictorFit> table = List.of(fitted.predictorFits().get(0),
                new PredictorFit(Predictor.PARAM_NORM, null, "the 250 x values do not vary"),
                fitted.predictorFits().get(2));
        CalibrationReport report = new CalibrationReport(fitted.calibration(), fitted.predictions(), table,
                List.of(new NotGrokkedRun("stuck", 12_000, null)));

        String text = CalibrationReportText.format(report);

        assertTrue(text.contains("\nparameter norm ‖θ‖           not fitted: the 250 x values do not vary\n"), text);
        assertTrue(text.contains("\nnever grokked: stuck (last evaluation at step 12000): no confident forecast"
                + " (correct)\n"), text);
        assertTrue(!text.contains("runs that never grokked: none"), text);
    }
}
