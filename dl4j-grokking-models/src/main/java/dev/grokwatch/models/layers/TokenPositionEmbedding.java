package dev.grokwatch.models.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
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
 * Learned token embeddings, plus learned position embeddings when {@link #isPositional()}, for a
 * fixed-length sequence of token indices.
 *
 * <p>Input: {@code [N, sequenceLength]} token indices (any numeric type, integral values in
 * {@code [0, nIn)}). Output: {@code [N, sequenceLength * nOut]}, the embeddings of the positions side
 * by side (row {@code n} is {@code [e(x_n0) + p_0, e(x_n1) + p_1, ...]}), a feed-forward activation
 * that both the attention layer and a dense layer can read. {@code nIn} is the vocabulary size,
 * {@code nOut} the embedding width.
 *
 * <p>Parameters: {@code E} ({@code [nIn, nOut]}) and, if positional, {@code P}
 * ({@code [sequenceLength, nOut]}), both initialised with the layer's weight initialisation taking
 * the fan-in as {@code nOut}: with {@code WeightInit.NORMAL} each entry is {@code N(0, 1/nOut)}, so an
 * embedding vector has norm about 1.
 */
public class TokenPositionEmbedding extends FeedForwardLayer {

    private int sequenceLength;
    private boolean positional = true;

    /** For Jackson. */
    public TokenPositionEmbedding() {
    }

    private TokenPositionEmbedding(Builder builder) {
        super(builder);
        this.sequenceLength = builder.sequenceLength;
        this.positional = builder.positional;
        initializeConstraints(builder);
    }

    public int getSequenceLength() {
        return sequenceLength;
    }

    public void setSequenceLength(int sequenceLength) {
        this.sequenceLength = sequenceLength;
    }

    public boolean isPositional() {
        return positional;
    }

    public void setPositional(boolean positional) {
        this.positional = positional;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView,
            boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("TokenPositionEmbedding", getLayerName(), layerIndex, getNIn(), getNOut());
        if (sequenceLength <= 0) {
            throw new IllegalStateException("TokenPositionEmbedding '" + getLayerName() + "': sequenceLength is "
                    + sequenceLength + ", expected > 0 (set it, or give the network an input type)");
        }
        if (getIDropout() != null) {
            throw new IllegalStateException("TokenPositionEmbedding '" + getLayerName() + "': dropout "
                    + getIDropout() + " on token indices is not supported, expected none");
        }
        TokenPositionEmbeddingLayer layer = new TokenPositionEmbeddingLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return TokenPositionEmbeddingParams.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward((long) sequenceLength * nOut);
    }

    /** The input type gives the sequence length; the vocabulary size ({@code nIn}) is always explicit. */
    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (inputType == null || inputType.getType() != InputType.Type.FF) {
            throw new IllegalStateException("TokenPositionEmbedding '" + getLayerName() + "': input type is "
                    + inputType + ", expected feed-forward [N, sequenceLength] token indices");
        }
        if (sequenceLength <= 0 || override) {
            sequenceLength = (int) ((InputType.InputTypeFeedForward) inputType).getSize();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = initializer().numParams(this);
        return new LayerMemoryReport.Builder(layerName, TokenPositionEmbedding.class, inputType,
                getOutputType(-1, inputType))
                .standardMemory(params, getIUpdater().stateSize(params))
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /** {@code nIn} = vocabulary size, {@code nOut} = embedding width. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        private int sequenceLength;
        private boolean positional = true;

        /** Number of tokens per example; inferred from the input type when not set. */
        public Builder sequenceLength(int sequenceLength) {
            this.sequenceLength = sequenceLength;
            return this;
        }

        /** Whether to add a learned embedding per position (default true). */
        public Builder positional(boolean positional) {
            this.positional = positional;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public TokenPositionEmbedding build() {
            return new TokenPositionEmbedding(this);
        }
    }
}
