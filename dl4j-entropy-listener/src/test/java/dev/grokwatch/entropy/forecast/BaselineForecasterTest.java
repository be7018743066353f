package dev.grokwatch.entropy.forecast;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The prior and the survival mean on grokking steps whose means are worked out by hand. */
class BaselineForecasterTest {

    static final List<Long> GROK_STEPS = List.of(9_000L, 3_000L, 6_000L, 12_000L);

    @Test
    void thePriorIsTheMeanGrokkingStepWhateverTheStep() {
        BaselineForecaster prior = BaselineForecaster.prior(GROK_STEPS);
        assertEquals(7_500, prior.predict(0), "(9000 + 3000 + 6000 + 12000) / 4");
        assertEquals(7_500, prior.predict(10_000), "it reads nothing of the run");
        assertEquals("prior", prior.name());
        assertTrue(prior.threshold().isEmpty(), "no H̃*");
    }

    @Test
    void theSurvivalMeanAveragesTheGrokkingStepsStillPossibleAndSaysNowWhenNoneIs() {
        BaselineForecaster survival = BaselineForecaster.survivalMean(GROK_STEPS);
        assertEquals(7_500, survival.predict(2_000), "all four still possible");
        assertEquals(9_000, survival.predict(3_000), "T > t strictly: 3000 grokked at 3000, (6000 + 9000 + 12000) / 3");
        assertEquals(10_500, survival.predict(7_000), "(9000 + 12000) / 2");
        assertEquals(12_000, survival.predict(11_999));
        assertEquals(12_000, survival.predict(12_000), "none left: now");
        assertEquals(15_000, survival.predict(15_000), "none left: now");
        assertEquals(4_500, BaselineForecaster.survivalMean(List.of(4_000L, 5_000L)).predict(0), "rounded mean");
    }

    @Test
    void itForecastsFromTheCurvesLatestStepConfidentlyAndWithoutIntervals() {
        Forecast f = BaselineForecaster.survivalMean(GROK_STEPS).forecast(ForecasterTest.history(0.9, 0.9, 0.9, 0.9))
                .orElseThrow();
        assertEquals(new Forecast(800, 7_500, "survival-mean", true), f);
        assertTrue(BaselineForecaster.prior(GROK_STEPS).forecast(ForecasterTest.history()).isEmpty(), "no step yet");
    }

    @Test
    void aBaselineIsNamedByItsMethodAndNeedsGrokkingSteps() {
        assertEquals("prior", BaselineForecaster.of(ForecastMethod.PRIOR, GROK_STEPS).name());
        assertEquals("survival-mean", BaselineForecaster.of(ForecastMethod.SURVIVAL_MEAN, GROK_STEPS).name());
        IllegalArgumentException notOne = assertThrows(IllegalArgumentException.class,
                () -> BaselineForecaster.of(ForecastMethod.POWER_LAW, GROK_STEPS));
        assertTrue(notOne.getMessage().contains("power-law is not a baseline; expected one of [PRIOR, SURVIVAL_MEAN]"),
                notOne.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> BaselineForecaster.prior(List.of()));
        assertTrue(none.getMessage().contains("expected those of at least one calibration run"), none.getMessage());
        assertTrue(ForecastMethod.PRIOR.baseline() && ForecastMethod.SURVIVAL_MEAN.baseline()
                && !ForecastMethod.POWER_LAW.baseline() && !ForecastMethod.COLLAPSE_RATE.baseline());
    }
}
