package dev.grokwatch.examples.demo;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.PhaseCriteria;
import dev.grokwatch.entropy.forecast.Calibration;
import dev.grokwatch.entropy.forecast.ForecastMethod;
import dev.grokwatch.entropy.forecast.RunHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The library calls of the paper's five-step protocol as {@link YourModelProtocol} makes them: three runs held in
 * memory (synthetic histories with a known H̃ at their grokking step, as a listener would have recorded them)
 * calibrated by {@code Calibration.fit}, then a tiny real fourth seed of the example's own DL4J model given the
 * calibrated forecaster and stopped by {@code EntropyTermination} in DL4J's early-stopping trainer.
 */
class YourModelProtocolTest {

    @RegisterExtension
    final CapturedStdout stdout = new CapturedStdout();

    private String output() {
        return stdout.text();
    }

    /**
     * A run as the listener records one: memorised at step 200, H̃ falling linearly from 0.9 at step 0 to
     * {@code atGrok} at step 6,000, where test accuracy jumps from 0.02 to 1.0.
     */
    static EntropyHistory grokkingAt6000(double atGrok) {
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
        double rate = (0.9 - atGrok) / 6_000;
        for (long t = 200; t <= 7_000; t += 200) {
            double h = 0.9 - rate * t;
            history.append(EntropyRecord.builder().at(t, 0).spectrum(h, h * Math.log(128), Math.exp(h * Math.log(128)),
                    null).paramNorm(40).wallMs(1).trainAccuracy(1.0).testAccuracy(t >= 6_000 ? 1.0 : 0.02).build());
        }
        return history;
    }

    @Test
    void calibratedFromHistoriesInMemoryThenForecastAndStoppedOnAFourthSeed() {
        // 1. the fixed probe of the example
        DataSet[] split = YourModelProtocol.split();
        INDArray probe = split[0].getFeatures().get(NDArrayIndex.interval(0, 512), NDArrayIndex.all()).dup();
        assertEquals(YourModelProtocol.TRAIN_PAIRS, split[0].numExamples());
        assertEquals(47 * 47 - YourModelProtocol.TRAIN_PAIRS, split[1].numExamples());

        // 2. three finished runs, held in memory
        double[] atGrok = {0.50, 0.52, 0.57};
        List<RunHistory> runs = new ArrayList<>();
        for (int seed = 0; seed < atGrok.length; seed++) {
            runs.add(new RunHistory("seed" + seed, YourModelProtocol.TASK, grokkingAt6000(atGrok[seed])));
        }

        // 3. H̃ at each grokking step → H̃*
        Calibration calibration = Calibration.fit(runs, false, ForecastMethod.COLLAPSE_RATE);
        assertEquals((0.50 + 0.52 + 0.57) / 3, calibration.threshold().mean(), 1e-12);
        assertEquals(YourModelProtocol.TASK, calibration.task());
        assertEquals(List.of(6_000L, 6_000L, 6_000L), calibration.runs().stream().map(r -> r.grokStep()).toList());

        // 4. and 5. the example's fourth seed, 6 steps: the listener takes the forecaster (and its H̃*), every
        // condition accepts the listener at the start of training, and the epoch budget ends the run
        YourModelProtocol.forecastAndStop(calibration,
                YourModelProtocol.listener(probe, split[0], split[1], 2), split[0], split[1], 6);
        String out = output();
        assertTrue(out.contains("seed 3 stopped after 6 steps: EpochTerminationCondition"), out);
        assertTrue(out.contains(String.format(Locale.ROOT, "crossed H̃* %.4f at -", calibration.threshold().mean())), out);
    }
    /**
     * The example's weight decay is what its text says: {@code .weightDecay(1.0, true)} given network-wide reaches
     * every layer's weights twice in DL4J 1.0.0-M2.1 (2.0 in all, applied after the update as in AdamW) and no bias.
     */
    @Test
    void theWeightDecayTheReadmeStatesIsTheOneTheModelHas() throws java.io.IOException {
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork model = YourModelProtocol.model(0);
        for (int i = 0; i < model.getnLayers(); i++) {
            org.deeplearning4j.nn.conf.layers.BaseLayer layer =
                    (org.deeplearning4j.nn.conf.layers.BaseLayer) model.getLayer(i).conf().getLayer();
            assertEquals(2.0, decay(layer.getRegularization()), 1e-12, layer.getLayerName() + " weights");
            assertEquals(0.0, decay(layer.getRegularizationBias()), 1e-12, layer.getLayerName() + " biases");
            layer.getRegularization().forEach(r -> assertEquals(
                    org.nd4j.linalg.learning.regularization.Regularization.ApplyStep.POST_UPDATER, r.applyStep()));
        }
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"))
                .replaceAll("\\s+", " ");
        assertTrue(readme.contains("decoupled weight decay 2.0 on the weights, none on the biases"),
                "the README's YourModelProtocol paragraph states the decay the model has");
        assertFalse(readme.contains("Adam with decoupled weight decay 1.0"));
    }

    /** The summed coefficients of the weight decays in {@code regularization}. */
    private static double decay(List<org.nd4j.linalg.learning.regularization.Regularization> regularization) {
        return regularization.stream().filter(r -> r instanceof org.nd4j.linalg.learning.regularization.WeightDecay)
                .mapToDouble(r -> ((org.nd4j.linalg.learning.regularization.WeightDecay) r).getCoeff()
                        .valueAt(0, 0)).sum();
    }
}
