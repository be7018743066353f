package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyCurve;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** Intervals from held-out errors around a point forecast, the horizon they are taken at, and the width rule. */
class ConformalForecasterTest {

    /** Errors at three horizons, growing with the distance ahead. */
    static final List<ErrorQuantiles> ERRORS = List.of(
            new ErrorQuantiles(ForecastMethod.PRIOR, 8_000, 4, 3_000, 5_000),
            new ErrorQuantiles(ForecastMethod.PRIOR, 500, 9, 200, 400),
            new ErrorQuantiles(ForecastMethod.PRIOR, 2_000, 9, 900, 1_500));

    /** Always T̂ = 10,000, made at the step asked for. */
    static Forecast at(long step) {
        return new Forecast(step, 10_000, "prior", true);
    }

    static final ConformalForecaster TEN_THOUSAND = new ConformalForecaster(
            BaselineForecaster.prior(List.of(10_000L)), ERRORS);

    @Test
    void theIntervalIsTheForecastPlusOrMinusTheQuantileOfTheNearestHorizonNotNearerThanIt() {
        Forecast near = TEN_THOUSAND.withIntervals(at(9_600)); // 400 steps ahead: the 500-step errors
        assertEquals(new PredictionInterval(9_800, 10_200), near.interval80());
        assertEquals(new PredictionInterval(9_600, 10_400), near.interval95());
        assertTrue(near.confident(), "±200 is within ±10% of 10,000");

        Forecast mid = TEN_THOUSAND.withIntervals(at(8_000)); // 2,000 ahead: exactly the 2,000-step errors
        assertEquals(new PredictionInterval(9_100, 10_900), mid.interval80());
        assertEquals(new PredictionInterval(8_500, 11_500), mid.interval95());
        assertTrue(mid.confident(), "±900 is within ±1,000");

        Forecast far = TEN_THOUSAND.withIntervals(at(7_900)); // 2,100 ahead: the 8,000-step errors
        assertEquals(new PredictionInterval(7_900, 13_000), far.interval80(), "not before the step it was made at");
        assertEquals(new PredictionInterval(7_900, 15_000), far.interval95());
        assertFalse(far.confident(), "±3,000 is wider than ±10%");

        assertEquals(3_000, TEN_THOUSAND.quantileAt(20_000, ErrorQuantiles::q80), "further than any horizon: the largest");
        assertEquals(200, TEN_THOUSAND.quantileAt(-500, ErrorQuantiles::q80), "a forecast in the past: the smallest");
    }

    @Test
    void aForecastLookingFurtherAheadIsNeverGivenANarrowerInterval() {
        // by chance the 2,000-step errors came out smaller than the 500-step ones
        ConformalForecaster uneven = new ConformalForecaster(BaselineForecaster.prior(List.of(10_000L)), List.of(
                new ErrorQuantiles(ForecastMethod.PRIOR, 500, 9, 700, 900),
                new ErrorQuantiles(ForecastMethod.PRIOR, 2_000, 9, 300, 1_200),
                new ErrorQuantiles(ForecastMethod.PRIOR, 8_000, 4, 2_000, 2_500)));
        Forecast mid = uneven.withIntervals(at(8_500)); // 1,500 ahead: the 2,000 horizon, but no narrower than 500's
        assertEquals(new PredictionInterval(9_300, 10_700), mid.interval80(), "max(300, 700)");
        assertEquals(new PredictionInterval(8_800, 11_200), mid.interval95(), "max(1,200, 900)");
        assertEquals(new PredictionInterval(9_800, 10_700), uneven.withIntervals(at(9_800)).interval80(),
                "500's own, from the step it was made at");
        assertEquals(2_000, uneven.quantileAt(5_000, ErrorQuantiles::q80));
    }

    @Test
    void theLowerEndIsRaisedToNowOnlyWhenTheForecastIsNotInThePast() {
        Forecast almost = TEN_THOUSAND.withIntervals(at(9_900));
        assertEquals(new PredictionInterval(9_900, 10_200), almost.interval80(), "T_grok is after 9,900: not grokked yet");
        Forecast past = TEN_THOUSAND.withIntervals(at(12_000)); // the prior may name a step already passed
        assertEquals(new PredictionInterval(9_800, 10_200), past.interval80());
        assertEquals(new PredictionInterval(9_600, 10_400), past.interval95());
    }

    @Test
    void aPointForecastThatIsNotConfidentStaysSoAndTheWidthRuleIsAParameter() {
        Forecast unsure = TEN_THOUSAND.withIntervals(new Forecast(9_600, 10_000, "prior", false));
        assertFalse(unsure.confident(), "the forecaster's own conditions still apply");
        ConformalForecaster strict = new ConformalForecaster(BaselineForecaster.prior(List.of(10_000L)), ERRORS, 0.01);
        assertFalse(strict.withIntervals(at(9_600)).confident(), "±200 is wider than ±1% of 10,000");
        assertTrue(new ConformalForecaster(BaselineForecaster.prior(List.of(10_000L)), ERRORS, 0.02)
                .withIntervals(at(9_600)).confident(), "±200 is ±2%");
    }

    @Test
    void itForecastsWhatItsPointForecasterDoesAndTakesItsNameAndThreshold() {
        Forecast f = TEN_THOUSAND.forecast(ForecasterTest.history(0.9, 0.9)).orElseThrow();
        assertEquals(TEN_THOUSAND.withIntervals(at(400)), f);
        assertEquals("prior", TEN_THOUSAND.name());
        ConformalForecaster law = new ConformalForecaster(new PowerLawForecaster(0.6, ForecasterTest.LAW), ERRORS);
        assertEquals(0.6, law.threshold().getAsDouble());
        assertEquals("power-law", law.name());
        GrokForecaster silent = new GrokForecaster() {
            @Override
            public Optional<Forecast> forecast(EntropyCurve curve) {
                return Optional.empty();
            }

            @Override
            public String name() {
                return "silent";
            }
        };
        assertEquals(Optional.empty(), new ConformalForecaster(silent, ERRORS).forecast(ForecasterTest.history(0.9)));
    }

    @Test
    void withoutHeldOutErrorsThereIsNoIntervalAndNoConfidence() {
        ConformalForecaster unmeasured = new ConformalForecaster(BaselineForecaster.prior(List.of(10_000L)), List.of());
        assertEquals(new Forecast(9_600, 10_000, "prior", false), unmeasured.withIntervals(at(9_600)));
    }

    @Test
    void missingOrRepeatedHorizonsAndABadWidthRuleAreRefused() {
        GrokForecaster prior = BaselineForecaster.prior(List.of(10_000L));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> new ConformalForecaster(prior, null));
        assertTrue(none.getMessage().contains("expected a forecaster and its error quantiles"), none.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> new ConformalForecaster(prior, List.of(ERRORS.get(1), ERRORS.get(1))));
        assertTrue(twice.getMessage().contains("name a horizon twice"), twice.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> new ConformalForecaster(prior, ERRORS, 0));
        assertTrue(width.getMessage().contains("maxRelativeHalfWidth must be positive"), width.getMessage());
    }
}
