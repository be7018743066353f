package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyHistory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.grokwatch.entropy.JavaSerialisation.roundTrip;
import static org.junit.jupiter.api.Assertions.*;

/** Every forecaster travels by Java serialisation (DL4J serialises listeners for ParallelWrapper and Spark). */
class ForecasterSerialisationTest {

    static final List<RunHistory> RUNS = SyntheticRuns.shifted(4, 5_000, 0.003);
    static final RunHistory HELD_OUT = new RunHistory("held-out", "add mod 97",
            SyntheticRuns.history(5_000, 10_000, 12_000, 0.003, 42));

    /** The forecasts of a forecaster at every evaluation of the held-out run. */
    static List<Optional<Forecast>> forecasts(GrokForecaster forecaster) {
        List<Optional<Forecast>> out = new ArrayList<>();
        for (var r : HELD_OUT.history().records()) {
            out.add(forecaster.forecast(HELD_OUT.history().upTo(r.step())));
        }
        return out;
    }

    static void assertTravels(GrokForecaster forecaster) throws Exception {
        GrokForecaster copy = roundTrip(forecaster);
        assertNotSame(forecaster, copy);
        assertEquals(forecaster.getClass(), copy.getClass());
        assertEquals(forecaster.name(), copy.name());
        assertEquals(forecaster.toString(), copy.toString(), "every fitted parameter survives");
        List<Optional<Forecast>> expected = forecasts(forecaster);
        assertTrue(expected.stream().filter(Optional::isPresent).count() > 5,
                forecaster.name() + " must forecast on the held-out run for this test to say anything");
        assertEquals(expected, forecasts(copy));
    }

    @Test
    void everyCalibratedForecasterRoundTripsAndForecastsTheSame() throws Exception {
        for (ForecastMethod method : ForecastMethod.values()) {
            assertTravels(Calibration.fit(RUNS, false, method).toForecaster());
        }
    }

    @Test
    void forecastersWithExplicitParametersRoundTrip() throws Exception {
        assertTravels(new PowerLawForecaster(0.6, ForecasterTest.LAW));
        assertTravels(new CollapseRateForecaster(0.5, new CrossingLag(120, 35, 3), 5, 0.2, 0.1));
        PowerLawForecaster law = roundTrip(new PowerLawForecaster(0.6, ForecasterTest.LAW));
        assertEquals(ForecasterTest.LAW, law.fit());
        assertEquals(0.6, law.threshold().getAsDouble());
        assertEquals(new CrossingLag(120, 35, 3), roundTrip(new CollapseRateForecaster(0.5, new CrossingLag(120, 35, 3)))
                .lag());
    }

    @Test
    void theFitsTheyHoldRoundTrip() throws Exception {
        assertEquals(ForecasterTest.LAW, roundTrip(ForecasterTest.LAW));
        long[] steps = {0, 100, 200, 300, 400, 500};
        double[] h = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            h[i] = 0.4 + 0.5 * Math.exp(-0.004 * steps[i]);
        }
        ExponentialDecayFit fit = ExponentialDecayFit.fit(steps, h);
        ExponentialDecayFit copy = roundTrip(fit);
        assertEquals(fit.stepReaching(0.5), copy.stepReaching(0.5));
        assertEquals(fit.stepReachingSd(0.5), copy.stepReachingSd(0.5));
        assertEquals(EntropyHistory.class, roundTrip(HELD_OUT.history()).getClass());
    }
}
