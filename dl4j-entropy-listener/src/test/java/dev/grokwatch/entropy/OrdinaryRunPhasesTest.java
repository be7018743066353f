package dev.grokwatch.entropy;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Phases and events on real runs of ordinary models, not grokking tasks: each reads what its name says.
 * An MLP that learns three Gaussian blobs generalises as it memorises, so it is "generalised", never
 * "grokked"; a model too small to fit random labels never memorises and is told so at the horizon.
 */
class OrdinaryRunPhasesTest {

    static final DataSet TRAIN = TestNetworks.blobs(600, 1);
    static final DataSet TEST = TestNetworks.blobs(300, 2);

    @Test
    void anMlpOnAnEasyTaskGeneralisesWithoutADelayAndIsNeverToldItGrokked() {
        for (long seed = 1; seed <= 4; seed++) {
            MultiLayerNetwork net = TestNetworks.mln(seed, 0);
            List<EntropyEvent> events = new ArrayList<>();
            SpectralEntropyListener entropy = SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer(1)
                    .everyNIterations(1).evaluateOn(TEST).trainAccuracyOn(TRAIN).onEvent(events::add).build();
            net.addListeners(entropy);
            net.fit(new ViewIterator(TRAIN, 60), 6); // 60 steps; every seed reaches 0.99 on both within 12
            String context = "seed " + seed + ", events " + events;

            long memorised = entropy.stepOf(EntropyEventType.MEMORISED).orElseThrow(() -> new AssertionError(context));
            long generalised = entropy.stepOf(EntropyEventType.GENERALISED).orElseThrow(() -> new AssertionError(context));
            assertTrue(entropy.stepOf(EntropyEventType.GROKKED).isEmpty(), context);
            assertTrue(entropy.history().grokStep().isEmpty(), context);
            assertEquals(Phase.GENERALISED, entropy.phase(), context);
            // no delay: no evaluation after the memorisation one with test accuracy still below 0.99
            assertTrue(entropy.history().records().stream().noneMatch(r -> r.step() > memorised
                    && r.step() < generalised && r.testAccuracy() < 0.99), context);
            // the events of a grokking story (collapse onset, no collapse) never come after the outcome as if it were one
            assertTrue(entropy.stepOf(EntropyEventType.NO_COLLAPSE).isEmpty(), context);
            assertTrue(entropy.stepOf(EntropyEventType.COLLAPSE_WITHOUT_GENERALISATION).isEmpty(), context);
            for (EntropyRecord r : entropy.history().records()) {
                assertEquals(r.step() >= generalised ? Phase.GENERALISED : Phase.NORM_EXPANSION, r.phase(),
                        context + ", step " + r.step());
            }
        }
    }

    /** Random labels and a 2-unit hidden layer: training accuracy stays far below 0.99. */
    static MultiLayerNetwork tooSmall() {
        MultiLayerConfiguration conf = TestNetworks.base(5, 0).list()
                .layer(new DenseLayer.Builder().nIn(TestNetworks.FEATURES).nOut(2).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2).nOut(TestNetworks.CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static DataSet randomLabels(DataSet data, long seed) {
        DataSet copy = data.copy();
        Random random = new Random(seed);
        copy.getLabels().assign(0);
        for (int i = 0; i < copy.numExamples(); i++) {
            copy.getLabels().putScalar(i, random.nextInt(TestNetworks.CLASSES), 1);
        }
        return copy;
    }

    @Test
    void aModelThatCannotMemoriseIsInPhaseOneUntilTheHorizonThenNotMemorisingAndNothingElse() {
        DataSet train = randomLabels(TRAIN, 7);
        MultiLayerNetwork net = tooSmall();
        SpectralEntropyListener entropy = SpectralEntropyListener.builder().probe(train.getFeatures()).layer(0)
                .everyNIterations(2).evaluateOn(randomLabels(TEST, 8)).trainAccuracyOn(train).threshold(0.5)
                .notMemorisedWithin(30).build();
        net.addListeners(entropy);
        net.fit(new ViewIterator(train, 60), 6); // 60 steps

        List<EntropyRecord> records = entropy.history().records();
        double best = records.stream().mapToDouble(EntropyRecord::trainAccuracy).max().orElseThrow();
        assertTrue(best < 0.8, "the model must not be able to memorise for this test: " + best);
        assertEquals(java.util.Map.of(EntropyEventType.NOT_MEMORISING, 30L), PhaseTracker.replay(entropy.history()).eventSteps());
        for (EntropyRecord r : records) {
            // before the horizon: Phase I, fitting the training set; from it on the label says it is not memorising
            assertEquals(r.step() < 30 ? Phase.NORM_EXPANSION : Phase.NOT_MEMORISING, r.phase(), "step " + r.step());
        }
    }
}
