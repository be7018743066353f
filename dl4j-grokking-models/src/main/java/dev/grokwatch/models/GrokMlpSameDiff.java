package dev.grokwatch.models;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Map;

/**
 * {@link GrokMlp} written as a SameDiff graph, for SameDiff users and to exercise both of ND4J's training APIs on
 * the same model: token indices {@code [N, 3]} ({@code [a, b, =]}, placeholder {@value GrokModelBuilder#INPUT})
 * → rows of {@code a} and {@code b} gathered from one embedding table, side by side → ReLU hidden layer → ReLU
 * layer {@value GrokModelBuilder#REPRESENTATION} → logits → softmax {@value GrokModelBuilder#OUTPUT}
 * {@code [N, classes]}; the loss variable {@value #LOSS} is the mean softmax cross-entropy against the one-hot
 * labels placeholder {@value #LABELS}.
 *
 * <p>The variables are those of the {@code ComputationGraph} the given {@link GrokMlp.Builder} builds, named by
 * its parameter table ({@code embedding_E}, {@code hidden_W}, {@code hidden_b}, ...), with its initial values bit
 * for bit: one seed, one initialisation ({@link Initialisation}), whichever API trains the model. The optimiser
 * is the builder's {@link AdamW}: ND4J's {@code Adam} and decoupled weight decay on every variable, applied after
 * the update as DL4J's layers apply it (arXiv 2604.13123, appendix A).
 */
public final class GrokMlpSameDiff {

    /** The labels placeholder: one-hot classes {@code [N, classes]}. */
    public static final String LABELS = "labels";
    /** The loss variable: mean softmax cross-entropy of the logits against {@link #LABELS}. */
    public static final String LOSS = "loss";
    /** The token embedding table {@code [vocabulary, width]}, GrokMlp's {@code embedding} layer's {@code E}. */
    public static final String TOKEN_EMBEDDINGS = GrokModelBuilder.EMBEDDING + "_E";

    private GrokMlpSameDiff() {
    }

    /**
     * The SameDiff graph of the MLP {@code settings} describe: its widths, initial values, optimiser and precision.
     *
     * @throws IllegalArgumentException when {@code settings} is null or asks for representation mixing, which this
     *                                  graph does not do (its output has no training-only mixed term)
     */
    public static SameDiff from(GrokMlp.Builder settings) {
        if (settings == null) {
            throw new IllegalArgumentException("GrokMlp settings are null; expected GrokMlp.builder(task) with the"
                    + " seed, initialisation and optimiser to build from");
        }
        if (settings.mixing > 0.0) {
            throw new IllegalArgumentException("representation mixing is " + settings.mixing + "; the SameDiff MLP"
                    + " has no mixing, expected 0 (GrokMlp, the DL4J model, mixes)");
        }
        ComputationGraph initialised = settings.build();
        Map<String, INDArray> parameters = initialised.paramTable();
        INDArray table = parameters.get(TOKEN_EMBEDDINGS);
        DataType dataType = table.dataType();
        long classes = parameters.get(GrokModelBuilder.OUTPUT + "_b").length();

        SameDiff sd = SameDiff.create();
        SDVariable tokens = sd.placeHolder(GrokModelBuilder.INPUT, dataType, -1, GrokModelBuilder.SEQUENCE_LENGTH);
        SDVariable labels = sd.placeHolder(LABELS, dataType, -1, classes);
        // The operands a and b; "=" is dropped, as GrokMlp's SubsetVertex drops it. Their rows of the table are
        // one-hot · table, the product whose gradient DL4J's embedding layer computes (SameDiff 1.0.0-M2.1's gather
        // fails in training here: an input of its gradient is closed before the backward pass reads it).
        long vocabulary = table.size(0);
        long width = table.size(1);
        SDVariable operands = tokens.get(SDIndex.all(), SDIndex.interval(0, 2)).castTo(DataType.INT);
        SDVariable oneHot = sd.oneHot(operands, (int) vocabulary, -1, 1.0, 0.0, dataType)
                .reshape(shape(sd, -1, vocabulary));                                     // [2N, vocabulary]
        SDVariable pair = oneHot.mmul(variable(sd, parameters, TOKEN_EMBEDDINGS))
                .reshape(shape(sd, -1, 2 * width));                                      // [N, 2 · width]: a, then b
        SDVariable hidden = sd.nn.relu(dense(sd, parameters, GrokMlp.HIDDEN, pair), 0);
        SDVariable representation = sd.nn.relu(GrokModelBuilder.REPRESENTATION,
                dense(sd, parameters, GrokModelBuilder.REPRESENTATION, hidden), 0);
        SDVariable logits = dense(sd, parameters, GrokModelBuilder.OUTPUT, representation);
        sd.nn.softmax(GrokModelBuilder.OUTPUT, logits, 1);
        sd.loss.softmaxCrossEntropy(LOSS, labels, logits, null);
        sd.setLossVariables(LOSS);

        AdamW adamW = settings.optimiser();
        TrainingConfig.Builder training = TrainingConfig.builder()
                .updater(new Adam(adamW.learningRate(), adamW.beta1(), adamW.beta2(), AdamW.EPSILON))
                .dataSetFeatureMapping(GrokModelBuilder.INPUT).dataSetLabelMapping(LABELS);
        if (adamW.weightDecay() > 0.0) {
            training.weightDecay(adamW.weightDecay(), true);
        }
        sd.setTrainingConfig(training.build());
        return sd;
    }

    /** The token embedding table {@code [vocabulary, width]} of a graph built here (the variable's array). */
    public static INDArray tokenEmbeddings(SameDiff graph) {
        if (graph == null || !graph.hasVariable(TOKEN_EMBEDDINGS)) {
            throw new IllegalArgumentException("graph has no variable '" + TOKEN_EMBEDDINGS
                    + "', expected one built by GrokMlpSameDiff.from");
        }
        return graph.getVariable(TOKEN_EMBEDDINGS).getArr();
    }

    /** {@code x · W + b} with layer {@code layer}'s weights {@code [in, out]} and bias {@code [out]}. */
    private static SDVariable dense(SameDiff sd, Map<String, INDArray> parameters, String layer, SDVariable x) {
        return x.mmul(variable(sd, parameters, layer + "_W")).add(variable(sd, parameters, layer + "_b"));
    }

    private static SDVariable shape(SameDiff sd, long... shape) {
        return sd.constant(Nd4j.createFromArray(shape));
    }

    /** A trainable variable holding a copy of the DL4J parameter {@code name}. */
    private static SDVariable variable(SameDiff sd, Map<String, INDArray> parameters, String name) {
        return sd.var(name, parameters.get(name).dup('c'));
    }
}
