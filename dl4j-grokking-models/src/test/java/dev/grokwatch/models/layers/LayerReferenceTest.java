package dev.grokwatch.models.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;
import java.util.Random;

import static dev.grokwatch.models.layers.SlowReference.matrix;
import static dev.grokwatch.models.layers.SlowReference.maxDifference;
import static dev.grokwatch.models.layers.SlowReference.vector;
import static dev.grokwatch.models.layers.TestGraphs.features;
import static dev.grokwatch.models.layers.TestGraphs.init;
import static dev.grokwatch.models.layers.TestGraphs.labels;
import static dev.grokwatch.models.layers.TestGraphs.network;
import static dev.grokwatch.models.layers.TestGraphs.tokens;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each custom layer against the same computation written out with loops ({@link SlowReference}). */
@ExtendWith({DoublePrecision.class, OneNativeThread.class})
class LayerReferenceTest {

    private static final double TOLERANCE = 1e-12;
    private static final int VOCABULARY = 6;
    private static final int WIDTH = 8;
    private static final int HEADS = 2;
    private static final int BATCH = 5;

    private static ComputationGraph embeddingAttention(long seed) {
        return init(network(seed).graphBuilder()
                .addInputs("in").setInputTypes(InputType.feedForward(3))
                .addLayer("embedding", new TokenPositionEmbedding.Builder().nIn(VOCABULARY).nOut(WIDTH).build(), "in")
                .addLayer("attention", new LastPositionAttention.Builder().nOut(WIDTH).heads(HEADS).build(), "embedding")
                .addLayer("out", new MixingOutput.Builder().lossFunction(LossFunctions.LossFunction.MCXENT)
                        .nOut(3).build(), "attention")
                .setOutputs("out").build());
    }

    @Test
    void embeddingIsTokenRowPlusPositionRow() {
        ComputationGraph graph = embeddingAttention(11);
        INDArray input = tokens(new Random(11), BATCH, 3, VOCABULARY);
        INDArray out = graph.feedForward(input, false).get("embedding");
        Layer layer = graph.getLayer("embedding");
        double[][] e = matrix(layer.getParam(TokenPositionEmbeddingParams.TOKEN_KEY));
        double[][] p = matrix(layer.getParam(TokenPositionEmbeddingParams.POSITION_KEY));
        assertArrayEquals(new long[]{BATCH, 3 * WIDTH}, out.shape());
        for (int n = 0; n < BATCH; n++) {
            double[][] x = SlowReference.embed(vector(input.getRow(n)), e, p);
            for (int t = 0; t < 3; t++) {
                for (int j = 0; j < WIDTH; j++) {
                    assertEquals(x[t][j], out.getDouble(n, t * WIDTH + j), TOLERANCE);
                }
            }
        }
    }

    @Test
    void attentionEqualsLastRowOfFullSelfAttention() {
        ComputationGraph graph = embeddingAttention(12);
        INDArray input = tokens(new Random(12), BATCH, 3, VOCABULARY);
        Map<String, INDArray> acts = graph.feedForward(input, false);
        Layer layer = graph.getLayer("attention");
        double[][] expected = new double[BATCH][];
        for (int n = 0; n < BATCH; n++) {
            double[][] x = matrix(acts.get("embedding").getRow(n).reshape(3, WIDTH));
            double[][] full = SlowReference.attention(x,
                    matrix(layer.getParam(LastPositionAttentionParams.QUERY_KEY)),
                    matrix(layer.getParam(LastPositionAttentionParams.KEY_KEY)),
                    matrix(layer.getParam(LastPositionAttentionParams.VALUE_KEY)),
                    matrix(layer.getParam(LastPositionAttentionParams.OUTPUT_KEY)), HEADS);
            expected[n] = full[2];
        }
        INDArray out = acts.get("attention");
        assertArrayEquals(new long[]{BATCH, WIDTH}, out.shape());
        assertTrue(maxDifference(expected, out) < TOLERANCE, "max difference " + maxDifference(expected, out));
    }

    @Test
    void residualMlpEqualsLoops() {
        ComputationGraph graph = init(network(13).graphBuilder()
                .addInputs("in").setInputTypes(InputType.feedForward(WIDTH))
                .addLayer("mlp", new ResidualMlp.Builder().nOut(WIDTH).hiddenWidth(12).build(), "in")
                .addLayer("out", new MixingOutput.Builder().nOut(3).build(), "mlp")
                .setOutputs("out").build());
        INDArray input = features(new Random(13), BATCH, WIDTH);
        Layer layer = graph.getLayer("mlp");
        double[][] expected = SlowReference.residualMlp(matrix(input),
                matrix(layer.getParam(ResidualMlpParams.IN_WEIGHT_KEY)), vector(layer.getParam(ResidualMlpParams.IN_BIAS_KEY)),
                matrix(layer.getParam(ResidualMlpParams.OUT_WEIGHT_KEY)), vector(layer.getParam(ResidualMlpParams.OUT_BIAS_KEY)));
        INDArray out = graph.feedForward(input, false).get("mlp");
        assertTrue(maxDifference(expected, out) < TOLERANCE, "max difference " + maxDifference(expected, out));
    }

    @Test
    void mixingOutputScoresTheMixedLossInTrainingAndThePlainOneOtherwise() {
        double alpha = 0.3;
        int classes = 4;
        ComputationGraph graph = init(network(14).graphBuilder()
                .addInputs("in").setInputTypes(InputType.feedForward(5))
                .addLayer("h", new DenseLayer.Builder().nOut(WIDTH).activation(Activation.TANH).build(), "in")
                .addLayer("out", new MixingOutput.Builder().nOut(classes).alpha(alpha).build(), "h")
                .setOutputs("out").build());
        Random random = new Random(14);
        INDArray input = features(random, BATCH, 5);
        INDArray labels = labels(random, BATCH, classes);
        double[][] h = matrix(graph.feedForward(input, false).get("h"));
        double[][] w = matrix(graph.getLayer("out").getParam("W"));
        double[] b = vector(graph.getLayer("out").getParam("b"));

        double plain = 0.0;
        double mixed = 0.0;
        double[][] expectedOutput = new double[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            double[] hMixed = new double[WIDTH];
            for (int j = 0; j < WIDTH; j++) {
                hMixed[j] = (1 - alpha) * h[i][j] + alpha * h[(i + 1) % BATCH][j];
            }
            expectedOutput[i] = SlowReference.softmax(SlowReference.add(SlowReference.times(h[i], w), b));
            double[] pMixed = SlowReference.softmax(SlowReference.add(SlowReference.times(hMixed, w), b));
            int y = labels.getRow(i).argMax().getInt(0);
            plain += -Math.log(expectedOutput[i][y]);
            mixed += -0.5 * (Math.log(expectedOutput[i][y]) + Math.log(pMixed[y]));
        }
        DataSet data = new DataSet(input, labels);
        assertEquals(plain / BATCH, graph.score(data, false), 1e-10);
        assertEquals(mixed / BATCH, graph.score(data, true), 1e-10);
        assertTrue(maxDifference(expectedOutput, graph.outputSingle(input)) < TOLERANCE);
        // Training-mode forward activations are unmixed too: mixing lives in the loss only.
        assertTrue(maxDifference(expectedOutput, graph.feedForward(input, true).get("out")) < TOLERANCE);
    }
}
