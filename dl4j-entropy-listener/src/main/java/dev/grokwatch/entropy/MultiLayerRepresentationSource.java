package dev.grokwatch.entropy;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Representations of one layer of a {@link MultiLayerNetwork}. */
final class MultiLayerRepresentationSource implements RepresentationSource {

    private final MultiLayerNetwork net;
    private final int layerIndex;
    private final Layer layerConf;
    private final ActivationReduction reduction;

    MultiLayerRepresentationSource(MultiLayerNetwork net, LayerSelector layer, ActivationReduction reduction) {
        this.net = net;
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
        checkProbe(probe);
        INDArray savedInput = net.getInput();
        INDArray mask = probe.firstMask();
        try {
            if (mask != null) {
                net.setLayerMaskArrays(mask, null);
            }
            List<INDArray> activations = net.feedForwardToLayer(layerIndex, probe.features()[0], false);
            return reduction.toMatrix(activations.get(layerIndex + 1), mask,
                    RepresentationSource.channelsLast(layerConf), layerDescription());
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
            net.setInput(savedInput); // leave the model as training left it
        }
    }

    @Override
    public void checkProbe(Probe probe) {
        if (probe.inputCount() != 1) {
            throw new IllegalArgumentException("probe has " + probe.inputCount()
                    + " inputs; a MultiLayerNetwork takes exactly 1");
        }
        INDArray features = probe.features()[0];
        Layer first = net.getLayerWiseConfigurations().getConf(0).getLayer();
        boolean plainInput = net.getLayerWiseConfigurations().getInputPreProcess(0) == null;
        // Only dense and output layers read raw columns; embeddings and convolutions read other layouts.
        if (plainInput && features.rank() == 2 && (first instanceof DenseLayer || first instanceof BaseOutputLayer)) {
            long nIn = ((FeedForwardLayer) first).getNIn();
            if (nIn > 0 && features.columns() != nIn) {
                throw new IllegalArgumentException("probe features have " + features.columns()
                        + " columns; the network's first layer expects nIn = " + nIn);
            }
        }
    }

    @Override
    public String layerDescription() {
        return "layer " + layerIndex + " ('" + layerConf.getLayerName() + "', "
                + layerConf.getClass().getSimpleName() + ")";
    }
}
