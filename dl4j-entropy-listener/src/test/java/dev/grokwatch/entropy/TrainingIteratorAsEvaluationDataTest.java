package dev.grokwatch.entropy;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accuracy data given as the very iterator the fit trains on ({@code trainAccuracyOn(it)}, then {@code fit(it)}):
 * each evaluation would reset it mid-epoch and the epoch would never end (so it did, in both APIs). Both listeners
 * refuse it before an update, by one rule ({@link EvaluationIterator}); an iterator of its own over the same data
 * is read as the data itself, and a pass at an epoch's last batch, which disturbs nothing, is accepted.
 */
class TrainingIteratorAsEvaluationDataTest {

    private static final DataSet TRAIN = TestNetworks.blobs(96, 1);
    private static final INDArray PROBE = TestNetworks.blobs(64, 3).getFeatures();

    private static Map<String, INDArray> variables(SameDiff sd) {
        Map<String, INDArray> variables = new LinkedHashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                variables.put(v.name(), v.getArr().dup());
            }
        }
        return variables;
    }

    /** The refusal before the first update: part-way through during the epoch, or with batches left at its start. */
    private static void assertRefusal(IllegalStateException e, String role, String found) {
        assertTrue(e.getMessage().startsWith("The " + role + " iterator " + found + " at step 0"), e.getMessage());
        assertTrue(e.getMessage().contains("the fit reads it, training on this very iterator")
                && e.getMessage().contains("Expected an iterator of its own for the " + role + " data"), e.getMessage());
    }

    @Test
    void aSameDiffFitOnTheTrainingAccuracyIteratorIsRefusedBeforeItsFirstUpdate() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        DataSetIterator training = SameDiffNetworks.batches(TRAIN, 16);
        SameDiffEntropyListener entropy = SameDiffEntropyListener.builder(sd).probe("input", PROBE)
                .variable("representation").everyNIterations(4).trainAccuracyOn(training).outputVariable("output")
                .build();
        Map<String, INDArray> initial = variables(sd);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sd.fit(training, 2, entropy));
        assertRefusal(e, "training-accuracy", "is part-way through (5 of its 6 batches left)");
        assertEquals(0, sd.getTrainingConfig().getIterationCount(), "no update");
        initial.forEach((name, value) -> BitExact.assertBitIdentical(value, sd.getVariable(name).getArr(), name));
    }

    @Test
    void anIteratorOfItsOwnOverTheTrainingDataReadsAsTheDataItself() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        SameDiffEntropyListener ownIterator = SameDiffEntropyListener.builder(sd).probe("input", PROBE)
                .variable("representation").everyNIterations(4)
                .trainAccuracyOn(SameDiffNetworks.batches(TRAIN, 16)).outputVariable("output").build();
        SameDiffEntropyListener dataSet = SameDiffEntropyListener.builder(sd).probe("input", PROBE)
                .variable("representation").everyNIterations(4).trainAccuracyOn(TRAIN).outputVariable("output").build();
        sd.fit(SameDiffNetworks.batches(TRAIN, 16), 2, ownIterator, dataSet);

        assertEquals(12, sd.getTrainingConfig().getIterationCount(), "two whole epochs");
        assertEquals(3, ownIterator.history().size());
        for (int i = 0; i < 3; i++) {
            assertEquals(dataSet.history().records().get(i).trainAccuracy(),
                    ownIterator.history().records().get(i).trainAccuracy(), 1e-12);
        }
    }

    /** One batch per epoch: the fit has read the iterator to its end when the listener reads it, so nothing moves. */
    @Test
    void theTrainingIteratorOfOneBatchPerEpochDisturbsNothingAndIsAccepted() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        DataSetIterator fullBatch = SameDiffNetworks.batches(TRAIN, TRAIN.numExamples());
        SameDiffEntropyListener entropy = SameDiffEntropyListener.builder(sd).probe("input", PROBE)
                .variable("representation").everyNIterations(2).trainAccuracyOn(fullBatch).outputVariable("output")
                .build();
        sd.fit(fullBatch, 6, entropy);

        assertEquals(6, sd.getTrainingConfig().getIterationCount());
        assertEquals(6, sd.getTrainingConfig().getEpochCount(), "every epoch ended");
        assertEquals(List.of(2L, 4L, 6L), entropy.history().records().stream().map(EntropyRecord::step).toList());
    }

    @Test
    void aMultiLayerNetworkFitOnTheTrainingAccuracyIteratorIsRefusedBeforeItsFirstUpdate() {
        MultiLayerNetwork net = TestNetworks.mln(7, 0);
        DataSetIterator training = SameDiffNetworks.batches(TRAIN, 16);
        net.setListeners(SpectralEntropyListener.builder().probe(PROBE).layer(1).everyNIterations(4)
                .trainAccuracyOn(training).build());
        INDArray initial = net.params().dup();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.fit(training, 2));
        assertRefusal(e, "training-accuracy", "is part-way through (5 of its 6 batches left)");
        assertEquals(0, net.getIterationCount(), "no update");
        BitExact.assertBitIdentical(initial, net.params(), "parameters");
    }

    @Test
    void aComputationGraphFitOnTheTestIteratorIsRefusedBeforeItsFirstUpdate() {
        ComputationGraph graph = TestNetworks.graph(7, 0);
        DataSetIterator training = SameDiffNetworks.batches(TRAIN, 16);
        graph.setListeners(SpectralEntropyListener.builder().probe(PROBE).layer("representation").everyNIterations(4)
                .evaluateOn(training).build());
        INDArray initial = graph.params().dup();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> graph.fit(training, 2));
        assertRefusal(e, "evaluation", "has batches left");
        assertEquals(0, graph.getIterationCount(), "no update");
        BitExact.assertBitIdentical(initial, graph.params(), "parameters");
    }

    @Test
    void dl4jModelsTrainOnWithAnIteratorOfItsOwnOverTheTrainingData() {
        MultiLayerNetwork net = TestNetworks.mln(7, 0);
        SpectralEntropyListener entropy = SpectralEntropyListener.builder().probe(PROBE).layer(1).everyNIterations(4)
                .trainAccuracyOn(SameDiffNetworks.batches(TRAIN, 16)).build();
        net.setListeners(entropy);
        net.fit(SameDiffNetworks.batches(TRAIN, 16), 2);

        assertEquals(12, net.getIterationCount(), "two whole epochs");
        assertEquals(List.of(4L, 8L, 12L), entropy.history().records().stream().map(EntropyRecord::step).toList());
    }

    /** The probe taken from the test iterator after evaluateOn(it) resets it: build() leaves it at its end again. */
    @Test
    void theTestIteratorAlsoGivingTheProbeIsAccepted() {
        MultiLayerNetwork net = TestNetworks.mln(7, 0);
        DataSetIterator test = SameDiffNetworks.batches(TestNetworks.blobs(60, 2), 20);
        SpectralEntropyListener entropy = SpectralEntropyListener.builder().layer(1).everyNIterations(4)
                .evaluateOn(test).probe(test, 40).build();
        net.setListeners(entropy);
        net.fit(SameDiffNetworks.batches(TRAIN, 16), 2);

        assertEquals(12, net.getIterationCount());
        assertEquals(3, entropy.history().size());
        assertTrue(entropy.history().records().stream().allMatch(r -> r.testAccuracy() != null));
    }

    /**
     * DL4J's examples evaluate on their test iterator between epochs and reset it: found at its start, not part-way
     * through, it is not the fit's, and both listeners go on.
     */
    @Test
    void aTestIteratorResetBetweenFitsByTheUsersOwnEvaluationIsAccepted() {
        MultiLayerNetwork net = TestNetworks.mln(7, 0);
        DataSetIterator test = SameDiffNetworks.batches(TestNetworks.blobs(60, 2), 20);
        SpectralEntropyListener dl4j = SpectralEntropyListener.builder().probe(PROBE).layer(1).everyNIterations(4)
                .evaluateOn(test).build();
        net.setListeners(dl4j);
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        DataSetIterator sameDiffTest = SameDiffNetworks.batches(TestNetworks.blobs(60, 2), 20);
        SameDiffEntropyListener sameDiff = SameDiffEntropyListener.builder(sd).probe("input", PROBE)
                .variable("representation").everyNIterations(4).evaluateOn(sameDiffTest).outputVariable("output")
                .build();
        for (int epoch = 0; epoch < 2; epoch++) {
            net.fit(SameDiffNetworks.batches(TRAIN, 16));
            net.evaluate(test);
            test.reset();
            sd.fit(SameDiffNetworks.batches(TRAIN, 16), 1, sameDiff);
            sameDiffTest.reset();
        }
        assertEquals(List.of(4L, 8L, 12L), dl4j.history().records().stream().map(EntropyRecord::step).toList());
        assertEquals(List.of(4L, 8L, 12L), sameDiff.history().records().stream().map(EntropyRecord::step).toList());
    }
}
