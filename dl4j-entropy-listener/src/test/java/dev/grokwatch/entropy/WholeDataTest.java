package dev.grokwatch.entropy;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

import static dev.grokwatch.entropy.BeforeTrainingTest.refusedBeforeAnyUpdate;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The check before training reads the whole probe and every batch of the evaluation data: data that
 * is wrong only beyond its first rows or its first batch is refused before the first update, not
 * found at every evaluation of the run. Once training runs, a failing accuracy keeps the H̃ measured.
 */
class WholeDataTest {

    private static final DataSet TRAIN = TestNetworks.blobs(30, 1);

    private static void fitBothWays(MultiLayerNetwork net, boolean iterator) {
        if (iterator) {
            net.fit(new ViewIterator(TRAIN, 10), 1);
        } else {
            net.fit(TRAIN);
        }
    }

    @Test
    void aBadSecondBatchOfEvaluationDataIsRefusedBeforeTraining() {
        DataSet good = TestNetworks.blobs(10, 2);
        DataSet sevenColumns = new DataSet(Nd4j.rand(DataType.FLOAT, 10, 7), good.getLabels());
        for (boolean iterator : new boolean[]{true, false}) {
            MultiLayerNetwork net = TestNetworks.mln(2, 0);
            net.addListeners(BeforeTrainingTest.blobsListener().layer(0)
                    .evaluateOn(new ListDataSetIterator<>(List.of(good, sevenColumns), 1)).build());
            String message = refusedBeforeAnyUpdate(net, () -> fitBothWays(net, iterator));
            assertTrue(message.contains("evaluation features have 7 columns"), message);
        }
    }

