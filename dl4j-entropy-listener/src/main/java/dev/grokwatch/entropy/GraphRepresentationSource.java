package dev.grokwatch.entropy;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Representations of one vertex of a {@link ComputationGraph}. */
final class GraphRepresentationSource implements RepresentationSource {

    private final GraphAdapter model;
    private final ComputationGraph graph;
    private final String vertex;
    private final Layer layerConf;
    private final int topologicalPosition;
    private final ActivationReduction reduction;

    GraphRepresentationSource(GraphAdapter model, LayerSelector layer, ActivationReduction reduction) {
        this.model = model;
        this.graph = model.graph();
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
        INDArray[] masks = probe.masks();
        try (SavedInputs ignored = SavedInputs.of(model)) { // leave the model as training left it
            // Not graph.output(List<String>, ...): in DL4J 1.0.0-M2.1 it leaves a workspace open when the
            // vertex is not the last one, which breaks every later forward pass on the thread.
            if (masks != null) {
                graph.setLayerMaskArrays(masks, null);
            }
            Map<String, INDArray> activations = graph.feedForward(probe.features(), topologicalPosition, false, true);
            INDArray out = activations.get(vertex);
            INDArray mask = masks == null ? null : propagatedMask(masks, probe.size());
            ActivationLayout layout = out.rank() > 2 ? layout(vertex, out.rank(), activations) : null;
            return reduction.toMatrix(out, mask, layout, probe.size(), layerDescription());
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
            if (masks != null) {
                graph.clearLayerMaskArrays();
            }
        }
    }

    /**
     * The features mask DL4J gives this vertex's output: the masks of the inputs that feed it, carried
     * through every vertex on the way by the vertices' own mask rules, exactly as
     * {@link ComputationGraph#setLayerMaskArrays} does.
     */
    private INDArray propagatedMask(INDArray[] inputMasks, int n) {
        int[] order = graph.topologicalSortOrder();
        org.deeplearning4j.nn.graph.vertex.GraphVertex[] vertices = graph.getVertices();
        Map<Integer, Pair<INDArray, MaskState>> masks = new HashMap<>();
        for (int i = 0; i <= topologicalPosition; i++) {
            org.deeplearning4j.nn.graph.vertex.GraphVertex current = vertices[order[i]];
            if (current.isInputVertex()) {
                masks.put(current.getVertexIndex(), new Pair<>(inputMasks[current.getVertexIndex()], MaskState.Active));
                continue;
            }
            VertexIndices[] in = current.getInputVertices();
            INDArray[] fromInputs = null;
            MaskState state = null;
            for (int j = 0; j < in.length; j++) {
                Pair<INDArray, MaskState> p = masks.get(in[j].getVertexIndex());
                if (p != null) {
                    if (fromInputs == null) {
                        fromInputs = new INDArray[in.length];
                    }
                    fromInputs[j] = p.getFirst();
                    if (state == null || state == MaskState.Passthrough) {
                        state = p.getSecond();
                    }
                }
            }
            masks.put(order[i], current.feedForwardMaskArrays(fromInputs, state, n));
        }
        Pair<INDArray, MaskState> mine = masks.get(graph.getVertex(vertex).getVertexIndex());
        return mine == null ? null : mine.getFirst();
    }

    /** The layout of a vertex's rank-3 or rank-4 activations, from the configuration of it and the vertices feeding it. */
    private ActivationLayout layout(String name, int rank, Map<String, INDArray> activations) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().contains(name)) {
            return inputLayout(name, rank);
        }
        GraphVertex v = conf.getVertices().get(name);
        if (v instanceof LayerVertex lv) {
            Layer layer = lv.getLayerConf().getLayer();
            ActivationLayout declared = ActivationLayout.declared(layer, rank);
            if (declared != null) {
                return declared;
            }
            if (!ActivationLayout.preserving(layer)) {
                return ActivationLayout.unknown("'" + name + "' (" + layer.getClass().getSimpleName()
                        + ") has no data format in its configuration");
            }
            if (lv.getPreProcessor() != null) {
                String in = conf.getVertexInputs().get(name).get(0);
                return ActivationLayout.ofPreprocessor(lv.getPreProcessor(), activations.get(in).rank(), rank,
                        () -> layout(in, rank, activations));
            }
            return fromInputs(name, rank, activations);
        }
        if (v instanceof PreprocessorVertex pv) {
            String in = conf.getVertexInputs().get(name).get(0);
            return ActivationLayout.ofPreprocessor(pv.getPreProcessor(), activations.get(in).rank(), rank,
                    () -> layout(in, rank, activations));
        }
        ActivationLayout declared = ActivationLayout.declared(v, rank);
        if (declared != null) {
            return declared;
        }
        if (ActivationLayout.preserving(v)) {
            return fromInputs(name, rank, activations);
        }
        return ActivationLayout.unknown("vertex '" + name + "' (" + v.getClass().getSimpleName()
                + ") may rearrange axes and has no data format in its configuration");
    }

    /** The common layout of the inputs of the vertex's rank (a merge of sequences and vectors keeps the sequences'). */
    private ActivationLayout fromInputs(String name, int rank, Map<String, INDArray> activations) {
        List<String> names = new ArrayList<>();
        List<ActivationLayout> layouts = new ArrayList<>();
        for (String in : graph.getConfiguration().getVertexInputs().get(name)) {
            INDArray a = activations.get(in);
            if (a != null && a.rank() == rank) {
                names.add(in);
                layouts.add(layout(in, rank, activations));
            }
        }
        ActivationLayout common = ActivationLayout.agree(names, layouts, rank);
        return common.known() ? common : ActivationLayout.unknown("'" + name + "' takes its layout from its inputs and "
                + common.reason());
    }

    /** A network input has the layout of the layers reading it directly, when they give one and agree. */
    private ActivationLayout inputLayout(String input, int rank) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        List<String> names = new ArrayList<>();
        List<ActivationLayout> layouts = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
            GraphVertex v = conf.getVertices().get(e.getKey());
            if (e.getValue().contains(input) && v instanceof LayerVertex lv && lv.getPreProcessor() == null) {
                ActivationLayout declared = ActivationLayout.declared(lv.getLayerConf().getLayer(), rank);
                if (declared != null) {
                    names.add(e.getKey());
                    layouts.add(declared);
                }
            }
        }
        if (names.isEmpty()) {
            return ActivationLayout.unknown("network input '" + input + "' feeds no layer with a data format");
        }
        return ActivationLayout.agree(names, layouts, rank);
    }

    @Override
    public void checkProbe(Probe probe) {
        model.checkFeatures(probe.features(), "probe");
    }

    @Override
    public String layerDescription() {
        return "vertex '" + vertex + "'" + (layerConf == null ? "" : " (" + layerConf.getClass().getSimpleName() + ")");
    }
}
