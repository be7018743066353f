package dev.grokwatch.models.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class SplitAccuracyTest {

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

    @Test
    void countsArgmaxMatchesOverBatches() {
        MultiLayerNetwork net = TinyNetworks.predictsFirstOperand(7);
        DataSet test = ADD7.testDataSet();
        double expected = fractionWithBZero(test);
        assertTrue(expected > 0 && expected < 1, "the check needs both right and wrong answers");
        assertEquals(expected, SplitAccuracy.of(net, test), 1e-12);
        assertEquals(expected, SplitAccuracy.of(net, test, 4), 1e-12);
        assertEquals(fractionWithBZero(ADD7.trainDataSet()), SplitAccuracy.of(net, ADD7.trainEvalIterator(5)), 1e-12);
    }

    @Test
    void perfectClassifierScoresOne() {
        GroupTask left = GroupTask.of("left7", 7, (a, b) -> a);
        GroupDataset data = GroupDataset.split(left, 0.5, 0);
        assertEquals(1.0, SplitAccuracy.of(TinyNetworks.predictsFirstOperand(7), data.testDataSet(), 3));
        assertEquals(1.0, SplitAccuracy.of(TinyNetworks.predictsFirstOperandGraph(7), data.testIterator(3)));
    }

    @Test
    void computationGraphGivesTheSameAccuracy() {
        ComputationGraph graph = TinyNetworks.predictsFirstOperandGraph(7);
        DataSet test = ADD7.testDataSet();
        assertEquals(fractionWithBZero(test), SplitAccuracy.of(graph, test, 6), 1e-12);
    }

    @Test
    void leavesTheModelAsItWas() {
        MultiLayerNetwork net = TinyNetworks.embeddingClassifier(ADD7.task());
        net.fit(ADD7.trainIterator(8, 0).batchesPerEpoch(3));
        INDArray params = net.params().dup();
        int iterations = net.getIterationCount();
        SplitAccuracy.of(net, ADD7.testDataSet(), 5);
        assertArrayEquals(params.toDoubleVector(), net.params().toDoubleVector()); // exact bits
        assertEquals(iterations, net.getIterationCount());
    }

    @Test
    void rejectsModelsItCannotRead() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> SplitAccuracy.of((Model) null, ADD7.testDataSet()));
        assertTrue(none.getMessage().contains("MultiLayerNetwork or a ComputationGraph, got null"), none.getMessage());

        MultiLayerNetwork wrongWidth = TinyNetworks.predictsFirstOperand(5);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> SplitAccuracy.of(wrongWidth, ADD7.testDataSet()));
        // 49 pairs, round(0.5 · 49) = 25 for training, 24 for test
        assertTrue(shape.getMessage().contains("output of shape [24, 5]") && shape.getMessage().contains("labels of shape [24, 7]"),
                shape.getMessage());
    }
}
