package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.entropy.forecast.PredictionInterval;
import dev.grokwatch.entropy.forecast.GrokForecaster;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.grokwatch.entropy.JavaSerialisation.roundTrip;
import static org.junit.jupiter.api.Assertions.*;

/** The forecast of each evaluation, the latest one and the latest confident one. */
class ForecastingTest {

    /** Nothing at odd curve lengths; at even ones T_grok = latest step + 100, confident from 4 evaluations on. */
    record Scripted() implements GrokForecaster {
        @Override
        public Optional<Forecast> forecast(EntropyCurve curve) {
            int n = curve.records().size();
            long step = curve.latest().orElseThrow().step();
            return n % 2 == 1 ? Optional.empty()
                    : Optional.of(new Forecast(step, step + 100, new PredictionInterval(step + 50, step + 150),
                    new PredictionInterval(step, step + 200), name(), n >= 4));
        }

        @Override
        public String name() {
            return "scripted";
        }
    }

    static EntropyRecord record(long step) {
        return EntropyRecord.builder().at(step, 0).spectrum(0.5, 1, 2, null).paramNorm(1).wallMs(1).build();
    }

    @Test
    void eachEvaluationGetsItsForecastAndTheLatestOnesAreKept() {
        Forecasting forecasting = new Forecasting(new Scripted());
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
        PhaseTracker tracker = new PhaseTracker(history.criteria());
        Long[] expected = {null, 300L, null, 500L, null};
        for (int i = 0; i < expected.length; i++) {
            EntropyRecord next = record(100L * (i + 1));
            tracker.observe(next);
            Forecast forecast = forecasting.predict(history, next, tracker);
            assertEquals(expected[i], forecast == null ? null : forecast.predictedGrokStep(), "evaluation " + (i + 1));
            if (forecast != null) {
                assertEquals(new PredictionInterval(next.step() + 50, next.step() + 150), forecast.interval80(),
                        "the forecaster's forecast as it made it, intervals and all");
            }
            history.append(next);
            if (i == 3) {
                assertEquals(500L, forecasting.latest().orElseThrow().predictedGrokStep());
                assertEquals(500L, forecasting.latestConfident().orElseThrow().predictedGrokStep());
            }
            if (i == 1) {
                assertTrue(forecasting.latest().isPresent());
                assertTrue(forecasting.latestConfident().isEmpty(), "two evaluations are not enough for confidence");
            }
        }
        assertTrue(forecasting.latest().isEmpty(), "the latest evaluation's forecaster said nothing");
        assertEquals(500L, forecasting.latestConfident().orElseThrow().predictedGrokStep(),
                "the latest confident forecast outlives evaluations without one");
        assertEquals(5, history.size(), "predicting appends nothing");
    }

    @Test
    void theForecasterAndItsForecastsTravel() throws Exception {
        Forecasting forecasting = new Forecasting(new Scripted());
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
        history.append(record(100));
        PhaseTracker tracker = PhaseTracker.replay(history);
        EntropyRecord next = record(200);
        tracker.observe(next);
        forecasting.predict(history, next, tracker);
        Forecasting copy = roundTrip(forecasting);
        assertEquals(forecasting.latest(), copy.latest());
        assertEquals(new Scripted(), copy.forecaster());
    }
}
