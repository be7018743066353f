package dev.grokwatch.models;

import dev.grokwatch.models.layers.DoublePrecision;
import dev.grokwatch.models.layers.LastPositionAttentionParams;
import dev.grokwatch.models.layers.OneNativeThread;
import dev.grokwatch.models.layers.ResidualMlpParams;
import dev.grokwatch.models.layers.SlowReference;
import dev.grokwatch.models.layers.TestGraphs;
import dev.grokwatch.models.layers.TokenPositionEmbeddingParams;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

import static dev.grokwatch.models.layers.SlowReference.matrix;
import static dev.grokwatch.models.layers.SlowReference.maxDifference;
import static dev.grokwatch.models.layers.SlowReference.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({DoublePrecision.class, OneNativeThread.class})
class GrokTransformerTest {

    private static final int VOCABULARY = 8;
    private static final int CLASSES = 7;
    private static final int WIDTH = 8;
    private static final int HEADS = 2;

    private static GrokTransformer.Builder tiny() {
        return GrokTransformer.builder(VOCABULARY, CLASSES).dModel(WIDTH).heads(HEADS).ffWidth(12).seed(3)
                .dataType(DataType.DOUBLE);
    }

    @Test
    void representationAndOutputEqualTheFullTransformerReadAtTheLastPosition() {
        ComputationGraph model = tiny().build();
        INDArray input = TestGraphs.tokens(new Random(3), 6, 3, VOCABULARY);
        Layer embedding = model.getLayer(GrokModelBuilder.EMBEDDING);
        Layer attention = model.getLayer(GrokTransformer.ATTENTION);
        Layer mlp = model.getLayer(GrokModelBuilder.REPRESENTATION);
        Layer output = model.getLayer(GrokModelBuilder.OUTPUT);

        double[][] representation = new double[6][];
        double[][] probabilities = new double[6][];
        for (int n = 0; n < 6; n++) {
            double[][] x = SlowReference.embed(vector(input.getRow(n)),
                    matrix(embedding.getParam(TokenPositionEmbeddingParams.TOKEN_KEY)),
                    matrix(embedding.getParam(TokenPositionEmbeddingParams.POSITION_KEY)));
            double[][] afterAttention = SlowReference.attention(x,
                    matrix(attention.getParam(LastPositionAttentionParams.QUERY_KEY)),
                    matrix(attention.getParam(LastPositionAttentionParams.KEY_KEY)),
                    matrix(attention.getParam(LastPositionAttentionParams.VALUE_KEY)),
                    matrix(attention.getParam(LastPositionAttentionParams.OUTPUT_KEY)), HEADS);
            // The MLP on every position, as a standard block does; the model computes only the last.
            double[][] afterMlp = SlowReference.residualMlp(afterAttention,
                    matrix(mlp.getParam(ResidualMlpParams.IN_WEIGHT_KEY)), vector(mlp.getParam(ResidualMlpParams.IN_BIAS_KEY)),
                    matrix(mlp.getParam(ResidualMlpParams.OUT_WEIGHT_KEY)), vector(mlp.getParam(ResidualMlpParams.OUT_BIAS_KEY)));
            representation[n] = afterMlp[2];
            probabilities[n] = SlowReference.softmax(SlowReference.add(
                    SlowReference.times(representation[n], matrix(output.getParam("W"))), vector(output.getParam("b"))));
        }
        INDArray actual = model.feedForward(input, false).get(GrokModelBuilder.REPRESENTATION);
        assertTrue(maxDifference(representation, actual) < 1e-12, "representation differs by " + maxDifference(representation, actual));
        assertTrue(maxDifference(probabilities, model.outputSingle(input)) < 1e-12);
    }

    @Test
    void wholeModelWithMixingPassesTheGradientCheck() {
        ComputationGraph model = TestGraphs.init(TestGraphs.withoutUpdates(GrokTransformer.builder(5, 4)
                .dModel(4).heads(2).ffWidth(6).mixing(0.3).seed(4).dataType(DataType.DOUBLE).configuration()));
        Random random = new Random(4);
        assertTrue(TestGraphs.gradientsMatch(model, TestGraphs.tokens(random, 5, 3, 5), TestGraphs.labels(random, 5, 4)));
    }

    @Test
    void optimiserIsAdamWithDecoupledWeightDecayOnEveryParameter() {
        ComputationGraph model = tiny().learningRate(2e-3).beta2(0.97).weightDecay(0.5).build();
        for (Layer layer : model.getLayers()) {
            var conf = (org.deeplearning4j.nn.conf.layers.BaseLayer) layer.conf().getLayer();
            var adam = (org.nd4j.linalg.learning.config.Adam) conf.getIUpdater();
            assertEquals(2e-3, adam.getLearningRate());
            assertEquals(0.9, adam.getBeta1());
            assertEquals(0.97, adam.getBeta2());
            for (String param : layer.paramTable().keySet()) {
                var decay = conf.getRegularizationByParam(param);
                assertEquals(1, decay.size(), layer.conf().getLayer().getLayerName() + "." + param);
                var weightDecay = (org.nd4j.linalg.learning.regularization.WeightDecay) decay.get(0);
                assertEquals(0.5, weightDecay.getCoeff().valueAt(0, 0));
                assertTrue(weightDecay.isApplyLR());
            }
        }
    }

    @Test
    void headsMustDivideTheWidth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GrokTransformer.builder(VOCABULARY, CLASSES).dModel(10).heads(4).configuration());
        assertTrue(e.getMessage().contains("4 heads do not divide d_model 10"), e.getMessage());
    }

    @Test
    void wrongInputShapeIsNamed() {
        ComputationGraph model = tiny().build();
        Exception e = assertThrows(Exception.class, () -> model.outputSingle(TestGraphs.tokens(new Random(5), 4, 2, VOCABULARY)));
        assertTrue(String.valueOf(e.getMessage()).contains("expected [N, 3] token indices"), e.getMessage());
    }
}
