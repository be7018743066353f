package dev.grokwatch.entropy;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Representations of one layer of a {@link MultiLayerNetwork}. */
final class MultiLayerRepresentationSource implements RepresentationSource {

    private final MultiLayerAdapter model;
    private final MultiLayerNetwork net;
    private final int layerIndex;
    private final Layer layerConf;
    private final ActivationReduction reduction;

    MultiLayerRepresentationSource(MultiLayerAdapter model, LayerSelector layer, ActivationReduction reduction) {
        this.model = model;
        this.net = model.net();
        this.reduction = reduction;
        int count = net.getnLayers();
        List<String> names = new ArrayList<>();
        int found = -1;
        for (int i = 0; i < count; i++) {
            String name = net.getLayerWiseConfigurations().getConf(i).getLayer().getLayerName();
            names.add(i + "=" + name);
            if (layer.byName() ? layer.name().equals(name) : layer.index() == i) {
                found = i;
            }
        }
        if (found < 0) {
            throw new IllegalArgumentException("MultiLayerNetwork has no layer " + layer + "; expected an index in [0, "
                    + (count - 1) + "] or one of the names " + names);
        }
        this.layerIndex = found;
        this.layerConf = net.getLayerWiseConfigurations().getConf(found).getLayer();
    }

    @Override
    public INDArray representations(Probe probe) {
        INDArray mask = probe.masks() == null ? null : probe.masks()[0];
        try (SavedInputs ignored = SavedInputs.of(model)) { // leave the model as training left it
            if (mask != null) {
                net.setLayerMaskArrays(mask, null);
            }
            List<INDArray> activations = net.feedForwardToLayer(layerIndex, probe.features()[0], false);
            INDArray out = activations.get(layerIndex + 1);
            ActivationLayout layout = out.rank() > 2 ? layout(layerIndex, out.rank(), activations) : null;
            return reduction.toMatrix(out, mask == null ? null : propagatedMask(mask, probe.size()), layout,
                    probe.size(), layerDescription());
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Forward pass of the probe " + Arrays.toString(probe.features()[0].shape())
                    + " to " + layerDescription() + " failed: " + e.getMessage()
                    + "; expected probe features in the network's input format", e);
        } finally {
            if (mask != null) {
                net.clearLayerMaskArrays();
            }
        }
    }

    /** The features mask DL4J gives this layer's output, carried through preprocessors and layers as DL4J does. */
    private INDArray propagatedMask(INDArray mask, int n) {
        Pair<INDArray, MaskState> current = new Pair<>(mask, MaskState.Active);
        for (int i = 0; i <= layerIndex && current != null && current.getFirst() != null; i++) {
            InputPreProcessor preprocessor = net.getLayerWiseConfigurations().getInputPreProcess(i);
            if (preprocessor != null) {
                current = preprocessor.feedForwardMaskArray(current.getFirst(), current.getSecond(), n);
            }
            if (current != null) {
                current = net.getLayer(i).feedForwardMaskArray(current.getFirst(), current.getSecond(), n);
            }
        }
        return current == null ? null : current.getFirst();
    }

    /** The layout of layer i's rank-3 or rank-4 activations, from its configuration and the layers before it. */
    private ActivationLayout layout(int i, int rank, List<INDArray> activations) {
        if (i < 0) {
            return ActivationLayout.unknown("the network input has no data format in the configuration");
        }
        Layer layer = net.getLayerWiseConfigurations().getConf(i).getLayer();
        ActivationLayout declared = ActivationLayout.declared(layer, rank);
        if (declared != null) {
            return declared;
        }
        if (!ActivationLayout.preserving(layer)) {
            return ActivationLayout.unknown("layer " + i + " (" + layer.getClass().getSimpleName()
                    + ") has no data format in its configuration");
        }
        InputPreProcessor preprocessor = net.getLayerWiseConfigurations().getInputPreProcess(i);
        int inRank = activations.get(i).rank(); // activations.get(i) is the output of layer i - 1 (or the input)
        if (preprocessor != null) {
            return ActivationLayout.ofPreprocessor(preprocessor, inRank, rank, () -> layout(i - 1, rank, activations));
        }
        ActivationLayout before = inRank == rank ? layout(i - 1, rank, activations)
                : ActivationLayout.unknown("its input has rank " + inRank);
        return before.known() ? before : ActivationLayout.unknown("layer " + i + " (" + layer.getClass().getSimpleName()
                + ") takes its layout from its input, and " + before.reason());
    }

    @Override
    public void checkProbe(Probe probe) {
        model.checkFeatures(probe.features(), "probe");
    }

    @Override
    public String layerDescription() {
        return "layer " + layerIndex + " ('" + layerConf.getLayerName() + "', "
                + layerConf.getClass().getSimpleName() + ")";
    }
}
