package dev.grokwatch.entropy;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link ModelAdapter} of a {@link ComputationGraph}: named inputs, outputs and vertices. */
final class GraphAdapter implements ModelAdapter {

    private final ComputationGraph graph;

    GraphAdapter(ComputationGraph graph) {
        this.graph = graph;
    }

    /** The wrapped graph, for the representation source that reads its vertices. */
    ComputationGraph graph() {
        return graph;
    }

    @Override
    public ComputationGraph model() {
        return graph;
    }

    @Override
    public RepresentationSource representationSource(LayerSelector layer, ActivationReduction reduction) {
        return new GraphRepresentationSource(this, layer, reduction);
    }

    @Override
    public INDArray[] inputs() {
        return graph.getInputs();
    }

    @Override
    public void restoreInputs(INDArray[] inputs) {
        graph.setInputs(inputs);
    }

    @Override
    public double regularisationScore() {
        return graph.calcRegularizationScore(true);
    }

    @Override
    public int inputCount() {
        return graph.getNumInputArrays();
    }

    @Override
    public int outputCount() {
        return graph.getNumOutputArrays();
    }

    @Override
    public int evaluationOutput(Integer chosen) {
        List<String> outputs = graph.getConfiguration().getNetworkOutputs();
        if (chosen == null && outputs.size() > 1) {
            throw new IllegalArgumentException("The graph has " + outputs.size() + " outputs " + indexed(outputs)
                    + "; choose the one whose predictions define accuracy with evaluationOutput(index)");
        }
        int index = chosen == null ? 0 : chosen;
        if (index >= outputs.size()) {
            throw new IllegalArgumentException("evaluationOutput(" + index + ") but the graph has " + outputs.size()
                    + " output(s) " + indexed(outputs) + "; expected an index in [0, " + (outputs.size() - 1) + "]");
        }
        return index;
    }

    @Override
    public List<String> inputNames() {
        return graph.getConfiguration().getNetworkInputs();
    }

    @Override
    public String outputNames() {
        return " " + indexed(graph.getConfiguration().getNetworkOutputs());
    }

    @Override
    public String outputName(int output) {
        return " ('" + graph.getConfiguration().getNetworkOutputs().get(output) + "')";
    }

    private static String indexed(List<String> names) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(i + " = '" + names.get(i) + "'");
        }
        return out.toString();
    }

    @Override
    public INDArray output(INDArray[] features, INDArray[] featureMasks, INDArray[] labelMasks, int output) {
        return graph.output(false, features, featureMasks, labelMasks)[output];
    }

    @Override
    public Layer outputLayer(int output) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        GraphVertex v = conf.getVertices().get(conf.getNetworkOutputs().get(output));
        return v instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
    }

    @Override
    public void checkFeatures(INDArray[] features, String what) {
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
                ModelInputs.checkWidth(lv.getLayerConf().getLayer(), lv.getPreProcessor() == null, features[input],
                        what + " features for input '" + inputs.get(input) + "' have ", "vertex '" + e.getKey() + "' expects");
            }
        }
    }
}
