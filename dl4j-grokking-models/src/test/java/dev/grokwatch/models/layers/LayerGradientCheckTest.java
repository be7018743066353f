package dev.grokwatch.models.layers;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

import static dev.grokwatch.models.layers.TestGraphs.features;
import static dev.grokwatch.models.layers.TestGraphs.gradientsMatch;
import static dev.grokwatch.models.layers.TestGraphs.init;
import static dev.grokwatch.models.layers.TestGraphs.labels;
import static dev.grokwatch.models.layers.TestGraphs.network;
import static dev.grokwatch.models.layers.TestGraphs.tokens;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each custom layer's backward pass against DL4J's finite-difference gradient check, in double precision. */
@ExtendWith({DoublePrecision.class, OneNativeThread.class})
class LayerGradientCheckTest {

    private static final int VOCABULARY = 5;
    private static final int CLASSES = 4;
    private static final int BATCH = 6;

    private static OutputLayer softmaxOutput() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nOut(CLASSES).build();
    }

    @Test
    void tokenPositionEmbedding() {
        Random random = new Random(1);
        ComputationGraphConfiguration conf = network(1).graphBuilder()
                .addInputs("in").setInputTypes(InputType.feedForward(3))
                .addLayer("embedding", new TokenPositionEmbedding.Builder().nIn(VOCABULARY).nOut(4).build(), "in")
                .addLayer("out", softmaxOutput(), "embedding")
                .setOutputs("out").build();
        // Six rows of three tokens from five: repeated tokens check that the scatter accumulates.
        assertTrue(gradientsMatch(init(conf), tokens(random, BATCH, 3, VOCABULARY), labels(random, BATCH, CLASSES)));
    }

    @Test
    void tokenEmbeddingWithoutPositions() {
        Random random = new Random(2);
        ComputationGraphConfiguration conf = network(2).graphBuilder()
                .addInputs("in").setInputTypes(InputType.feedForward(2))
                .addLayer("embedding", new TokenPositionEmbedding.Builder().nIn(VOCABULARY).nOut(4)
                        .positional(false).build(), "in")
                .addLayer("out", softmaxOutput(), "embedding")
                .setOutputs("out").build();
        assertTrue(gradientsMatch(init(conf), tokens(random, BATCH, 2, VOCABULARY), labels(random, BATCH, CLASSES)));
    }

    @Test
    void lastPositionAttention() {
        Random random = new Random(3);
        ComputationGraphConfiguration conf = network(3).graphBuilder()
                .addInputs("in").setInputTypes(InputType.feedForward(3))
                .addLayer("embedding", new TokenPositionEmbedding.Builder().nIn(VOCABULARY).nOut(8).build(), "in")
                .addLayer("attention", new LastPositionAttention.Builder().nOut(8).heads(2).build(), "embedding")
                .addLayer("out", softmaxOutput(), "attention")
                .setOutputs("out").build();
        assertTrue(gradientsMatch(init(conf), tokens(random, BATCH, 3, VOCABULARY), labels(random, BATCH, CLASSES)));
    }

    @Test
    void residualMlp() {
        Random random = new Random(4);
        ComputationGraphConfiguration conf = network(4).graphBuilder()
                .addInputs("in").setInputTypes(InputType.feedForward(5))
                .addLayer("dense", new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build(), "in")
                .addLayer("mlp", new ResidualMlp.Builder().nOut(6).hiddenWidth(10).build(), "dense")
                .addLayer("out", softmaxOutput(), "mlp")
                .setOutputs("out").build();
        assertTrue(gradientsMatch(init(conf), features(random, BATCH, 5), labels(random, BATCH, CLASSES)));
    }

    @Test
    void mixingOutputPassesItsGradientToTheRepresentation() {
        Random random = new Random(5);
        ComputationGraphConfiguration conf = network(5).graphBuilder()
                .addInputs("in").setInputTypes(InputType.feedForward(5))
                .addLayer("dense", new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build(), "in")
                .addLayer("out", new MixingOutput.Builder().lossFunction(LossFunctions.LossFunction.MCXENT)
                        .nOut(CLASSES).alpha(0.3).build(), "dense")
                .setOutputs("out").build();
        ComputationGraph graph = init(conf);
        INDArray input = features(random, BATCH, 5);
        INDArray labels = labels(random, BATCH, CLASSES);
        assertTrue(gradientsMatch(graph, input, labels));
        // The check scores in training mode: make sure that is the mixed loss, so the check covered mixing.
        assertTrue(Math.abs(graph.score(new org.nd4j.linalg.dataset.DataSet(input, labels), true)
                - graph.score(new org.nd4j.linalg.dataset.DataSet(input, labels), false)) > 1e-6);
    }
}
