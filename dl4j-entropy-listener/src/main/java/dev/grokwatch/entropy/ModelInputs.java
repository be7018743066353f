package dev.grokwatch.entropy;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/** Checks, from the configuration alone, that features arrays fit a model's inputs. */
final class ModelInputs {

    private ModelInputs() {
    }

    /**
     * Checks the number of features arrays, and the width of those that feed dense or output layers
     * directly (other layers read layouts a shape check cannot judge; the forward pass does).
     *
     * @param what the data's name in messages ("probe", "evaluation", ...)
     * @throws IllegalArgumentException naming what was given and what the model expects
     */
    static void check(Model model, INDArray[] features, String what) {
        if (model instanceof MultiLayerNetwork net) {
            check(net, features, what);
        } else if (model instanceof ComputationGraph graph) {
            check(graph, features, what);
        }
    }

    private static void check(MultiLayerNetwork net, INDArray[] features, String what) {
        if (features.length != 1) {
            throw new IllegalArgumentException(what + " has " + features.length
                    + " inputs; a MultiLayerNetwork takes exactly 1");
        }
        Layer first = net.getLayerWiseConfigurations().getConf(0).getLayer();
        boolean plainInput = net.getLayerWiseConfigurations().getInputPreProcess(0) == null;
        checkWidth(first, plainInput, features[0], what + " features have ", "the network's first layer expects");
    }

    private static void check(ComputationGraph graph, INDArray[] features, String what) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        List<String> inputs = conf.getNetworkInputs();
        if (features.length != inputs.size()) {
            throw new IllegalArgumentException(what + " has " + features.length + " input array(s); the graph has "
                    + inputs.size() + " inputs " + inputs + ": expected one features array per input");
        }
        for (Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
            GraphVertex v = conf.getVertices().get(e.getKey());
            if (!(v instanceof LayerVertex lv) || e.getValue().size() != 1) {
                continue;
            }
            int input = inputs.indexOf(e.getValue().get(0));
            if (input >= 0) {
                checkWidth(lv.getLayerConf().getLayer(), lv.getPreProcessor() == null, features[input],
                        what + " features for input '" + inputs.get(input) + "' have ", "vertex '" + e.getKey() + "' expects");
            }
        }
    }

    /**
     * Checks that features have the per-example shape of the training minibatch, input by input: the
     * training data is the truth a configuration cannot always give (two inputs in swapped order whose
     * widths add up the same after a merge pass every forward pass). Sequences (rank 3) may differ in
     * length and are left to the forward pass.
     *
     * @param training the model's inputs during its first training step (null entries: unknown)
     * @throws IllegalArgumentException naming the input, both shapes and what was expected
     */
    static void checkLikeTraining(INDArray[] training, INDArray[] features, String what) {
        if (training == null || training.length != features.length) {
            return;
        }
        for (int i = 0; i < features.length; i++) {
            INDArray t = training[i];
            INDArray f = features[i];
            if (t == null || t.rank() == 3 || f.rank() == 3) {
                continue;
            }
            long[] trainingShape = java.util.Arrays.copyOfRange(t.shape(), 1, t.rank());
            long[] shape = java.util.Arrays.copyOfRange(f.shape(), 1, f.rank());
            if (!java.util.Arrays.equals(trainingShape, shape)) {
                throw new IllegalArgumentException(what + " features for input " + i + " have examples of shape "
                        + java.util.Arrays.toString(shape) + " but the training data's are "
                        + java.util.Arrays.toString(trainingShape) + "; expected the training data's shape, input"
                        + " by input in the model's input order");
            }
        }
    }

    /** Dense and output layers read raw columns; embeddings and convolutions read other layouts. */
    private static void checkWidth(Layer layer, boolean plainInput, INDArray features, String given, String expects) {
        if (!plainInput || features.rank() != 2 || !(layer instanceof DenseLayer || layer instanceof BaseOutputLayer)) {
            return;
        }
        long nIn = ((FeedForwardLayer) layer).getNIn();
        if (nIn > 0 && features.columns() != nIn) {
            throw new IllegalArgumentException(given + features.columns() + " columns; " + expects + " nIn = " + nIn);
        }
    }
}
