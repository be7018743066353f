package dev.grokwatch.models.layers;

import dev.grokwatch.models.GrokMlp;
import dev.grokwatch.models.GrokTransformer;
import dev.grokwatch.models.tasks.GroupTask;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

class SeededInitialisationTest {

    private static final GroupTask TASK = GroupTask.modularAddition(97);

    @Test
    void sameSeedGivesTheSameModelWhateverUsedNd4jsGeneratorBefore() {
        ComputationGraph first = GrokTransformer.builder(TASK).seed(3).build();
        Nd4j.getRandom().setSeed(99);
        Nd4j.randn(100, 100); // disturb ND4J's generator: the models must not depend on it
        ComputationGraph second = GrokTransformer.builder(TASK).seed(3).build();
        // exact: assertArrayEquals on doubles compares bit patterns (ND4J's equals tolerates 1e-5)
        assertArrayEquals(first.params().toDoubleVector(), second.params().toDoubleVector());
        ComputationGraph mlp = GrokMlp.builder(TASK).seed(3).build();
        ComputationGraph mlpAgain = GrokMlp.builder(TASK).seed(3).build(); // a second, independent build
        assertArrayEquals(mlp.params().toDoubleVector(), mlpAgain.params().toDoubleVector());
        assertNotEquals(first.params(), GrokTransformer.builder(TASK).seed(4).build().params());
    }

    @Test
    void drawsTheDeclaredDistributions() {
        ComputationGraph model = GrokTransformer.builder(TASK).seed(0).build();
        assertStd(model.getParam("attention_Wq"), 1 / Math.sqrt(128));       // fan-in d_model
        assertStd(model.getParam("representation_Wout"), 1 / Math.sqrt(512)); // fan-in FF width
        assertStd(model.getParam("embedding_E"), 1 / Math.sqrt(128));         // embedding: 1/width
        assertStd(model.getParam("output_W"), 1 / Math.sqrt(128));
        assertEquals(0.0, model.getParam("representation_bin").norm2Number().doubleValue());
        // blocks of the same shape get different values
        assertNotEquals(model.getParam("attention_Wq"), model.getParam("attention_Wk"));
    }

    private static void assertStd(INDArray values, double expected) {
        double mean = values.meanNumber().doubleValue();
        double std = values.stdNumber().doubleValue();
        assertEquals(0.0, mean, 4 * expected / Math.sqrt(values.length()));
        assertEquals(expected, std, 0.05 * expected);
    }
}
