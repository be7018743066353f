package dev.grokwatch.entropy;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.grokwatch.entropy.TestNetworks.CLASSES;
import static dev.grokwatch.entropy.TestNetworks.FEATURES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Probes and evaluation data against the placeholders' declarations: no declared shape (TensorFlow and ONNX
 * imports) takes any shape, -1 any size, a known size or rank is held to; an array of another data type is
 * converted to the placeholder's, as {@code sd.output} converts it.
 */
class SameDiffPlaceholderTest {

    private static final DataSet TRAIN = TestNetworks.blobs(96, 1);
    private static final DataSet TEST = TestNetworks.blobs(60, 2);
    private static final INDArray PROBE = TestNetworks.blobs(64, 3).getFeatures();

    /** H̃ of sd.output(probe) and accuracy of sd.output(test) after every evaluation step's update, computed here. */
    private static final class Reference extends BaseListener {
        private final SameDiff graph;
        final List<Double> entropies = new ArrayList<>();
        final List<Double> accuracies = new ArrayList<>();

        Reference(SameDiff graph) {
            this.graph = graph;
        }

        @Override
        public boolean isActive(Operation operation) {
            return operation == Operation.TRAINING;
        }

        @Override
        public void iterationDone(SameDiff sd, At at, MultiDataSet data, Loss loss) {
            if ((at.iteration() + 1) % 4 == 0) {
                INDArray values = graph.output(Map.of("input", PROBE), "representation").get("representation");
                entropies.add(SpectralEntropy.of(values).normalisedEntropy());
                Evaluation evaluation = new Evaluation();
                evaluation.eval(TEST.getLabels(), graph.output(Map.of("input", TEST.getFeatures()), "output").get("output"));
                accuracies.add(evaluation.accuracy());
            }
        }
    }

    @Test
    void placeholdersDeclaredWithoutAShapeTakeAnyShapeAndTheCurveIsTheGraphsOwn() {
        SameDiff sd = SameDiffNetworks.mlp(7, false, new long[0], new long[0]);
        assertEquals(0, sd.getVariable("input").placeholderShape().length, "ND4J gives no declared shape");
        SameDiffEntropyListener entropy = SameDiffEntropyListener.builder(sd).probe("input", PROBE)
                .variable("representation").everyNIterations(4).evaluateOn(TEST).outputVariable("output").build();
        Reference reference = new Reference(sd);
        sd.fit(SameDiffNetworks.batches(TRAIN, 16), 2, entropy, reference); // 12 steps

        List<EntropyRecord> records = entropy.history().records();
        assertEquals(List.of(4L, 8L, 12L), records.stream().map(EntropyRecord::step).toList());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(reference.entropies.get(i), records.get(i).normalisedEntropy(), 1e-12, "H̃ at " + records.get(i).step());
            assertEquals(reference.accuracies.get(i), records.get(i).testAccuracy(), 1e-12, "accuracy at " + records.get(i).step());
        }
    }

    @Test
    void unknownSizesTakeAnySizeAndKnownOnesAreHeldTo() {
        SameDiff anySize = SameDiffNetworks.mlp(7, false, new long[]{-1, -1}, new long[]{-1, -1});
        SameDiffEntropyListener accepted = SameDiffEntropyListener.builder(anySize).probe("input", PROBE)
                .variable("representation").everyNIterations(4).evaluateOn(TEST).outputVariable("output").build();
        assertEquals(0, accepted.history().size());

        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> SameDiffEntropyListener
                .builder(anySize).probe("input", PROBE.reshape(64, FEATURES, 1)).variable("representation").build());
        assertTrue(rank.getMessage().contains("placeholder 'input' has shape [64, 6, 1]; expected the placeholder's"
                + " shape [-1, -1] (-1: any size)"), rank.getMessage());

        SameDiff fixedBatch = SameDiffNetworks.mlp(7, false, new long[]{64, FEATURES}, new long[]{-1, CLASSES});
        SameDiffEntropyListener.builder(fixedBatch).probe("input", PROBE).variable("representation").build();
        INDArray half = PROBE.get(NDArrayIndex.interval(0, 32), NDArrayIndex.all());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> SameDiffEntropyListener
                .builder(fixedBatch).probe("input", half).variable("representation").build());
        assertTrue(size.getMessage().contains("placeholder 'input' has shape [32, 6]; expected the placeholder's"
                + " shape [64, 6]"), size.getMessage());
    }

    /** A double or int probe into a float placeholder is converted, as sd.output converts it: the same curve. */
    @Test
    void anArrayOfAnotherDataTypeIsConvertedToThePlaceholdersAsSdOutputDoes() {
        INDArray whole = PROBE.castTo(DataType.INT).castTo(DataType.FLOAT); // values an int array holds exactly
        DataSet doubleTest = new DataSet(TEST.getFeatures().castTo(DataType.DOUBLE), TEST.getLabels().castTo(DataType.DOUBLE));
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        SameDiffEntropyListener asFloat = listener(sd, PROBE, TEST);
        SameDiffEntropyListener asDouble = listener(sd, PROBE.castTo(DataType.DOUBLE), doubleTest);
        SameDiffEntropyListener wholeFloat = listener(sd, whole, TEST);
        SameDiffEntropyListener asInt = listener(sd, whole.castTo(DataType.INT), TEST);
        sd.fit(SameDiffNetworks.batches(TRAIN, 16), 2, asFloat, asDouble, wholeFloat, asInt);

        assertEquals(3, asFloat.history().size());
        for (int i = 0; i < 3; i++) {
            EntropyRecord f = asFloat.history().records().get(i);
            EntropyRecord d = asDouble.history().records().get(i);
            assertEquals(f.normalisedEntropy(), d.normalisedEntropy(), 0.0, "double probe at step " + f.step());
            assertEquals(f.testAccuracy(), d.testAccuracy(), 0.0, "double test data at step " + f.step());
            assertEquals(wholeFloat.history().records().get(i).normalisedEntropy(),
                    asInt.history().records().get(i).normalisedEntropy(), 0.0, "int probe at step " + f.step());
        }
    }

    private static SameDiffEntropyListener listener(SameDiff sd, INDArray probe, DataSet test) {
        return SameDiffEntropyListener.builder(sd).probe("input", probe).variable("representation")
                .everyNIterations(4).evaluateOn(test).outputVariable("output").build();
    }
}
