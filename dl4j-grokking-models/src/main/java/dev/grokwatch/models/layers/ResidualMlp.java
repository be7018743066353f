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
 * The Transformer's MLP block with its residual connection:
 * {@code y = x + relu(x W_in + b_in) W_out + b_out}, width {@code d = nIn = nOut}, hidden width
 * {@link #getHiddenWidth()}. Weights are initialised with the layer's weight initialisation at their
 * own fan-in ({@code d} for {@code W_in}, the hidden width for {@code W_out}), biases with the layer's
 * bias value (0 by default).
 */
public class ResidualMlp extends FeedForwardLayer {

    private long hiddenWidth;

    /** For Jackson. */
    public ResidualMlp() {
    }

    private ResidualMlp(Builder builder) {
        super(builder);
        this.hiddenWidth = builder.hiddenWidth;
        initializeConstraints(builder);
    }

    public long getHiddenWidth() {
        return hiddenWidth;
    }

    public void setHiddenWidth(long hiddenWidth) {
        this.hiddenWidth = hiddenWidth;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView,
            boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("ResidualMlp", getLayerName(), layerIndex, getNIn(), getNOut());
        if (nIn != nOut) {
            throw new IllegalStateException("ResidualMlp '" + getLayerName() + "': nIn " + nIn + " and nOut " + nOut
                    + " differ, expected equal widths for the residual connection");
        }
        if (hiddenWidth <= 0) {
            throw new IllegalStateException("ResidualMlp '" + getLayerName() + "': hidden width " + hiddenWidth
                    + ", expected > 0");
        }
        if (getIDropout() != null) {
            throw new IllegalStateException("ResidualMlp '" + getLayerName() + "': dropout " + getIDropout()
                    + " is not supported, expected none");
        }
        ResidualMlpLayer layer = new ResidualMlpLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return ResidualMlpParams.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = initializer().numParams(this);
        return new LayerMemoryReport.Builder(layerName, ResidualMlp.class, inputType, getOutputType(-1, inputType))
                .standardMemory(params, getIUpdater().stateSize(params))
                .workingMemory(0, hiddenWidth, 0, 2 * hiddenWidth)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /** {@code nIn} = {@code nOut} = width of the residual stream. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        private long hiddenWidth;

        /** Width of the ReLU hidden layer. */
        public Builder hiddenWidth(long hiddenWidth) {
            this.hiddenWidth = hiddenWidth;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ResidualMlp build() {
            return new ResidualMlp(this);
        }
    }
}
