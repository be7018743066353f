package dev.grokwatch.models.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * Multi-head self-attention with its residual connection, computed for the last position only.
 *
 * <p>In a one-layer model only the last position's output is ever read, so the query of the last
 * position against the keys and values of all positions gives exactly what full self-attention followed
 * by "take the last row" would, at a fraction of the cost. With {@code x_t} the input at position
 * {@code t} ({@code T = nIn / nOut} positions of width {@code d = nOut}) and {@code H} heads of width
 * {@code d/H}:
 * <pre>
 *   q = x_{T-1} W_Q,  k_t = x_t W_K,  v_t = x_t W_V          (split into H heads)
 *   a_t = softmax_t(q · k_t / sqrt(d/H))                       (per head)
 *   y = x_{T-1} + (Σ_t a_t v_t) W_O                            (heads concatenated)
 * </pre>
 * Input {@code [N, T·d]} (positions side by side, as {@link TokenPositionEmbedding} gives), output
 * {@code [N, d]}. No biases, as in the grokking literature's one-layer Transformer. Parameters
 * {@code W_Q, W_K, W_V, W_O}, each {@code [d, d]} and initialised with the layer's weight
 * initialisation at fan-in {@code d}.
 */
public class LastPositionAttention extends FeedForwardLayer {

    private int heads = 1;

    /** For Jackson. */
    public LastPositionAttention() {
    }

    private LastPositionAttention(Builder builder) {
        super(builder);
        this.heads = builder.heads;
        initializeConstraints(builder);
    }

    public int getHeads() {
        return heads;
    }

    public void setHeads(int heads) {
        this.heads = heads;
    }

    /** Number of positions, {@code nIn / nOut}. */
    public long sequenceLength() {
        return nIn / nOut;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView,
            boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("LastPositionAttention", getLayerName(), layerIndex, getNIn(), getNOut());
        if (nIn % nOut != 0) {
            throw new IllegalStateException("LastPositionAttention '" + getLayerName() + "': nIn " + nIn
                    + " is not a multiple of nOut " + nOut + ", expected nIn = positions × width");
        }
        if (heads <= 0 || nOut % heads != 0) {
            throw new IllegalStateException("LastPositionAttention '" + getLayerName() + "': " + heads
                    + " heads do not divide the width " + nOut + ", expected a positive divisor");
        }
        if (getIDropout() != null) {
            throw new IllegalStateException("LastPositionAttention '" + getLayerName() + "': dropout "
                    + getIDropout() + " is not supported, expected none");
        }
        LastPositionAttentionLayer layer = new LastPositionAttentionLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return LastPositionAttentionParams.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = initializer().numParams(this);
        // Cached for backprop per example: keys and values (2·nIn), query, attention output, weights.
        long perExample = 2 * nIn + 2 * nOut + sequenceLength() * heads;
        return new LayerMemoryReport.Builder(layerName, LastPositionAttention.class, inputType,
                getOutputType(-1, inputType))
                .standardMemory(params, getIUpdater().stateSize(params))
                .workingMemory(0, perExample, 0, perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /** {@code nIn} = positions × width, {@code nOut} = width. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        private int heads = 1;

        /** Number of attention heads; must divide {@code nOut}. */
        public Builder heads(int heads) {
            this.heads = heads;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public LastPositionAttention build() {
            return new LastPositionAttention(this);
        }
    }
}
