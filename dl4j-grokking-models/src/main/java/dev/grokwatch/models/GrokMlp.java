package dev.grokwatch.models;

import dev.grokwatch.models.layers.MixingOutput;
import dev.grokwatch.models.layers.TokenPositionEmbedding;
import dev.grokwatch.models.tasks.GroupTask;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The MLP baseline of the paper as a DL4J {@code ComputationGraph}, reading the same {@code [a, b, =]}
 * input as {@link GrokTransformer}: embeddings of {@code a} and {@code b} (one shared token table, no
 * positions) side by side → ReLU hidden layer → ReLU layer {@value GrokModelBuilder#REPRESENTATION} → softmax output.
 * The {@code =} token is dropped by a {@link SubsetVertex}. Same optimiser, mixing and initialisation
 * as the Transformer (see {@link GrokModelBuilder}).
 */
public final class GrokMlp {

    public static final String OPERANDS = "operands";
    public static final String HIDDEN = "hidden";

    private GrokMlp() {
    }

    public static Builder builder(GroupTask task) {
        return new Builder(task.vocabularySize(), task.numClasses());
    }

    public static Builder builder(int vocabularySize, int numClasses) {
        return new Builder(vocabularySize, numClasses);
    }

    /** Defaults: embedding width 128, hidden width 512, representation width 128. */
    public static final class Builder extends GrokModelBuilder<Builder> {

        private int embeddingWidth = 128;
        private int hiddenWidth = 512;
        private int representationWidth = 128;

        private Builder(int vocabularySize, int numClasses) {
            super(vocabularySize, numClasses);
        }

        /** Width of each operand's embedding (default 128). */
        public Builder embeddingWidth(int embeddingWidth) {
            this.embeddingWidth = embeddingWidth;
            return this;
        }

        /** Width of the first ReLU layer (default 512). */
        public Builder hiddenWidth(int hiddenWidth) {
            this.hiddenWidth = hiddenWidth;
            return this;
        }

        /** Width of the representation layer (default 128). */
        public Builder representationWidth(int representationWidth) {
            this.representationWidth = representationWidth;
            return this;
        }

        @Override
        public ComputationGraphConfiguration configuration() {
            if (embeddingWidth < 1 || hiddenWidth < 1 || representationWidth < 1) {
                throw new IllegalArgumentException("widths are embedding " + embeddingWidth + ", hidden "
                        + hiddenWidth + ", representation " + representationWidth + ", expected all >= 1");
            }
            return optimiser().applyTo(network().graphBuilder()
                    .addInputs(INPUT)
                    .setInputTypes(InputType.feedForward(SEQUENCE_LENGTH))
                    .addVertex(OPERANDS, new SubsetVertex(0, 1), INPUT)
                    .addLayer(EMBEDDING, new TokenPositionEmbedding.Builder()
                            .nIn(vocabularySize).nOut(embeddingWidth).positional(false).build(), OPERANDS)
                    .addLayer(HIDDEN, new DenseLayer.Builder()
                            .nOut(hiddenWidth).activation(Activation.RELU).build(), EMBEDDING)
                    .addLayer(REPRESENTATION, new DenseLayer.Builder()
                            .nOut(representationWidth).activation(Activation.RELU).build(), HIDDEN)
                    .addLayer(OUTPUT, new MixingOutput.Builder()
                            .lossFunction(LossFunctions.LossFunction.MCXENT)
                            .nOut(numClasses).alpha(mixing).build(), REPRESENTATION)
                    .setOutputs(OUTPUT)
                    .build());
        }
    }
}