    /** Embedding indices 0..4; {@code bad} puts index 9 in row 5. */
    private static MultiLayerNetwork embedding() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-2))
                .list()
                .layer(new EmbeddingLayer.Builder().nIn(5).nOut(4).build())
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    private static INDArray indices(boolean bad) {
        return Nd4j.create(new float[]{0, 1, 2, 3, 4, bad ? 9 : 0, 1, 2, 3, 0}, new long[]{10, 1});
    }

    private static INDArray twoClasses() {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 10, 2);
        for (int i = 0; i < 10; i++) {
            labels.putScalar(i, i % 2, 1);
        }
        return labels;
    }

    @Test
    void aProbeOrEvaluationDataWrongOnlyFromItsSixthRowIsRefusedBeforeTraining() {
        DataSet train = new DataSet(indices(false), twoClasses());
        for (boolean badProbe : new boolean[]{true, false}) {
            MultiLayerNetwork net = embedding();
            SpectralEntropyListener.Builder builder = SpectralEntropyListener.builder().probe(indices(badProbe))
                    .layer(1).everyNIterations(1);
            if (!badProbe) {
                builder.evaluateOn(new DataSet(indices(true), twoClasses()));
            }
            net.addListeners(builder.build());
            String message = refusedBeforeAnyUpdate(net, () -> net.fit(train));
            assertTrue(message.contains(badProbe ? "Forward pass of the probe" : "evaluation data does not fit"),
                    message);
        }
    }

    @Test
    void nonFiniteProbeOrEvaluationFeaturesAreRefusedAsDataNotReadAsDivergence() {
        INDArray probe = TRAIN.getFeatures().dup();
        probe.putScalar(7, 3, Double.NaN);
        IllegalArgumentException atBuild = assertThrows(IllegalArgumentException.class,
                () -> SpectralEntropyListener.builder().probe(probe));
        assertTrue(atBuild.getMessage().contains("probe features for input 0 hold NaN"), atBuild.getMessage());

        DataSet test = TestNetworks.blobs(12, 2);
        test.getFeatures().putScalar(9, 0, Double.POSITIVE_INFINITY);
        MultiLayerNetwork net = TestNetworks.mln(2, 0);
        net.addListeners(BeforeTrainingTest.blobsListener().layer(0).evaluateOn(test).build());
        String message = refusedBeforeAnyUpdate(net, () -> net.fit(TRAIN));
        assertTrue(message.contains("evaluation features for input 0 hold NaN or infinite"), message);
    }

    /** Inputs a (3 wide) and b (2 wide) merged into one dense layer: swapping them keeps the merged width. */
    private static org.deeplearning4j.nn.graph.ComputationGraph merged() {
        org.deeplearning4j.nn.graph.ComputationGraph graph = new org.deeplearning4j.nn.graph.ComputationGraph(
                new NeuralNetConfiguration.Builder().seed(5).updater(new Adam(1e-2)).graphBuilder()
                        .addInputs("a", "b")
                        .addVertex("ab", new org.deeplearning4j.nn.conf.graph.MergeVertex(), "a", "b")
                        .addLayer("hidden", new DenseLayer.Builder().nIn(5).nOut(6).activation(Activation.TANH).build(), "ab")
                        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(2)
                                .activation(Activation.SOFTMAX).build(), "hidden")
                        .setOutputs("out").build());
        graph.init();
        return graph;
    }

    @Test
    void inputsInSwappedOrderAreRefusedAgainstTheTrainingDataBeforeItsFirstUpdate() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 12, 3);
        INDArray b = Nd4j.rand(DataType.FLOAT, 12, 2);
        org.nd4j.linalg.dataset.MultiDataSet train = new org.nd4j.linalg.dataset.MultiDataSet(
                new INDArray[]{a, b}, new INDArray[]{TestNetworks.blobs(12, 1).getLabels().get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2))});
        org.nd4j.linalg.dataset.MultiDataSet swapped = new org.nd4j.linalg.dataset.MultiDataSet(
                new INDArray[]{b, a}, train.getLabels());
        for (boolean swappedProbe : new boolean[]{true, false}) {
            org.deeplearning4j.nn.graph.ComputationGraph graph = merged();
            SpectralEntropyListener.Builder builder = SpectralEntropyListener.builder().layer("hidden").everyNIterations(1)
                    .probe(swappedProbe ? swapped : train);
            if (!swappedProbe) {
                builder.evaluateOn(swapped);
            }
            graph.addListeners(builder.build());
            String message = refusedBeforeAnyUpdate(graph, () -> graph.fit(train));
            assertTrue(message.contains((swappedProbe ? "probe" : "evaluation") + " features for input 0 have examples"
                    + " of shape [2] but the training data's are [3]"), message);
        }
    }

    /** Good data while the check reads it, broken from the given reset on (e.g. a file that went away). */
    private static DataSetIterator breaksAfter(int resets) {
        return new ViewIterator(TestNetworks.blobs(12, 2), 6) {
            private int count;

            @Override
            public void reset() {
                if (++count > resets) {
                    throw new IllegalStateException("test data went away");
                }
                super.reset();
            }
        };
    }

    @Test
    void anAccuracyThatFailsDuringTrainingIsRecordedEmptyAndKeepsTheEntropy() {
        MultiLayerNetwork net = TestNetworks.mln(4, 0);
        // broken after the two passes of the checks before training (at binding, and against the first batch)
        SpectralEntropyListener entropy = BeforeTrainingTest.blobsListener().layer(0).evaluateOn(breaksAfter(2)).build();
        net.addListeners(entropy);
        for (int i = 0; i < 6; i++) {
            net.fit(TRAIN);
        }
        assertEquals(List.of(2L, 4L, 6L), entropy.history().records().stream().map(EntropyRecord::step).toList());
        assertEquals(0, entropy.skippedEvaluations());
        for (EntropyRecord r : entropy.history().records()) {
            assertTrue(Double.isFinite(r.normalisedEntropy()));
            assertNull(r.testAccuracy(), "the failing accuracy is empty, not NaN (which would read as divergence)");
        }
    }
}
