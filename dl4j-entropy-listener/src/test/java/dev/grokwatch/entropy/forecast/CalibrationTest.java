package dev.grokwatch.entropy.forecast;

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

        EntropyHistory cut = RUNS.get(0).history().upTo(7_000);
        assertEquals(calibration.toForecaster().forecast(cut), read.toForecaster().forecast(cut));
        assertEquals(calibration.forecaster(ForecastMethod.POWER_LAW).forecast(cut),
                read.withMethod(ForecastMethod.POWER_LAW).toForecaster().forecast(cut));
        assertInstanceOf(CollapseRateForecaster.class,
                assertInstanceOf(ConformalForecaster.class, read.toForecaster()).pointForecaster());
        assertTrue(json.contains("\"heldOutErrors\""), json);
        assertEquals(calibration.heldOutErrors(), read.heldOutErrors());
        assertFalse(read.heldOutErrors(ForecastMethod.COLLAPSE_RATE).isEmpty(), "the selected forecaster's errors");
    }

    /**
     * A calibration.json written before held-out errors were stored (by {@code calibrate} on the ten committed
     * default runs): it reads, selects what it selected, and its forecaster gives point forecasts as it did.
     */
    @Test
    void aCalibrationWrittenBeforeHeldOutErrorsReadsAndForecastsWithoutIntervals() throws Exception {
        Calibration old = Calibration.read(Path.of(CalibrationTest.class.getResource("calibration-format-1.json").toURI()));
        assertEquals(ForecastMethod.POWER_LAW, old.method());
        assertEquals(List.of(), old.heldOutErrors());
        assertEquals(10, old.runs().size());
        assertEquals(0.4618256622320318, old.threshold().mean());
        PowerLawForecaster law = assertInstanceOf(PowerLawForecaster.class, old.toForecaster());
        assertEquals(old.powerLaw(), law.fit());
        Forecast f = law.forecast(RUNS.get(0).history().upTo(7_000)).orElseThrow();
        assertNull(f.interval80(), "no held-out errors: a point forecast");
        assertEquals(old, Calibration.fromJson(old.toJson()), "and it is written again with what it holds");
        assertEquals(new Calibration(old.task(), old.threshold(), old.method(), old.powerLaw(), old.crossingLag(),
                old.runs(), old.notGrokked()), old, "the constructor of a calibration without held-out errors");
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
    void calibratesFromHistoriesHeldInMemoryWithoutAnyFile() {
        // three runs whose H̃ falls linearly from 0.9 at step 0 and which all grok at step 6,000, there at
        // H̃ 0.50, 0.52 and 0.54: H̃* is their mean 0.52 and each run crosses it at 0.38 / rate
        double[] atGrok = {0.50, 0.52, 0.54};
        List<RunHistory> runs = new java.util.ArrayList<>();
        for (int i = 0; i < atGrok.length; i++) {
            double rate = (0.9 - atGrok[i]) / 6_000;
            EntropyHistory history = new EntropyHistory(dev.grokwatch.entropy.PhaseCriteria.defaults());
            for (long t = 200; t <= 8_000; t += 200) {
                history.append(SyntheticRuns.record(t, 0.9 - rate * t, 40, t >= 6_000 ? 1.0 : 0.1));
            }
            runs.add(new RunHistory("run" + i, "my task", history));
        }

        Calibration calibration = Calibration.fit(runs, false, ForecastMethod.COLLAPSE_RATE);

        assertEquals("my task", calibration.task());
        assertEquals(0.52, calibration.threshold().mean(), 1e-12);
        assertEquals(0.02, calibration.threshold().sd(), 1e-12);
        assertEquals(3, calibration.threshold().runs());
        double[] lags = {6_000 - 0.38 / (0.40 / 6_000), 6_000 - 0.38 / (0.38 / 6_000), 6_000 - 0.38 / (0.36 / 6_000)};
        assertEquals((lags[0] + lags[1] + lags[2]) / 3, calibration.crossingLag().mean(), 1e-6);
        assertEquals(3, calibration.crossingLag().runs());
        assertEquals(List.of(6_000L, 6_000L, 6_000L), calibration.runs().stream().map(CalibratedRun::grokStep).toList());

        CalibrationReport report = CalibrationReport.evaluate(runs);
        assertEquals(calibration.threshold(), report.calibration().threshold());
        for (HorizonSummary s : report.summaries()) {
            assertEquals(3, s.runs(), "every grokked run held out once: " + s);
        }
    }

    @Test
    void unreadableInputSaysWhatWasExpected(@TempDir Path dir) throws Exception {
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
