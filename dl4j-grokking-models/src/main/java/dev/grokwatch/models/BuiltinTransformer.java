package dev.grokwatch.models;

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
 * would write it: the reference that the speed of the custom layers is measured against (the
 * {@code bench} command, {@code ModelBenchmarkMain}). Not for training runs: it has no mixing and its
 * embeddings use DL4J's own initialisation.
 *
 * <p>DL4J has no position embedding, so positions come in as a second input, {@value #POSITIONS}
 * ({@code [N, 3]} = {@code 0, 1, 2} on every row, see {@link #inputs}), through a second
 * {@code EmbeddingSequenceLayer}. {@code SelfAttentionLayer} attends from every position (it cannot
 * restrict the queries); the MLP runs on every position, as in a standard Transformer block, and a
 * {@code LastTimeStepVertex} takes the last one, or, with {@link Builder#mlpOnLastPosition}, runs on
 * the last position only (the part of the last-position trick that built-in layers allow).
 */
public final class BuiltinTransformer {

    public static final String POSITIONS = "positions";

    private BuiltinTransformer() {
    }

    public static Builder builder(GroupTask task) {
        return new Builder(task.vocabularySize(), task.numClasses());
    }

    /** The model's inputs for a batch of {@code [N, 3]} token indices: the tokens and their positions. */
    public static INDArray[] inputs(INDArray tokens) {
        INDArray positions = Nd4j.arange(GrokModelBuilder.SEQUENCE_LENGTH).castTo(tokens.dataType())
                .reshape(1, GrokModelBuilder.SEQUENCE_LENGTH).repeat(0, tokens.size(0));
        return new INDArray[]{tokens, positions};
    }

    /** A training batch for this model from a batch of the tasks' data sets. */
    public static MultiDataSet batch(DataSet batch) {
        return new MultiDataSet(inputs(batch.getFeatures()), new INDArray[]{batch.getLabels()});
    }

    /** Same sizes and optimiser as {@link GrokTransformer.Builder}; mixing is not available. */
    public static final class Builder extends GrokModelBuilder<Builder> {

        private int dModel = 128;
        private int heads = 4;
        private int ffWidth = 512;
        private boolean mlpOnLastPosition;

        private Builder(int vocabularySize, int numClasses) {
            super(vocabularySize, numClasses);
        }

        public Builder dModel(int dModel) {
            this.dModel = dModel;
            return this;
        }

        public Builder heads(int heads) {
            this.heads = heads;
            return this;
        }

        public Builder ffWidth(int ffWidth) {
            this.ffWidth = ffWidth;
            return this;
        }

        /**
         * Whether the MLP runs on the last position only (after a {@code LastTimeStepVertex}) instead of on
         * every position as in a standard Transformer block (default false). Either way the output is the
         * same; true gives the reference the part of the last-position trick that built-in layers allow.
         */
        public Builder mlpOnLastPosition(boolean mlpOnLastPosition) {
            this.mlpOnLastPosition = mlpOnLastPosition;
            return this;
        }

        @Override
        public ComputationGraphConfiguration configuration() {
            if (mixing != 0.0) {
                throw new IllegalStateException("BuiltinTransformer has no representation mixing (alpha " + mixing
                        + "), expected alpha 0; use GrokTransformer to train with mixing");
            }
            int length = SEQUENCE_LENGTH;
            // No input types: DL4J would take the embeddings' nIn from them; every size is explicit instead.
            ComputationGraphConfiguration.GraphBuilder graph = network().graphBuilder()
                    .addInputs(INPUT, POSITIONS)
                    .addLayer("tokenEmbedding", new EmbeddingSequenceLayer.Builder().nIn(vocabularySize).nOut(dModel)
                            .inputLength(length).hasBias(false).build(), INPUT)
                    .addLayer("positionEmbedding", new EmbeddingSequenceLayer.Builder().nIn(length).nOut(dModel)
                            .inputLength(length).hasBias(false).build(), POSITIONS)
                    .addVertex("embedding", new ElementWiseVertex(ElementWiseVertex.Op.Add),
                            "tokenEmbedding", "positionEmbedding")
                    .addLayer("attention", new SelfAttentionLayer.Builder().nIn(dModel).nOut(dModel).nHeads(heads)
                            .projectInput(true).build(), "embedding")
                    .addVertex("attentionResidual", new ElementWiseVertex(ElementWiseVertex.Op.Add),
                            "embedding", "attention");
            if (mlpOnLastPosition) {
                graph.addVertex("last", new LastTimeStepVertex(INPUT), "attentionResidual")
                        .addLayer("mlpHidden", new DenseLayer.Builder().nIn(dModel).nOut(ffWidth)
                                .activation(Activation.RELU).build(), "last")
                        .addLayer("mlpOut", new DenseLayer.Builder().nIn(ffWidth).nOut(dModel)
                                .activation(Activation.IDENTITY).build(), "mlpHidden")
                        .addVertex(REPRESENTATION, new ElementWiseVertex(ElementWiseVertex.Op.Add), "last", "mlpOut");
            } else {
                // [N, d, T] → [N·T, d] for the dense layers, and back for the residual.
                graph.addLayer("mlpHidden", new DenseLayer.Builder().nIn(dModel).nOut(ffWidth)
                                .activation(Activation.RELU).build(), "attentionResidual")
                        .inputPreProcessor("mlpHidden", new RnnToFeedForwardPreProcessor())
                        .addLayer("mlpOut", new DenseLayer.Builder().nIn(ffWidth).nOut(dModel)
                                .activation(Activation.IDENTITY).build(), "mlpHidden")
                        .addVertex("mlpOutSequence", new PreprocessorVertex(new FeedForwardToRnnPreProcessor()), "mlpOut")
                        .addVertex("mlpResidual", new ElementWiseVertex(ElementWiseVertex.Op.Add),
                                "attentionResidual", "mlpOutSequence")
                        .addVertex(REPRESENTATION, new LastTimeStepVertex(INPUT), "mlpResidual");
            }
            return optimiser().applyTo(graph.addLayer(OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                            .activation(Activation.SOFTMAX).nIn(dModel).nOut(numClasses).build(), REPRESENTATION)
                    .setOutputs(OUTPUT)
                    .build());
        }
    }
}
