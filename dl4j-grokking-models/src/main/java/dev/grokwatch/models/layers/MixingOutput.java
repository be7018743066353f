package dev.grokwatch.models.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * An output layer ({@code softmax(h W + b)} with MCXENT by default, like DL4J's {@code OutputLayer})
 * that applies the paper's representation mixing while the network trains.
 *
 * <p>With {@code alpha > 0}, training mixes each representation with the next one in the minibatch,
 * {@code h'_i = (1 − α) h_i + α h_{(i+1) mod B}}, and the loss is {@code ½[L(h W + b, y) + L(h' W + b, y)]}.
 * Inference (output, evaluation, the listener's forward pass, {@code scoreExamples}) sees the plain,
 * unmixed layer. With {@code alpha = 0} the layer is an ordinary output layer.
 *
 * <p>Why an output layer rather than a mixing vertex in front of one: the loss needs both the mixed
 * and the unmixed logits through the same {@code W}, and a vertex could only hand one of them on; it
 * would also put mixed activations where the listener reads the representation. Here the
 * representation vertex stays unmixed, and the explicit backward pass sends the gradient to every
 * {@code h_i} through both terms (directly, and as {@code h_{i}} mixed into {@code h'_{i-1}}).
 */
public class MixingOutput extends BaseOutputLayer {

    private double alpha;

    /** For Jackson. */
    public MixingOutput() {
    }

    private MixingOutput(Builder builder) {
        super(builder);
        this.alpha = builder.alpha;
        initializeConstraints(builder);
    }

    /** The mixing weight α; 0 means no mixing. */
    public double getAlpha() {
        return alpha;
    }

    public void setAlpha(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView,
            boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("MixingOutput", getLayerName(), layerIndex, getNIn(), getNOut());
        MixingOutputLayer layer = new MixingOutputLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return DefaultParamInitializer.getInstance();
    }

    public static class Builder extends BaseOutputLayer.Builder<Builder> {

        private double alpha;

        public Builder() {
            setActivationFn(new ActivationSoftmax());
        }

        /** The mixing weight α in [0, 1]; 0 (the default) turns mixing off. */
        public Builder alpha(double alpha) {
            if (!(alpha >= 0.0 && alpha <= 1.0)) {
                throw new IllegalArgumentException("mixing alpha is " + alpha + ", expected a value in [0, 1]");
            }
            this.alpha = alpha;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public MixingOutput build() {
            return new MixingOutput(this);
        }
    }
}
