package dev.grokwatch.entropy;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accuracy of a SameDiff graph with two inputs, given as a MultiDataSet (placed by the TrainingConfig's feature
 * mapping, as fit places it), a MultiDataSetIterator or a placeholder map with labels: the number ND4J's
 * Evaluation gives on the graph's own output, computed here with sd.output; and what cannot be placed is refused
 * at build, before training.
 */
class SameDiffMultiInputAccuracyTest {

    private static final DataSet TRAIN = TestNetworks.blobs(96, 1);
    private static final DataSet TEST = TestNetworks.blobs(60, 2);
    private static final Map<String, INDArray> PROBE = SameDiffNetworks.inputs(TestNetworks.blobs(64, 3).getFeatures());

    /** Accuracy at every third update, from the graph's output on both inputs, computed here. */
    private static final class Reference extends BaseListener {
        private final SameDiff graph;
        final Map<Long, Double> test = new TreeMap<>();
        final Map<Long, Double> train = new TreeMap<>();

        Reference(SameDiff graph) {
            this.graph = graph;
        }

        @Override
        public boolean isActive(Operation operation) {
            return operation == Operation.TRAINING;
        }

        @Override
        public void iterationDone(SameDiff sd, At at, org.nd4j.linalg.dataset.api.MultiDataSet data, Loss loss) {
            long step = at.iteration() + 1L;
            if (step % 3 == 0) {
                test.put(step, accuracy(TEST));
                train.put(step, accuracy(TRAIN));
            }
        }

        private double accuracy(DataSet data) {
            Evaluation evaluation = new Evaluation();
            evaluation.eval(data.getLabels(),
                    graph.output(SameDiffNetworks.inputs(data.getFeatures()), "output").get("output"));
            return evaluation.accuracy();
        }
    }

    private static SameDiffEntropyListener.Builder builder(SameDiff sd) {
        return SameDiffEntropyListener.builder(sd).probe(PROBE).variable("representation").everyNIterations(3)
                .outputVariable("output");
    }

    @Test
    void accuracyOnBothInputsIsTheGraphsOwnInEveryForm() {
        SameDiff sd = SameDiffNetworks.twoInputs(7, false);
        SameDiffEntropyListener multiDataSet = builder(sd).evaluateOn(SameDiffNetworks.split(TEST))
                .trainAccuracyOn(SameDiffNetworks.inputs(TRAIN.getFeatures()), TRAIN.getLabels()).build();
        SameDiffEntropyListener iterators = builder(sd).evaluateOn(SameDiffNetworks.splitBatches(TEST, 25))
                .trainAccuracyOn(SameDiffNetworks.splitBatches(TRAIN, 40)).build();
        SameDiffEntropyListener maps = builder(sd).evaluateOn(SameDiffNetworks.inputs(TEST.getFeatures()),
                TEST.getLabels()).trainAccuracyOn(SameDiffNetworks.split(TRAIN)).build();
        Reference reference = new Reference(sd);
        sd.fit(SameDiffNetworks.splitBatches(TRAIN, 32), 4, multiDataSet, iterators, maps, reference); // 12 updates

        for (SameDiffEntropyListener entropy : new SameDiffEntropyListener[]{multiDataSet, iterators, maps}) {
            assertEquals(4, entropy.history().size());
            for (EntropyRecord r : entropy.history().records()) {
                assertEquals(reference.test.get(r.step()), r.testAccuracy(), 0.0, "test accuracy at " + r.step());
                assertEquals(reference.train.get(r.step()), r.trainAccuracy(), 0.0, "train accuracy at " + r.step());
            }
        }
        assertTrue(new HashSet<>(reference.test.values()).size() > 1, "accuracy moved while training: "
                + reference.test);
        // the representations are the graph's on the probe's two inputs
        INDArray representations = sd.output(PROBE, "representation").get("representation");
        assertEquals(SpectralEntropy.of(representations).normalisedEntropy(),
                multiDataSet.latest().orElseThrow().normalisedEntropy(), 1e-12);
    }

    @Test
    void dataThatCannotBePlacedInTheGraphsInputsIsRefusedAtBuild() {
        SameDiff sd = SameDiffNetworks.twoInputs(7, false);
        IllegalArgumentException oneArray = assertThrows(IllegalArgumentException.class,
                () -> builder(sd).evaluateOn(TEST).build());
        assertTrue(oneArray.getMessage().contains("a DataSet, one features array, for a probe of 2 placeholders")
                && oneArray.getMessage().contains("expected a MultiDataSet"), oneArray.getMessage());

        MultiDataSet oneInput = new org.nd4j.linalg.dataset.MultiDataSet(TEST.getFeatures(), TEST.getLabels());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> builder(sd).trainAccuracyOn(oneInput).build());
        assertTrue(count.getMessage().contains("has 1 features arrays; expected 2, one per placeholder [a, b]"),
                count.getMessage());

        SameDiff untrained = SameDiffNetworks.twoInputs(7, false);
        untrained.setTrainingConfig(null);
        IllegalArgumentException noMapping = assertThrows(IllegalArgumentException.class,
                () -> builder(untrained).evaluateOn(SameDiffNetworks.split(TEST)).build());
        assertTrue(noMapping.getMessage().contains("sd.setTrainingConfig(...) before build()"), noMapping.getMessage());

        Map<String, INDArray> misnamed = Map.of("a", PROBE.get("a"), "c", PROBE.get("b"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> builder(sd).evaluateOn(misnamed, TestNetworks.blobs(64, 3).getLabels()).build());
        assertTrue(unknown.getMessage().contains("no variable 'c'"), unknown.getMessage());

        MultiDataSet twoOutputs = new org.nd4j.linalg.dataset.MultiDataSet(
                SameDiffNetworks.split(TEST).getFeatures(), new INDArray[]{TEST.getLabels(), TEST.getLabels()});
        IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
                () -> builder(sd).evaluateOn(twoOutputs));
        assertTrue(labels.getMessage().contains("has 2 labels arrays; expected one"), labels.getMessage());

        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> builder(sd).evaluateOn(PROBE, TEST.getLabels()));
        assertTrue(rows.getMessage().contains("expected 60 examples along dimension 0"), rows.getMessage());
    }
}
