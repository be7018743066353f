package dev.grokwatch.models.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * A {@link ParamInitializer} whose parameters are the blocks of a {@link ParamLayout}: weights get the
 * layer's weight initialisation with a fan-in chosen per block, biases the layer's bias value.
 * Embedding tables count as weights, so the network's weight decay applies to them.
 */
abstract class LayoutParamInitializer implements ParamInitializer {

    /** The blocks of this layer configuration. */
    abstract ParamLayout layout(Layer layer);

    /**
     * The fan-in the initialisation uses for block {@code key}: a linear map's input width, for its weight and its
     * bias alike ({@link SeededInitialisation#applyPyTorchDefaults} bounds biases by it too).
     */
    abstract double fanIn(Layer layer, String key);

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return layout(layer).numParams();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return layout(layer).keys();
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return layout(layer).weightKeys();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return layout(layer).biasKeys();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return layout(layer).isWeight(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return layout(layer).isBias(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Layer layer = conf.getLayer();
        ParamLayout layout = layout(layer);
        Map<String, INDArray> params = layout.views(paramsView);
        INDArray vector = paramsView.reshape(paramsView.length());
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            conf.addVariable(e.getKey());
            if (initializeParams) {
                INDArray view = e.getValue();
                // Fill the contiguous slice: the values are i.i.d., so their order does not matter.
                initialise(layer, layout, e.getKey(), view.shape(),
                        ParamLayout.view(vector, layout.offset(e.getKey()), view.length()));
            }
        }
        return params;
    }

    private void initialise(Layer layer, ParamLayout layout, String key, long[] shape, INDArray slice) {
        BaseLayer base = (BaseLayer) layer;
        if (layout.isBias(key)) {
            slice.assign(Double.isNaN(base.getBiasInit()) ? 0.0 : base.getBiasInit());
            return;
        }
        IWeightInit init = base.getWeightInitFn();
        if (init == null) {
            throw new IllegalStateException("layer '" + layer.getLayerName() + "' has no weight initialisation;"
                    + " expected one set on the layer or the network configuration");
        }
        init.init(fanIn(layer, key), shape[shape.length - 1], shape, 'f', slice);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return layout(conf.getLayer()).views(gradientView);
    }
}
