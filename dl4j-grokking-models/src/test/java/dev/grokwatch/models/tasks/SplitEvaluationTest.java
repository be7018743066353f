package dev.grokwatch.models.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;

/**
 * A split's accuracy as DL4J's {@code Evaluation} reads it from the data sets and iterators of
 * {@link GroupDataset}: every row counted once whatever the batch size, for a MultiLayerNetwork and a
 * ComputationGraph alike, the model left as it was.
 */
class SplitEvaluationTest {

    private static final GroupDataset ADD7 = GroupDataset.split(GroupTask.modularAddition(7), 0.5, 0);

    /** Answering "a" is right for (a + b) mod 7 exactly when b = 0. */
    private static double fractionWithBZero(DataSet data) {
        INDArray x = data.getFeatures();
        int count = 0;
        for (int row = 0; row < x.rows(); row++) {
            if (x.getInt(row, 1) == 0) {
                count++;
            }
        }
        return (double) count / x.rows();
    }

    /** The whole data set in batches of {@value GroupDataset#DEFAULT_BATCH_SIZE}. */
    private static ViewIterator whole(DataSet data) {
        return new ViewIterator(data, GroupDataset.DEFAULT_BATCH_SIZE);
    }

    @Test
    void countsArgmaxMatchesOverBatches() {
        MultiLayerNetwork net = TinyNetworks.predictsFirstOperand(7);
        DataSet test = ADD7.testDataSet();
        double expected = fractionWithBZero(test);
        assertTrue(expected > 0 && expected < 1, "the check needs both right and wrong answers");
        assertEquals(expected, net.evaluate(whole(test)).accuracy(), 1e-12);
        assertEquals(expected, net.evaluate(ADD7.testIterator(4)).accuracy(), 1e-12);
        assertEquals(fractionWithBZero(ADD7.trainDataSet()), net.evaluate(ADD7.trainEvalIterator(5)).accuracy(), 1e-12);
    }

    @Test
    void perfectClassifierScoresOne() {
        GroupTask left = GroupTask.of("left7", 7, (a, b) -> a);
        GroupDataset data = GroupDataset.split(left, 0.5, 0);
        assertEquals(1.0, TinyNetworks.predictsFirstOperand(7).evaluate(data.testIterator(3)).accuracy());
        assertEquals(1.0, TinyNetworks.predictsFirstOperandGraph(7).evaluate(data.testIterator(3)).accuracy());
    }

    @Test
    void computationGraphGivesTheSameAccuracy() {
        ComputationGraph graph = TinyNetworks.predictsFirstOperandGraph(7);
        assertEquals(fractionWithBZero(ADD7.testDataSet()), graph.evaluate(ADD7.testIterator(6)).accuracy(), 1e-12);
    }

    @Test
    void leavesTheModelAsItWas() {
        MultiLayerNetwork net = TinyNetworks.embeddingClassifier(ADD7.task());
        net.fit(ADD7.trainIterator(8, 0).batchesPerEpoch(3));
        INDArray params = net.params().dup();
        int iterations = net.getIterationCount();
        net.evaluate(ADD7.testIterator(5));
        assertArrayEquals(params.toDoubleVector(), net.params().toDoubleVector()); // exact bits
        assertEquals(iterations, net.getIterationCount());
    }

    @Test
    void refusesAModelWithTheWrongNumberOfClasses() {
        MultiLayerNetwork wrongWidth = TinyNetworks.predictsFirstOperand(5);
        // 49 pairs, round(0.5 · 49) = 25 for training, 24 for test: 5 scores against 7 label columns
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> wrongWidth.evaluate(whole(ADD7.testDataSet())));
        assertTrue(e.getMessage().contains("Predictions shape: [24, 5]") && e.getMessage().contains("Labels shape: [24, 7]"),
                e.getMessage());
    }
}
