package dev.grokwatch.entropy;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where representations come from: one layer (MultiLayerNetwork) or vertex (ComputationGraph) of a
 * model, read in inference mode on a probe and reduced to an {@code n × d} matrix.
 *
 * <p>Each layer reads the features mask DL4J propagates to it from the inputs that actually feed it,
 * and the layout (NCW/NWC, NCHW/NHWC) its configuration gives, see {@link ActivationReduction}.
 *
 * <p>Sources are bound to one model instance; the listener resolves a new one when it sees another
 * model. Resolving checks the layer exists; {@link #checkProbe} checks a probe fits, once: the listener
 * checks its probe when it binds the model, and the forward pass of every evaluation reads it unchecked.
 */
public interface RepresentationSource {

    /**
     * The probe's representations, {@code n × d}, computed without changing the model's training state.
     * The probe is not checked again here: give one that passed {@link #checkProbe}, whose messages say
     * more than a failed forward pass does.
     *
     * @throws IllegalArgumentException when the forward pass of the probe fails or the layer's activations
     *                                  cannot be reduced as asked (the message says what was expected)
     */
    INDArray representations(Probe probe);

    /**
     * Checks, without running the model, that the probe fits it: the number of inputs, and the width of
     * inputs that feed dense layers directly. Other mismatches surface in {@link #representations}, which
     * the listener runs on the whole probe before training.
     *
     * @throws IllegalArgumentException naming what was given and what the model expects
     */
    void checkProbe(Probe probe);

    /** The layer or vertex read, for messages and logs. */
    String layerDescription();

    /**
     * Binds a layer of a model.
     *
     * @param model     a MultiLayerNetwork or ComputationGraph
     * @param layer     a layer index or name (MultiLayerNetwork) or a vertex name (ComputationGraph)
     * @param reduction how recurrent or convolutional activations become rows
     * @throws IllegalArgumentException when the model type is unsupported or the layer does not exist
     *                                  (the message lists the names that do)
     */
    static RepresentationSource of(Model model, LayerSelector layer, ActivationReduction reduction) {
        return ModelAdapter.of(model).representationSource(layer, reduction);
    }
}
