package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.SpectralEntropyListener;
import dev.grokwatch.entropy.forecast.Calibration;
import dev.grokwatch.entropy.forecast.ForecastMethod;
import dev.grokwatch.entropy.forecast.SyntheticRuns;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.ViewIterator;

import static dev.grokwatch.entropy.termination.EntropyTerminationTest.TEST;
import static dev.grokwatch.entropy.termination.EntropyTerminationTest.TRAIN;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code predictedGrokReached} reads the listener's confident forecasts; a forecaster whose calibration measured no
 * held-out errors makes none, so the condition is refused at the trainer's start, like a listener without a
 * forecaster, in DL4J's own {@code EarlyStoppingTrainer} and before any update. The runs grok 300 steps after
 * their collapse onset: 500 steps before grokking, the nearest held-out horizon, the collapse-rate forecaster has
 * no onset to read, so it was never scored.
 */
class NeverConfidentForecastRefusalTest {

    @Test
    void aForecasterWithoutHeldOutErrorsIsRefusedAtTheTrainersStartSayingWhyAndWhatToDo() {
        Calibration calibration = Calibration.fit(SyntheticRuns.shifted(4, 300, 0.003), false, ForecastMethod.COLLAPSE_RATE);
        assertTrue(calibration.heldOutErrors(ForecastMethod.COLLAPSE_RATE).isEmpty(), "the case this test is about");
        SpectralEntropyListener entropy = SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer(0)
                .everyNIterations(2).evaluateOn(TEST).forecaster(calibration.toForecaster()).build();
        MultiLayerNetwork net = EntropyTerminationTest.net(1e-3);
        net.addListeners(entropy);
        INDArray initial = net.params().dup();

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new EarlyStoppingTrainer(
                EntropyTerminationTest.config(EntropyTermination.predictedGrokReached(entropy, 0)), net,
                new ViewIterator(TRAIN, 100)).fit());
        String message = refused.getMessage();
        assertTrue(message.startsWith("PredictedGrokReachedTerminationCondition"), message);
        assertTrue(message.contains("collapse-rate") && message.contains("no held-out errors"), message);
        assertTrue(message.contains("never confident"), message);
        assertTrue(message.contains("calibration.forecaster(ForecastMethod.") && message.contains("more runs"), message);
        assertEquals(0, net.getIterationCount(), "refused before any update");
        dev.grokwatch.entropy.BitExact.assertBitIdentical(initial, net.params(), "parameters before the refusal");

        // the same calibration's power law measured held-out errors: accepted
        SpectralEntropyListener powerLaw = SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer(0)
                .everyNIterations(2).evaluateOn(TEST).forecaster(calibration.forecaster(ForecastMethod.POWER_LAW))
                .build();
        EntropyTermination.predictedGrokReached(powerLaw, 0).initialize();
    }
}
