package dev.grokwatch.examples.bench;

import dev.grokwatch.models.GrokModelBuilder;
import dev.grokwatch.models.GrokTransformer;
import dev.grokwatch.models.tasks.GroupDataset;
import dev.grokwatch.models.tasks.GroupTask;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built-in reference takes GrokTransformer's settings and trains on its own two-input batches. */
class BuiltinTransformerTest {

    private static final GroupTask ADD7 = GroupTask.modularAddition(7);

    @Test
    void takesTheTransformersSizesAndTrains() {
        ComputationGraph model = BuiltinTransformer.builder(ADD7).dModel(8).heads(2).ffWidth(16).seed(1).build();
        ComputationGraph grok = GrokTransformer.builder(ADD7).dModel(8).heads(2).ffWidth(16).seed(1).build();
        // The same architecture: token table [vocabulary 8, d 8] + position table [3, 8], attention 4 · 8 · 8,
        // MLP 8·16 + 16 + 16·8 + 8, output 8·7 + 7.
        long expected = 8 * 8 + 3 * 8 + 4 * 8 * 8 + (8 * 16 + 16 + 16 * 8 + 8) + (8 * 7 + 7);
        assertEquals(expected, grok.numParams());
        assertEquals(expected, model.numParams());

        DataSet batch = GroupDataset.split(ADD7, 0.5, 0).trainDataSet();
        MultiDataSet inputs = BuiltinTransformer.batch(batch);
        assertEquals(2, inputs.getFeatures().length);
        INDArray positions = inputs.getFeatures(1);
        assertArrayEquals(batch.getFeatures().shape(), positions.shape());
        assertArrayEquals(new double[]{0, 1, 2}, positions.getRow(positions.rows() - 1).toDoubleVector());
        INDArray representation = model.feedForward(inputs.getFeatures(), false).get(GrokModelBuilder.REPRESENTATION);
        assertArrayEquals(new long[]{batch.numExamples(), 8}, representation.shape());

        double before = model.score(inputs);
        for (int i = 0; i < 20; i++) {
            model.fit(inputs);
        }
        assertTrue(model.score(inputs) < before, "score " + before + " did not fall in 20 steps");
    }

    @Test
    void refusesWhatGrokTransformerRefusesAndMixing() {
        IllegalArgumentException heads = assertThrows(IllegalArgumentException.class,
                () -> BuiltinTransformer.builder(ADD7).dModel(8).heads(3).build());
        assertTrue(heads.getMessage().contains("3 heads do not divide d_model 8"), heads.getMessage());
        IllegalStateException mixing = assertThrows(IllegalStateException.class,
                () -> BuiltinTransformer.builder(ADD7).mixing(0.3).build());
        assertTrue(mixing.getMessage().contains("alpha 0.3") && mixing.getMessage().contains("expected alpha 0"),
                mixing.getMessage());
    }
}
