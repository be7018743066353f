package dev.grokwatch.entropy;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where representations come from: one layer (MultiLayerNetwork) or vertex (ComputationGraph) of a
 * model, read in inference mode on a probe and reduced to an {@code n × d} matrix.
 *
 * <p>Sources are bound to one model instance; the listener resolves a new one when it sees another
 * model. Resolving checks the layer exists; {@link #representations} checks the probe fits.
 */
public interface RepresentationSource {

    /** The probe's representations, {@code n × d}, computed without changing the model's training state. */
    INDArray representations(Probe probe);

    /**
     * Checks, without running the model, that the probe fits it: the number of inputs, and the width of
     * inputs that feed dense layers directly. Other mismatches surface in {@link #representations}.
     *
     * @throws IllegalArgumentException naming what was given and what the model expects
     */
    void checkProbe(Probe probe);

    /** The layer or vertex read, for messages and logs. */
    String layerDescription();

    /**
     * Binds a layer of a model.
     *
     * @param model     a {@link MultiLayerNetwork} or {@link ComputationGraph}
     * @param layer     a layer index or name (MultiLayerNetwork) or a vertex name (ComputationGraph)
     * @param reduction how recurrent or convolutional activations become rows
     * @throws IllegalArgumentException when the model type is unsupported or the layer does not exist
     *                                  (the message lists the names that do)
     */
    static RepresentationSource of(Model model, LayerSelector layer, ActivationReduction reduction) {
        if (model instanceof MultiLayerNetwork net) {
            return new MultiLayerRepresentationSource(net, layer, reduction);
        }
        if (model instanceof ComputationGraph graph) {
            return new GraphRepresentationSource(graph, layer, reduction);
        }
        throw new IllegalArgumentException("Unsupported model type "
                + (model == null ? "null" : model.getClass().getName())
                + "; expected a MultiLayerNetwork or a ComputationGraph");
    }

    /** True when a layer's configuration says its activations are NWC or NHWC rather than DL4J's default. */
    static boolean channelsLast(Layer layerConf) {
        if (layerConf instanceof BaseRecurrentLayer recurrent) {
            return recurrent.getRnnDataFormat() == RNNFormat.NWC;
        }
        if (layerConf instanceof ConvolutionLayer convolution) {
            return convolution.getCnn2dDataFormat() == CNN2DFormat.NHWC;
        }
        return false;
    }
}
