package dev.grokwatch.examples.bench;

import dev.grokwatch.models.GrokModelBuilder;
import dev.grokwatch.models.GrokTransformer;
import dev.grokwatch.models.tasks.GroupTask;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SelfAttentionLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The {@link GrokTransformer} architecture assembled from DL4J's built-in layers only, as a DL4J user
 * would write it: the reference that {@code grokwatch bench} measures the custom layers' speed against.
 * Not for training runs: it has no mixing and its embeddings use DL4J's own initialisation.
 *
 * <p>DL4J has no position embedding, so positions come in as a second input, {@value #POSITIONS}
 * ({@code [N, 3]} = {@code 0, 1, 2} on every row, see {@link #batch}), through a second
 * {@code EmbeddingSequenceLayer}. {@code SelfAttentionLayer} attends from every position (it cannot
 * restrict the queries) and the MLP runs on every position, as in a standard Transformer block; a
 * {@code LastTimeStepVertex} takes the last one.
 */
public final class BuiltinTransformer {

    public static final String POSITIONS = "positions";

    private BuiltinTransformer() {
    }

    /** A builder with {@link GrokTransformer.Builder}'s sizes, optimiser and seed. */
    public static Builder builder(GroupTask task) {
        return new Builder(task.vocabularySize(), task.numClasses());
    }

    /** A training batch for this model from a batch of the task's data sets: the tokens and their positions. */
    public static MultiDataSet batch(DataSet batch) {
        INDArray tokens = batch.getFeatures();
        INDArray positions = Nd4j.arange(GrokModelBuilder.SEQUENCE_LENGTH).castTo(tokens.dataType())
                .reshape(1, GrokModelBuilder.SEQUENCE_LENGTH).repeat(0, tokens.size(0));
        return new MultiDataSet(new INDArray[]{tokens, positions}, new INDArray[]{batch.getLabels()});
    }

    /** {@link GrokTransformer.Builder}'s settings, assembled from built-in layers; mixing is not available. */
    public static final class Builder extends GrokTransformer.Builder {

        private Builder(int vocabularySize, int numClasses) {
            super(vocabularySize, numClasses);
        }

        @Override
        public ComputationGraphConfiguration configuration() {
            checkSizes();
            if (mixing != 0.0) {
                throw new IllegalStateException("BuiltinTransformer has no representation mixing (alpha " + mixing
                        + "), expected alpha 0; use GrokTransformer to train with mixing");
            }
            int length = SEQUENCE_LENGTH;
            // No input types: DL4J would take the embeddings' nIn from them; every size is explicit instead.
            // The MLP's dense layers see [N, d, T] as [N·T, d], and the residual turns it back.
            return optimiser().applyTo(network().graphBuilder()
                    .addInputs(INPUT, POSITIONS)
                    .addLayer("tokenEmbedding", new EmbeddingSequenceLayer.Builder().nIn(vocabularySize).nOut(dModel)
                            .inputLength(length).hasBias(false).build(), INPUT)
                    .addLayer("positionEmbedding", new EmbeddingSequenceLayer.Builder().nIn(length).nOut(dModel)
                            .inputLength(length).hasBias(false).build(), POSITIONS)
                    .addVertex(EMBEDDING, new ElementWiseVertex(ElementWiseVertex.Op.Add),
                            "tokenEmbedding", "positionEmbedding")
                    .addLayer(GrokTransformer.ATTENTION, new SelfAttentionLayer.Builder().nIn(dModel).nOut(dModel)
                            .nHeads(heads).projectInput(true).build(), EMBEDDING)
                    .addVertex("attentionResidual", new ElementWiseVertex(ElementWiseVertex.Op.Add),
                            EMBEDDING, GrokTransformer.ATTENTION)
                    .addLayer("mlpHidden", new DenseLayer.Builder().nIn(dModel).nOut(ffWidth)
                            .activation(Activation.RELU).build(), "attentionResidual")
                    .inputPreProcessor("mlpHidden", new RnnToFeedForwardPreProcessor())
                    .addLayer("mlpOut", new DenseLayer.Builder().nIn(ffWidth).nOut(dModel)
                            .activation(Activation.IDENTITY).build(), "mlpHidden")
                    .addVertex("mlpOutSequence", new PreprocessorVertex(new FeedForwardToRnnPreProcessor()), "mlpOut")
                    .addVertex("mlpResidual", new ElementWiseVertex(ElementWiseVertex.Op.Add),
                            "attentionResidual", "mlpOutSequence")
                    .addVertex(REPRESENTATION, new LastTimeStepVertex(INPUT), "mlpResidual")
                    .addLayer(OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                            .activation(Activation.SOFTMAX).nIn(dModel).nOut(numClasses).build(), REPRESENTATION)
                    .setOutputs(OUTPUT)
                    .build());
        }
    }
}
