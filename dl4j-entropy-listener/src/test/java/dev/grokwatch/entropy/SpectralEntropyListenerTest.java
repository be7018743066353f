package dev.grokwatch.entropy;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SpectralEntropyListenerTest {

    static final DataSet TRAIN = TestNetworks.blobs(300, 10);
    static final DataSet TEST = TestNetworks.blobs(150, 11);

    static SpectralEntropyListener.Builder listener(Object layer) {
        SpectralEntropyListener.Builder b = SpectralEntropyListener.builder()
                .probe(TRAIN.getFeatures().getRows(java.util.stream.IntStream.range(0, 64).toArray()))
                .everyNIterations(5).evaluateOn(TEST).trainAccuracyOn(TRAIN);
        return layer instanceof Integer i ? b.layer(i) : b.layer((String) layer);
    }

    static void train(Model model, int epochs) {
        ViewIterator batches = new ViewIterator(TRAIN, 30); // 10 iterations per epoch
        if (model instanceof MultiLayerNetwork net) {
            net.fit(batches, epochs);
        } else {
            ((ComputationGraph) model).fit(batches, epochs);
        }
    }

    @Test
    void recordsARealMultiLayerNetworkTraining() {
        MultiLayerNetwork net = TestNetworks.mln(7, 1e-3);
        SpectralEntropyListener entropy = listener(1).build();
        net.addListeners(entropy);
        train(net, 5);

        List<EntropyRecord> records = entropy.history().records();
        assertEquals(List.of(5L, 10L, 15L, 20L, 25L, 30L, 35L, 40L, 45L, 50L),
                records.stream().map(EntropyRecord::step).toList());
        for (EntropyRecord r : records) {
            assertTrue(r.normalisedEntropy() > 0 && r.normalisedEntropy() <= 1, r.toString());
            assertEquals(Math.exp(r.entropy()), r.effectiveRank(), 1e-9);
            assertEquals(10, r.topEigenvalues().length);
            assertTrue(r.wallMs() > 0);
            assertNotNull(r.trainLoss());
            assertNotNull(r.phase());
            assertNull(r.predictedGrokStep());
        }
        assertEquals(0, records.get(0).epoch());
        assertEquals(4, records.get(9).epoch());
        EntropyRecord last = records.get(records.size() - 1);
        assertTrue(last.testAccuracy() > 0.9, "blobs are separable: " + last.testAccuracy());
        assertEquals(net.params().norm2Number().doubleValue(), last.paramNorm(), 1e-6);
        // H̃ of the last record, recomputed independently from the same probe
        assertEquals(SpectralEntropy.of(net.feedForward(TRAIN.getFeatures().getRows(
                java.util.stream.IntStream.range(0, 64).toArray()), false).get(2)).normalisedEntropy(),
                last.normalisedEntropy(), 1e-12);
    }

    @Test
    void recordsARealComputationGraphTraining() {
        ComputationGraph graph = TestNetworks.graph(7, 1e-3);
        SpectralEntropyListener entropy = listener("representation").build();
        graph.addListeners(entropy);
        train(graph, 3);
        assertEquals(6, entropy.history().size());
        assertTrue(entropy.latest().orElseThrow().testAccuracy() > 0.5);
        assertEquals(30, entropy.currentStep());
    }

    /** Training state after training with and without the listener, everything else equal (see {@link BitExact}). */
    static void assertListenerDoesNotChangeTraining(java.util.function.Supplier<Model> factory, Object layer) {
        Model plain = factory.get();
        train(plain, 4);
        Model watched = factory.get();
        SpectralEntropyListener entropy = listener(layer).everyNIterations(3).evaluateAtEpochEnd(true)
                .threshold(0.9).fourierAlignment(m -> 0.5).build();
        watched.addListeners(entropy);
        train(watched, 4);
        assertTrue(entropy.history().size() > 10);
        // raw bits of parameters and updater state: ND4J's equals would let differences up to 1e-5 through
        BitExact.assertSameTrainingState(plain, watched);
    }

    @Test
    void listenerDoesNotChangeMultiLayerNetworkTraining() {
        assertListenerDoesNotChangeTraining(() -> TestNetworks.mln(21, 1e-2), 1);
    }

    @Test
    void listenerDoesNotChangeComputationGraphTraining() {
        assertListenerDoesNotChangeTraining(() -> TestNetworks.graph(21, 1e-2), "representation");
    }

    @Test
    void trainLossIsTheMinibatchDataLossWithoutTheWeightDecayTerm() {
        MultiLayerNetwork net = TestNetworks.mln(8, 0.5);
        SpectralEntropyListener entropy = listener(1).everyNIterations(1).build();
        net.addListeners(entropy);
        DataSet batch = (DataSet) TRAIN.getRange(0, 60);
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            MultiLayerNetwork before = net.clone();
            double regularisation = before.calcRegularizationScore(true);
            assertTrue(regularisation > 0.1, "the weight-decay term must matter for this test: " + regularisation);
            expected.add(before.score(batch, true) - regularisation);
            net.fit(batch);
        }
        List<EntropyRecord> records = entropy.history().records();
        for (int i = 0; i < 5; i++) {
            assertEquals(expected.get(i), records.get(i).trainLoss(), 1e-5, "step " + (i + 1));
        }
    }

    @Test
    void eventsFireOnceThroughTheCallback() {
        MultiLayerNetwork net = TestNetworks.mln(9, 0);
        Map<EntropyEventType, Integer> counts = new HashMap<>();
        List<Phase> phaseAtEvent = new ArrayList<>();
        // H̃ starts near 0.38 and falls to 0.26: it comes down through 0.3 (a threshold it never reached would not count)
        SpectralEntropyListener entropy = listener(1).threshold(0.3).accuracyCriteria(0.9, 0.9)
                .onEvent(e -> {
                    counts.merge(e.type(), 1, Integer::sum);
                    phaseAtEvent.add(e.record().phase());
                })
                .build();
        net.addListeners(entropy);
        train(net, 6);
        // it learns and generalises together: the outcome is generalised, not grokked
        assertEquals(1, counts.get(EntropyEventType.GENERALISED));
        assertNull(counts.get(EntropyEventType.GROKKED));
        assertEquals(1, counts.get(EntropyEventType.MEMORISED));
        assertEquals(1, counts.get(EntropyEventType.THRESHOLD_CROSSED));
        assertTrue(counts.values().stream().allMatch(c -> c == 1));
        assertEquals(entropy.history().generalisedStep(), entropy.stepOf(EntropyEventType.GENERALISED));
        assertTrue(entropy.history().grokStep().isEmpty());
        assertEquals(Phase.GENERALISED, entropy.phase());
        assertFalse(phaseAtEvent.contains(null));
    }

    @Test
    void nonFiniteRepresentationsAreRecordedAsNaNAndTrainingGoesOn() {
        MultiLayerNetwork net = TestNetworks.mln(10, 0);
        SpectralEntropyListener entropy = listener(1).build();
        net.addListeners(entropy);
        train(net, 1);
        net.setListeners(entropy, new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                model.params().putScalar(0, Double.NaN); // a diverged model
            }
        });
        train(net, 2);
        List<EntropyRecord> records = entropy.history().records();
        assertEquals(6, records.size(), "every evaluation is still recorded");
        assertTrue(Double.isNaN(records.get(5).normalisedEntropy()));
        assertTrue(Double.isNaN(records.get(5).testAccuracy()), "a diverged model has no accuracy");
        assertFalse(Double.isNaN(records.get(1).normalisedEntropy()));
    }

    @Test
    void aWrongLayerFailsBeforeAnyTrainingIsSpent() {
        MultiLayerNetwork net = TestNetworks.mln(11, 0);
        org.nd4j.linalg.api.ndarray.INDArray initial = net.params().dup();
        net.addListeners(listener(5).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train(net, 1));
        assertTrue(e.getMessage().contains("no layer #5"), e.getMessage());
        BitExact.assertBitIdentical(initial, net.params(), "parameters before the refusal");
    }

    @Test
    void aProbeOfTheWrongWidthFailsBeforeAnyTrainingIsSpent() {
        MultiLayerNetwork net = TestNetworks.mln(11, 0);
        net.addListeners(SpectralEntropyListener.builder().probe(org.nd4j.linalg.factory.Nd4j.rand(20, 3)).layer(1).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train(net, 1));
        assertTrue(e.getMessage().contains("3 columns") && e.getMessage().contains("nIn = 6"), e.getMessage());
        assertEquals(0, net.getIterationCount());
    }

    @Test
    void serialisesLikeDl4jListeners() throws Exception {
        MultiLayerNetwork net = TestNetworks.mln(12, 0);
        SpectralEntropyListener entropy = listener(1).threshold(0.9).build();
        net.addListeners(entropy);
        train(net, 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(entropy);
        }
        SpectralEntropyListener copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (SpectralEntropyListener) in.readObject();
        }
        assertEquals(entropy.history().records().size(), copy.history().size());
        assertEquals(entropy.phase(), copy.phase());
        net.setListeners(copy);
        train(net, 1);
        assertEquals(6, copy.history().size(), "the copy keeps measuring on the same model");
        assertNotNull(copy.latest().orElseThrow().testAccuracy(), "DataSet evaluation data travels with it");
    }

    @Test
    void aResumedRunContinuesItsCurveFromTheModelZip(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = TestNetworks.mln(13, 0);
        SpectralEntropyListener first = listener(1).build();
        net.addListeners(first);
        train(net, 2);
        File zip = dir.resolve("model.zip").toFile();
        net.save(zip, true);
        first.history().saveTo(zip);

        MultiLayerNetwork resumed = MultiLayerNetwork.load(zip, true);
        SpectralEntropyListener second = listener(1).resumeFrom(EntropyHistory.restoreFrom(zip)).build();
        resumed.addListeners(second);
        train(resumed, 2);
        assertEquals(List.of(5L, 10L, 15L, 20L, 25L, 30L, 35L, 40L),
                second.history().records().stream().map(EntropyRecord::step).toList());
    }

    @Test
    void builderExplainsWhatIsMissing() {
        IllegalStateException noProbe = assertThrows(IllegalStateException.class,
                () -> SpectralEntropyListener.builder().layer(1).build());
        assertTrue(noProbe.getMessage().contains("probe"), noProbe.getMessage());
        IllegalStateException noLayer = assertThrows(IllegalStateException.class,
                () -> SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).build());
        assertTrue(noLayer.getMessage().contains("layer"), noLayer.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpectralEntropyListener.builder().everyNIterations(-1));
        assertThrows(IllegalArgumentException.class, () -> SpectralEntropyListener.builder().threshold(0));
        assertThrows(IllegalArgumentException.class, () -> SpectralEntropyListener.builder().evaluateOn((DataSet) null));
    }
}
