package dev.grokwatch.models;

import dev.grokwatch.models.layers.LastPositionAttention;
import dev.grokwatch.models.layers.MixingOutput;
import dev.grokwatch.models.layers.ResidualMlp;
import dev.grokwatch.models.layers.TokenPositionEmbedding;
import dev.grokwatch.models.tasks.GroupTask;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The one-layer Transformer of the grokking literature as a DL4J {@code ComputationGraph}
 * (arXiv 2604.13123, §4 and appendix A): learned token and position embeddings, multi-head self-attention with a residual
 * connection, a ReLU MLP with a residual connection, no LayerNorm, no dropout, and a softmax output
 * over the classes reading the last position.
 *
 * <pre>
 *   tokens [N,3] → embedding [N,3·d] → attention [N,d] → representation [N,d] → output [N,classes]
 *                  (token + position)  (last query,        (x + MLP(x))
 *                                        residual)
 * </pre>
 *
 * Only the last position's output is ever read in a one-layer model, so the attention computes the
 * last position's query only (keys and values for all three) and the MLP runs on that one position:
 * exact, and most of the speed. The vertex {@value GrokModelBuilder#REPRESENTATION} is the residual stream at the last
 * position after the MLP, the vector the output layer reads. With {@code mixing(α)} the output layer
 * ({@link MixingOutput}) trains on the paper's representation mixing; inference, evaluation and the
 * {@value GrokModelBuilder#REPRESENTATION} activations stay unmixed. Initialisation: see {@link GrokModelBuilder}.
 *
 * <pre>{@code
 * ComputationGraph model = GrokTransformer.builder(GroupTask.modularAddition(97)).seed(0).build();
 * }</pre>
 */
public final class GrokTransformer {

    public static final String ATTENTION = "attention";

    private GrokTransformer() {
    }

    public static Builder builder(GroupTask task) {
        return new Builder(task.vocabularySize(), task.numClasses());
    }

    public static Builder builder(int vocabularySize, int numClasses) {
        return new Builder(vocabularySize, numClasses);
    }

    /**
     * Defaults: d_model 128, 4 heads, FF width 512, AdamW lr 1e-3, betas (0.9, 0.98), weight decay 1.0.
     * Open to subclasses that assemble the same architecture from other layers with the same settings
     * (the benchmark's reference from DL4J's built-in layers): they override {@link #configuration()}.
     */
    public static class Builder extends GrokModelBuilder<Builder> {

        protected int dModel = 128;
        protected int heads = 4;
        protected int ffWidth = 512;

        protected Builder(int vocabularySize, int numClasses) {
            super(vocabularySize, numClasses);
        }

        /** Width of the residual stream (default 128). */
        public Builder dModel(int dModel) {
            this.dModel = dModel;
            return this;
        }

        /** Attention heads (default 4); must divide d_model. */
        public Builder heads(int heads) {
            this.heads = heads;
            return this;
        }

        /** Hidden width of the MLP block (default 512). */
        public Builder ffWidth(int ffWidth) {
            this.ffWidth = ffWidth;
            return this;
        }

        /** Fails unless d_model and the FF width are at least 1 and the heads divide d_model. */
        protected void checkSizes() {
            if (dModel < 1 || ffWidth < 1) {
                throw new IllegalArgumentException("d_model is " + dModel + " and FF width " + ffWidth
                        + ", expected both >= 1");
            }
            if (heads < 1 || dModel % heads != 0) {
                throw new IllegalArgumentException(heads + " heads do not divide d_model " + dModel
                        + ", expected a positive divisor");
            }
        }

        @Override
        public ComputationGraphConfiguration configuration() {
            checkSizes();
            return optimiser().applyTo(network().graphBuilder()
                    .addInputs(INPUT)
                    .setInputTypes(InputType.feedForward(SEQUENCE_LENGTH))
                    .addLayer(EMBEDDING, new TokenPositionEmbedding.Builder()
                            .nIn(vocabularySize).nOut(dModel).build(), INPUT)
                    .addLayer(ATTENTION, new LastPositionAttention.Builder()
                            .nOut(dModel).heads(heads).build(), EMBEDDING)
                    .addLayer(REPRESENTATION, new ResidualMlp.Builder()
                            .nOut(dModel).hiddenWidth(ffWidth).build(), ATTENTION)
                    .addLayer(OUTPUT, new MixingOutput.Builder()
                            .lossFunction(LossFunctions.LossFunction.MCXENT)
                            .nOut(numClasses).alpha(mixing).build(), REPRESENTATION)
                    .setOutputs(OUTPUT)
                    .build());
        }
    }
}
