package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.entropy.EntropyHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CalibrationTest {

    static final List<RunHistory> RUNS = SyntheticRuns.shifted(4, 5_000, 0.003);

    @Test
    void jsonRoundTripKeepsEveryNumberAndTheForecasterItBuilds(@TempDir Path dir) throws Exception {
        Calibration calibration = Calibration.fit(RUNS, false, ForecastMethod.COLLAPSE_RATE);
        Path file = dir.resolve("calibration.json");
        calibration.write(file);
        String json = Files.readString(file);
        assertTrue(json.contains("\"method\" : \"collapse-rate\""), json);
        assertTrue(json.contains("\"gamma\""), json);
        Calibration read = Calibration.read(file);
        assertEquals(calibration, read);

        EntropyHistory cut = RUNS.get(0).historyUpTo(7_000);
        assertEquals(calibration.toForecaster().forecast(cut), read.toForecaster().forecast(cut));
        assertEquals(calibration.forecaster(ForecastMethod.POWER_LAW).forecast(cut),
                read.withMethod(ForecastMethod.POWER_LAW).toForecaster().forecast(cut));
        assertInstanceOf(CollapseRateForecaster.class, read.toForecaster());
    }

    @Test
    void recordsWhereItCameFrom() {
        Calibration calibration = Calibration.fit(RUNS, false, ForecastMethod.POWER_LAW);
        assertEquals("add mod 97", calibration.task());
        assertEquals(List.of("seed0", "seed1", "seed2", "seed3"), calibration.runs().stream().map(CalibratedRun::name).toList());
        for (CalibratedRun run : calibration.runs()) {
            assertEquals(ThresholdCalibrator.entropyAtGrok(RUNS.stream().filter(r -> r.name().equals(run.name()))
                    .findFirst().orElseThrow()), run.entropyAtGrok());
        }
        assertEquals(calibration.runs().stream().mapToDouble(CalibratedRun::entropyAtGrok).average().orElseThrow(),
                calibration.threshold().mean(), 1e-12);
        assertEquals(List.of(), calibration.notGrokked());
    }

    @Test
    void runFoldersAreReadFromMetricsAndSummary(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("add-97-seed3"));
        MetricsCsv.write(RUNS.get(0).history(), run.resolve("metrics.csv"));
        Files.writeString(run.resolve("summary.json"), "{\"task\": \"add\", \"modulus\": 97, \"model\": \"transformer\","
                + " \"seed\": 3, \"train_fraction\": 0.3, \"grok_step\": 9000, \"stop_reason\": \"budget\", \"lead_steps\": null}");
        RunHistory read = RunHistory.read(run);
        assertEquals("add-97-seed3", read.name());
        assertEquals("add mod 97, transformer, fraction 0.3", read.task());
        assertEquals(RUNS.get(0).grokStep(), read.grokStep());
        assertEquals(RUNS.get(0).history().size(), read.history().size());
    }

    @Test
    void unreadableInputSaysWhatWasExpected(@TempDir Path dir) throws Exception {
        IllegalArgumentException noDir = assertThrows(IllegalArgumentException.class, () -> RunHistory.read(dir.resolve("x")));
        assertTrue(noDir.getMessage().contains("is not a folder"), noDir.getMessage());
        IllegalArgumentException noCsv = assertThrows(IllegalArgumentException.class, () -> RunHistory.read(dir));
        assertTrue(noCsv.getMessage().contains("has no metrics.csv"), noCsv.getMessage());
        MetricsCsv.write(RUNS.get(0).history(), dir.resolve("metrics.csv"));
        IllegalArgumentException noSummary = assertThrows(IllegalArgumentException.class, () -> RunHistory.read(dir));
        assertTrue(noSummary.getMessage().contains("summary.json does not exist"), noSummary.getMessage());
        Files.writeString(dir.resolve("summary.json"), "{not json");
        IllegalArgumentException badSummary = assertThrows(IllegalArgumentException.class, () -> RunHistory.read(dir));
        assertTrue(badSummary.getMessage().contains("not a readable summary.json"), badSummary.getMessage());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Calibration.read(dir.resolve("none.json")));
        assertTrue(missing.getMessage().contains("expected a calibration.json"), missing.getMessage());
        String json = Calibration.fit(RUNS, false, ForecastMethod.POWER_LAW).toJson();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Calibration.fromJson(json.replace("\"power-law\"", "\"crystal-ball\"")));
        assertTrue(unknown.getMessage().contains("unknown forecaster 'crystal-ball'"), unknown.getMessage());
        IllegalArgumentException incomplete = assertThrows(IllegalArgumentException.class,
                () -> Calibration.fromJson("{\"task\": \"add\"}"));
        assertTrue(incomplete.getMessage().contains("needs task, threshold"), incomplete.getMessage());
    }
}
