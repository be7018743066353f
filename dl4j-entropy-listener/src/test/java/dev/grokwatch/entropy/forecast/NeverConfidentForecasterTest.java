package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.StandardError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A calibration whose selected forecaster measured no held-out errors gives forecasts without intervals, none of
 * them confident: {@code Calibration.fit} says so, and the forecaster says why it can never be confident.
 * Runs that grok 300 steps after their collapse onset (evaluations every 200 steps) are such runs for the
 * collapse-rate forecaster: 500 steps before grokking, the nearest horizon, their onset has not been seen.
 */
class NeverConfidentForecasterTest {

    static final List<RunHistory> SHORT_LAGS = SyntheticRuns.shifted(4, 300, 0.003);

    @Test
    void fittingAForecasterThatMeasuredNoHeldOutErrorsWarnsAndSaysWhatToDo() {
        Calibration[] fitted = new Calibration[1];
        String log = StandardError.captured(
                () -> fitted[0] = Calibration.fit(SHORT_LAGS, false, ForecastMethod.COLLAPSE_RATE));
        assertEquals(List.of(), fitted[0].heldOutErrors(ForecastMethod.COLLAPSE_RATE), "the case this test is about");
        assertEquals(1, log.lines().filter(l -> l.contains("WARN")).count(), log);
        assertTrue(log.contains("collapse-rate") && log.contains("no held-out errors"), log);
        assertTrue(log.contains("never confident"), log);
        assertTrue(log.contains("another method") && log.contains("more runs"), log);

        String fine = StandardError.captured(() -> Calibration.fit(SHORT_LAGS, false, ForecastMethod.POWER_LAW));
        assertFalse(fine.contains("WARN"), "the power law measured held-out errors on these runs: " + fine);
    }

    @Test
    void aConformalForecasterWithoutErrorsSaysWhyItCanNeverBeConfident() {
        Calibration calibration = Calibration.fit(SHORT_LAGS, false, ForecastMethod.COLLAPSE_RATE);
        String why = calibration.toForecaster().whyNeverConfident().orElseThrow();
        assertTrue(why.contains("no held-out errors"), why);
        assertEquals(java.util.Optional.empty(), calibration.forecaster(ForecastMethod.POWER_LAW).whyNeverConfident());
        assertEquals(java.util.Optional.empty(), new CollapseRateForecaster(0.5, calibration.crossingLag())
                .whyNeverConfident(), "a point forecaster is confident by its own conditions");
    }

    @Test
    void aNullMethodIsNamedNotDumpedWithTheCalibrationsState() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Calibration.fit(SyntheticRuns.shifted(4, 5_000, 0.003), false, null));
        assertTrue(e.getMessage().startsWith("method is null"), e.getMessage());
        assertTrue(e.getMessage().contains("ForecastMethod"), e.getMessage());
        assertFalse(e.getMessage().contains("powerLaw"), "no internal state: " + e.getMessage());
    }
}
