package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.PhaseCriteria;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class ForecasterTest {

    static final PowerLawFit LAW = new PowerLawFit(40_000, 1.65, 300, 0.9, 100, -200, 250, 100, 0.34);

    static EntropyHistory history(double... h) {
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
        for (int i = 0; i < h.length; i++) {
            history.append(SyntheticRuns.record(200L * (i + 1), h[i], 30, 0.1));
        }
        return history;
    }

    @Test
    void powerLawPredictsTheLatestStepPlusDeltaT() {
        PowerLawForecaster forecaster = new PowerLawForecaster(0.6, LAW);
        // flat then falling by more than δ = 0.02 over 5 evaluations: collapse onset seen
        EntropyHistory history = history(0.95, 0.95, 0.95, 0.9, 0.85, 0.8);
        Forecast f = forecaster.forecast(history).orElseThrow();
        double deltaT = 40_000 * Math.pow(0.2, 1.65) + 300;
        assertEquals(1200 + Math.round(deltaT), f.predictedGrokStep());
        assertNull(f.interval80(), "a point forecast: intervals come from held-out errors (ConformalForecaster)");
        assertEquals(1200, f.step());
        assertEquals("power-law", f.method());
        assertTrue(f.confident());
    }

    @Test
    void powerLawIsNotConfidentBeforeTheOnsetOrOutsideItsFittedRange() {
        PowerLawForecaster forecaster = new PowerLawForecaster(0.6, LAW);
        assertFalse(forecaster.forecast(history(0.8, 0.8, 0.8, 0.8, 0.8)).orElseThrow().confident(), "Phase I");
        assertFalse(forecaster.forecast(history(0.99, 0.99, 0.99, 0.99, 0.96)).orElseThrow().confident(),
                "H̃ − H̃* = 0.36 beyond the fitted 0.34");
        assertEquals(Optional.empty(), forecaster.forecast(history()));
        assertEquals(Optional.empty(), forecaster.forecast(history(0.8, Double.NaN)));
    }

    @Test
    void powerLawAtOrBelowTheThresholdPredictsTheOffsetOrNow() {
        assertEquals(1000 + 300, new PowerLawForecaster(0.6, LAW).forecast(history(0.9, 0.8, 0.7, 0.65, 0.55))
                .orElseThrow().predictedGrokStep(), "gap 0: ΔT = C2");
        PowerLawFit negativeOffset = new PowerLawFit(40_000, 1.65, -500, 0.9, 100, -200, 250, 100, 0.34);
        Forecast now = new PowerLawForecaster(0.6, negativeOffset).forecast(history(0.9, 0.55)).orElseThrow();
        assertEquals(400, now.predictedGrokStep(), "ΔT is never negative: now");
    }

    @Test
    void collapseRateFindsTheGrokkingStepOfANoiselessDecay() {
        long onset = 4_000;
        double threshold = 0.6;
        double trueCrossing = onset + Math.log((SyntheticRuns.H0 - SyntheticRuns.H_INF) / (threshold - SyntheticRuns.H_INF))
                / SyntheticRuns.KAPPA;
        CollapseRateForecaster forecaster = new CollapseRateForecaster(threshold, new CrossingLag(1_000, 0, 3));
        EntropyHistory full = SyntheticRuns.history(onset, 0, 9_000, 0, 1);

        assertEquals(Optional.empty(), forecaster.forecast(cut(full, 4_000)), "no decline before the onset");
        assertEquals(Optional.empty(), forecaster.forecast(cut(full, 4_400)), "fewer than 4 evaluations to fit");
        Forecast early = forecaster.forecast(cut(full, 4_800)).orElseThrow();
        assertFalse(early.confident(), "5 evaluations: fewer than 8");
        Forecast f = forecaster.forecast(cut(full, 5_600)).orElseThrow();
        assertTrue(f.confident());
        assertEquals(trueCrossing + 1_000, f.predictedGrokStep(), 2, "crossing of the fitted ODE + lag");
        assertNull(f.interval80(), "a point forecast: intervals come from held-out errors (ConformalForecaster)");

        Forecast crossed = forecaster.forecast(cut(full, 7_000)).orElseThrow();
        assertTrue(crossed.confident());
        assertEquals(trueCrossing + 1_000, crossed.predictedGrokStep(), 25, "the observed crossing, interpolated");
    }

    @Test
    void collapseRateSaysNothingWhenTheDeclineLevelsOffAboveTheThreshold() {
        CollapseRateForecaster forecaster = new CollapseRateForecaster(0.3, new CrossingLag(0, 0, 3));
        assertEquals(Optional.empty(), forecaster.forecast(SyntheticRuns.history(4_000, 0, 9_000, 0, 1)),
                "H̃∞ = 0.45 never reaches 0.3");
    }

    @Test
    void collapseRateIsNotConfidentOnNoiseThatHidesTheDecline() {
        CollapseRateForecaster forecaster = new CollapseRateForecaster(0.6, new CrossingLag(0, 0, 3));
        // the decline's fall over the window is 0.36; noise of sd 0.05 gives an RMS well above 10% of it
        EntropyHistory noisy = SyntheticRuns.history(4_000, 0, 5_800, 0.05, 4);
        forecaster.forecast(noisy).ifPresent(f -> assertFalse(f.confident(), f.toString()));
        EntropyHistory clean = SyntheticRuns.history(4_000, 0, 5_800, 0.002, 4);
        Forecast f = forecaster.forecast(clean).orElseThrow();
        assertTrue(f.confident());
        // noise of sd 0.002 leaves the fitted crossing a spread of some steps, far more than a millionth of it
        CollapseRateForecaster stricter = new CollapseRateForecaster(0.6, new CrossingLag(0, 0, 3), 8, 0.1, 1e-6);
        assertFalse(stricter.forecast(clean).orElseThrow().confident(), "its spread is wider than that rule allows");
    }

    static EntropyHistory cut(EntropyHistory history, long step) {
        return new EntropyHistory(history.criteria(), history.records().stream().filter(r -> r.step() <= step).toList());
    }

    @Test
    void forecastChecksItsIntervals() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Forecast(0, 100, new PredictionInterval(200, 300), new PredictionInterval(0, 300), "x", true));
        assertTrue(e.getMessage().contains("expected low95 <= low80 <= predicted <= high80 <= high95"), e.getMessage());
        IllegalArgumentException wider80 = assertThrows(IllegalArgumentException.class,
                () -> new Forecast(0, 100, new PredictionInterval(0, 300), new PredictionInterval(50, 200), "x", true));
        assertTrue(wider80.getMessage().contains("low95 <= low80"), wider80.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> new Forecast(0, 100, new PredictionInterval(50, 150), null, "x", true));
        assertTrue(one.getMessage().contains("expected both or neither"), one.getMessage());
        IllegalArgumentException reversed = assertThrows(IllegalArgumentException.class,
                () -> new PredictionInterval(300, 200));
        assertTrue(reversed.getMessage().contains("expected low <= high"), reversed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Forecast(0, 100, " ", true));
        assertEquals(new Forecast(0, 100, null, null, "x", true), new Forecast(0, 100, "x", true));
        assertThrows(IllegalArgumentException.class, () -> new PowerLawForecaster(1.2, LAW));
        assertThrows(IllegalArgumentException.class, () -> new CollapseRateForecaster(0.6, new CrossingLag(0, 0, 1), 3, 0.1, 0.05));
    }
}
