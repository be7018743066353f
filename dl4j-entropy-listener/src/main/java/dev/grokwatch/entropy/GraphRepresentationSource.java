package dev.grokwatch.entropy;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Representations of one vertex of a {@link ComputationGraph}. */
final class GraphRepresentationSource implements RepresentationSource {

    private final ComputationGraph graph;
    private final String vertex;
    private final Layer layerConf;
    private final int topologicalPosition;
    private final ActivationReduction reduction;

    GraphRepresentationSource(ComputationGraph graph, LayerSelector layer, ActivationReduction reduction) {
        this.graph = graph;
        this.reduction = reduction;
        ComputationGraphConfiguration conf = graph.getConfiguration();
        TreeSet<String> names = new TreeSet<>(conf.getVertices().keySet());
        names.addAll(conf.getNetworkInputs());
        if (!layer.byName()) {
            throw new IllegalArgumentException("A ComputationGraph's layers are chosen by vertex name, not index "
                    + layer.index() + "; expected one of " + names);
        }
        if (!names.contains(layer.name())) {
            throw new IllegalArgumentException("ComputationGraph has no vertex '" + layer.name()
                    + "'; expected one of " + names);
        }
        this.vertex = layer.name();
        int index = graph.getVertex(vertex).getVertexIndex();
        int[] order = graph.topologicalSortOrder();
        int position = 0;
        while (order[position] != index) {
            position++;
        }
        this.topologicalPosition = position;
        GraphVertex v = conf.getVertices().get(vertex);
        this.layerConf = v instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
    }

    @Override
    public INDArray representations(Probe probe) {
        checkProbe(probe);
        INDArray[] savedInputs = graph.getInputs();
        try {
            // Not graph.output(List<String>, ...): in DL4J 1.0.0-M2.1 it leaves a workspace open when the
            // vertex is not the last one, which breaks every later forward pass on the thread.
            if (probe.masks() != null) {
                graph.setLayerMaskArrays(probe.masks(), null);
            }
            INDArray activations = graph.feedForward(probe.features(), topologicalPosition, false, true).get(vertex);
            return reduction.toMatrix(activations, probe.firstMask(),
                    layerConf != null && RepresentationSource.channelsLast(layerConf), layerDescription());
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            List<String> shapes = new ArrayList<>();
            for (INDArray f : probe.features()) {
                shapes.add(Arrays.toString(f.shape()));
            }
            throw new IllegalArgumentException("Forward pass of the probe " + shapes + " to " + layerDescription()
                    + " failed: " + e.getMessage() + "; expected probe features in the graph's input format "
                    + graph.getConfiguration().getNetworkInputs(), e);
        } finally {
            if (probe.masks() != null) {
                graph.clearLayerMaskArrays();
            }
            graph.setInputs(savedInputs); // leave the model as training left it
        }
    }

    @Override
    public void checkProbe(Probe probe) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        List<String> inputs = conf.getNetworkInputs();
        if (probe.inputCount() != inputs.size()) {
            throw new IllegalArgumentException("probe has " + probe.inputCount() + " input array(s); the graph has "
                    + inputs.size() + " inputs " + inputs + ": expected one features array per input");
        }
        // Dense and output layers read raw columns: check those fed straight from a network input.
        for (Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
            GraphVertex v = conf.getVertices().get(e.getKey());
            if (!(v instanceof LayerVertex lv) || lv.getPreProcessor() != null || e.getValue().size() != 1) {
                continue;
            }
            Layer layer = lv.getLayerConf().getLayer();
            int input = inputs.indexOf(e.getValue().get(0));
            if (input < 0 || !(layer instanceof DenseLayer || layer instanceof BaseOutputLayer)) {
                continue;
            }
            INDArray features = probe.features()[input];
            long nIn = ((FeedForwardLayer) layer).getNIn();
            if (features.rank() == 2 && nIn > 0 && features.columns() != nIn) {
                throw new IllegalArgumentException("probe features for input '" + inputs.get(input) + "' have "
                        + features.columns() + " columns; vertex '" + e.getKey() + "' expects nIn = " + nIn);
            }
        }
    }

    @Override
    public String layerDescription() {
        return "vertex '" + vertex + "'" + (layerConf == null ? "" : " (" + layerConf.getClass().getSimpleName() + ")");
    }
}
