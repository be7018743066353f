package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.EntropyCurve;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.SpectralEntropyListener;
import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.entropy.forecast.GrokForecaster;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.termination.IterationTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Optional;

import static dev.grokwatch.entropy.termination.EntropyTerminationTest.TEST;
import static dev.grokwatch.entropy.termination.EntropyTerminationTest.TRAIN;
import static org.junit.jupiter.api.Assertions.*;

class PredictedGrokReachedTerminationTest {

    /** Always predicts the same step; confident when asked to be. */
    record FixedForecaster(long predicted, boolean confident) implements GrokForecaster {
        @Override
        public Optional<Forecast> forecast(EntropyCurve curve) {
            return Optional.of(new Forecast(curve.latest().orElseThrow().step(), predicted, name(), confident));
        }

        @Override
        public String name() {
            return "fixed";
        }
    }

    static SpectralEntropyListener listener(GrokForecaster forecaster) {
        return SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer(0).everyNIterations(2)
                .evaluateOn(TEST).forecaster(forecaster).build();
    }

    @Test
    void stopsOnceTheConfidentForecastPlusMarginIsPassedAndTheRunHasGrokked() {
        MultiLayerNetwork net = EntropyTerminationTest.net(1e-3);
        SpectralEntropyListener entropy = listener(new FixedForecaster(20, true));
        net.addListeners(entropy);
        EarlyStoppingResult<MultiLayerNetwork> result = new EarlyStoppingTrainer(EntropyTerminationTest.config(
                EntropyTermination.predictedGrokReached(entropy, 6)), net, new ViewIterator(TRAIN, 100)).fit();

        assertEquals(EarlyStoppingResult.TerminationReason.IterationTerminationCondition, result.getTerminationReason());
        // the first step from 26 on whose latest evaluation (every 2 steps) has test accuracy >= 0.99
        List<EntropyRecord> records = entropy.history().records();
        long expected = records.stream().filter(r -> r.testAccuracy() >= 0.99).mapToLong(EntropyRecord::step)
                .filter(s -> s >= 26).findFirst().orElseThrow();
        long firstAccurate = records.stream().filter(r -> r.testAccuracy() >= 0.99).findFirst().orElseThrow().step();
        assertTrue(firstAccurate > 2, "the forecaster must have had an evaluation before grokking: " + firstAccurate);
        assertEquals(Math.max(26, expected), entropy.currentStep());
        assertTrue(entropy.latest().orElseThrow().testAccuracy() >= 0.99);
        String detail = result.getTerminationDetails();
        assertTrue(detail.contains("forecast step 20 (fixed, made at step") && detail.contains("stopped at step "
                + entropy.currentStep()), detail);
    }

    @Test
    void anUnconfidentForecastNeverStopsTraining() {
        MultiLayerNetwork net = EntropyTerminationTest.net(1e-2);
        SpectralEntropyListener entropy = listener(new FixedForecaster(4, false));
        net.addListeners(entropy);
        IterationTerminationCondition condition = EntropyTermination.predictedGrokReached(entropy, 0);
        condition.initialize();
        net.fit(new ViewIterator(TRAIN, 100), 6);
        assertTrue(entropy.latest().orElseThrow().testAccuracy() >= 0.99, "the run grokked");
        assertTrue(entropy.latestForecast().isPresent());
        assertFalse(condition.terminate(0));
    }

    @Test
    void roundTripsThroughJacksonAndExplainsWhatItNeeds() throws Exception {
        SpectralEntropyListener entropy = listener(new FixedForecaster(20, true));
        IterationTerminationCondition condition = EntropyTermination.predictedGrokReached(entropy, 500);
        assertEquals("PredictedGrokReachedTerminationCondition(step >= confident forecast + 500, test accuracy >= 0.99)",
                condition.toString());
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(condition);
        PredictedGrokReachedTerminationCondition read =
                (PredictedGrokReachedTerminationCondition) json.readValue(text, IterationTerminationCondition.class);
        assertEquals(500, read.marginSteps());
        IllegalStateException unattached = assertThrows(IllegalStateException.class, () -> read.terminate(0));
        assertTrue(unattached.getMessage().contains("attach"), unattached.getMessage());

        SpectralEntropyListener noForecaster = SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer(0).build();
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> EntropyTermination.predictedGrokReached(noForecaster, 0).initialize());
        assertTrue(missing.getMessage().contains(".forecaster("), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EntropyTermination.predictedGrokReached(entropy, -1));
        assertThrows(IllegalArgumentException.class, () -> EntropyTermination.predictedGrokReached(null, 0));
    }
}
