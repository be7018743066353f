package dev.grokwatch.entropy;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Everything grokwatch does differently on a {@link MultiLayerNetwork} and on a {@link ComputationGraph}:
 * which layer is measured, the model's input arrays, the regularisation term of its score, the output
 * that defines accuracy and its predictions, and the configuration checks of features arrays. One
 * adapter wraps one model instance; {@link #of} is the only place that asks which kind a model is.
 */
sealed interface ModelAdapter permits MultiLayerAdapter, GraphAdapter {

    /**
     * @throws IllegalArgumentException when the model is null or neither a MultiLayerNetwork nor a ComputationGraph
     */
    static ModelAdapter of(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            return new MultiLayerAdapter(net);
        }
        if (model instanceof ComputationGraph graph) {
            return new GraphAdapter(graph);
        }
        throw new IllegalArgumentException("Unsupported model type "
                + (model == null ? "null" : model.getClass().getName())
                + "; expected a MultiLayerNetwork or a ComputationGraph");
    }

    /** The wrapped model. */
    Model model();

    /**
     * The representations of one layer: a MultiLayerNetwork layer by index or name, a ComputationGraph
     * vertex (or network input) by name.
     *
     * @throws IllegalArgumentException when the layer does not exist (the message lists the names that do)
     */
    RepresentationSource representationSource(LayerSelector layer, ActivationReduction reduction);

    /** The input arrays the model holds now, one per network input (entries may be null), see {@link SavedInputs}. */
    INDArray[] inputs();

    /** Puts back arrays returned by {@link #inputs()}. */
    void restoreInputs(INDArray[] inputs);

    /**
     * The regularisation term (L1, L2, weight decay) DL4J adds to the minibatch score, for the current
     * parameters, in the score's units.
     */
    double regularisationScore();

    /** Number of network inputs: one features array each. */
    int inputCount();

    /** Number of network outputs: one labels array each. */
    int outputCount();

    /**
     * The output whose predictions define accuracy: the only one, or the chosen one (zero-based, in the
     * order of the graph's {@code setOutputs}).
     *
     * @param chosen the user's {@code evaluationOutput}, or null when not chosen
     * @throws IllegalArgumentException for a multi-output graph without a choice, or a choice out of range
     */
    int evaluationOutput(Integer chosen);

    /** The graph's input names, in input order; empty for a MultiLayerNetwork, whose one input has no name. */
    List<String> inputNames();

    /** The outputs with their indices for messages, e.g. {@code " [0 = 'out']"}; empty for a MultiLayerNetwork. */
    String outputNames();

    /** One output's name for messages, e.g. {@code " ('out')"}; empty for a MultiLayerNetwork. */
    String outputName(int output);

    /**
     * Predictions of one output in inference mode, {@code [n, classes]} (or {@code [n, classes, T]} and
     * the layouts of the output layer), with the masks set on the model only for this forward pass.
     *
     * @param features     one array per network input
     * @param featureMasks one mask per network input (null entries allowed), or null
     * @param labelMasks   one mask per network output (null entries allowed), or null
     * @param output       the output read, from {@link #evaluationOutput}
     */
    INDArray output(INDArray[] features, INDArray[] featureMasks, INDArray[] labelMasks, int output);

    /** Configuration of the layer producing an output; null when that output is a vertex without a layer. */
    Layer outputLayer(int output);

    /**
     * Checks, from the configuration alone, the number of features arrays and the width of those that
     * feed dense or output layers directly (other layers read layouts a shape check cannot judge; the
     * forward pass does).
     *
     * @param what the data's name in messages ("probe", "evaluation", ...)
     * @throws IllegalArgumentException naming what was given and what the model expects
     */
    void checkFeatures(INDArray[] features, String what);
}
