package dev.grokwatch.examples.cli;

import dev.grokwatch.entropy.PhaseCriteria;
import dev.grokwatch.entropy.forecast.Calibration;
import dev.grokwatch.examples.GrokwatchCli;
import dev.grokwatch.examples.run.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

import static dev.grokwatch.examples.cli.CalibrateCommandTest.shiftedRuns;
import static dev.grokwatch.examples.cli.CalibrateCommandTest.writeRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code calibrate} given runs that never grokked: the verdict table after the report, and the calibrated
 * no-collapse horizon in calibration.json, which {@code train --calibration} then uses.
 */
class CalibrateVerdictTest {

    /**
     * Five shifted runs memorise at step 200 (the first evaluation) and show their collapse onset at 4,200 +
     * 600·i, so they waited 4,000 … 6,400 steps: h = ⌈6,400 × 1.25⌉ = 8,000. A run flat all along fires at
     * 8,200 and saves 20,000 − 8,200 = 11,800 steps of its 20,000 (today's 10,000: 10,200 and 9,800). Held out,
 * seed4 faces h = ⌈5,800 × 1.25⌉ = 7,250 from the others and would be stopped at 7,600, after its onset at 6,600.
     */
    @Test
    void aRunThatNeverGrokkedBringsTheVerdictTableAndTheHorizon(@TempDir Path dir) throws IOException {
        shiftedRuns(dir.resolve("sweep"), 5, "add");
        writeRun(dir.resolve("sweep").resolve("flat"), "add", 1_000_000, null, 20_000);
        Path file = dir.resolve("calibration.json");

        CliRun outcome = CliRun.of("calibrate", dir.resolve("sweep").toString(), "--out", file.toString());

        assertEquals(0, outcome.code(), outcome.err());
        String out = outcome.out();
        assertTrue(out.contains("never grokked: flat (last evaluation at step 20000)"), out);
        assertTrue(out.contains("\nWill it grok? Verdicts on 6 runs of add mod 97, transformer, fraction 0.3: 5 grokked"
                + " within the budget of 20000 steps, 1 did not (H̃* 0.5177, calibrated)\n"), out);
        assertTrue(out.contains("\nno_collapse                         10000 default         1/1      1.00    1.00"
                + "        9800        9800         0\n"), out);
        assertTrue(out.contains("\nno_collapse                          8000 calibrated      1/1      1.00    1.00"
                + "       11800       11800         0\n"), out);
        assertTrue(out.contains("\nno_collapse                      longest wait 6400 (seed4), margin 0.25 -> 8000;"
                + " held out: no kills\n"), out);
        assertTrue(out.indexOf("Table 2") < out.indexOf("Will it grok?"), "after the calibration report");
        assertEquals(8_000L, Calibration.read(file).noCollapseSteps());
    }

    /** The only run that never grokked ends before any run grokked: no verdicts, and the calibration is as before. */
    @Test
    void verdictsThatCannotBeMeasuredSaySoAndLeaveTheCalibrationAlone(@TempDir Path dir) throws IOException {
        shiftedRuns(dir.resolve("sweep"), 3, "add");
        writeRun(dir.resolve("sweep").resolve("short"), "add", 1_000_000, null, 5_000);
        Path file = dir.resolve("calibration.json");

        CliRun outcome = CliRun.of("calibrate", dir.resolve("sweep").toString(), "--out", file.toString());

        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("\nWill it grok? Verdicts not measured: no run grokked within the budget of"
                + " 5000 steps; expected runs that grok"), outcome.out());
        assertNull(Calibration.read(file).noCollapseSteps());
        assertTrue(outcome.out().contains("wrote " + file), outcome.out());
    }

    /** train --calibration gives the run the calibrated horizon; without one (or without the field) the default. */
    @Test
    void trainTakesTheNoCollapseHorizonFromTheCalibration(@TempDir Path dir) {
        Path old = TrainForecastTest.forecastNowCalibration(dir);
        Path file = dir.resolve("horizon.json");
        Calibration.read(old).withNoCollapseSteps(8_000L).write(file);
        assertEquals(8_000, parse("--calibration", file.toString()).noCollapseSteps());
        assertEquals(PhaseCriteria.DEFAULT_NO_COLLAPSE_STEPS, parse("--calibration", old.toString()).noCollapseSteps());
        assertEquals(PhaseCriteria.DEFAULT_NO_COLLAPSE_STEPS, parse().noCollapseSteps());
    }

    private static TrainingConfig parse(String... args) {
        CommandLine.ParseResult result = GrokwatchCli.commandLine().parseArgs(
                Stream.concat(Stream.of("train"), Stream.of(args)).toArray(String[]::new));
        TrainCommand train = result.subcommand().commandSpec().commandLine().getCommand();
        return train.config();
    }
}
