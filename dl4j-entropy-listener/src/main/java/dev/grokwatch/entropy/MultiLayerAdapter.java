package dev.grokwatch.entropy;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/** {@link ModelAdapter} of a {@link MultiLayerNetwork}: one input, one output, layers by index or name. */
final class MultiLayerAdapter implements ModelAdapter {

    private final MultiLayerNetwork net;

    MultiLayerAdapter(MultiLayerNetwork net) {
        this.net = net;
    }

    /** The wrapped network, for the representation source that reads its layers. */
    MultiLayerNetwork net() {
        return net;
    }

    @Override
    public MultiLayerNetwork model() {
        return net;
    }

    @Override
    public RepresentationSource representationSource(LayerSelector layer, ActivationReduction reduction) {
        return new MultiLayerRepresentationSource(this, layer, reduction);
    }

    @Override
    public INDArray[] inputs() {
        return new INDArray[]{net.getInput()};
    }

    @Override
    public void restoreInputs(INDArray[] inputs) {
        net.setInput(inputs[0]);
    }

    @Override
    public double regularisationScore() {
        return net.calcRegularizationScore(true);
    }

    @Override
    public int inputCount() {
        return 1;
    }

    @Override
    public int outputCount() {
        return 1;
    }

    @Override
    public int evaluationOutput(Integer chosen) {
        if (chosen != null && chosen != 0) {
            throw new IllegalArgumentException("evaluationOutput(" + chosen + ") on a MultiLayerNetwork, which has"
                    + " one output; expected 0 or no evaluationOutput");
        }
        return 0;
    }

    @Override
    public List<String> inputNames() {
        return List.of();
    }

    @Override
    public String outputNames() {
        return "";
    }

    @Override
    public String outputName(int output) {
        return "";
    }

    @Override
    public INDArray output(INDArray[] features, INDArray[] featureMasks, INDArray[] labelMasks, int output) {
        try {
            return net.output(features[0], false, featureMasks == null ? null : featureMasks[0],
                    labelMasks == null ? null : labelMasks[0]);
        } finally {
            net.clearLayerMaskArrays(); // MultiLayerNetwork.output leaves the masks set on its layers
        }
    }

    @Override
    public Layer outputLayer(int output) {
        return net.getLayerWiseConfigurations().getConf(net.getnLayers() - 1).getLayer();
    }

    @Override
    public void checkFeatures(INDArray[] features, String what) {
        if (features.length != 1) {
            throw new IllegalArgumentException(what + " has " + features.length
                    + " inputs; a MultiLayerNetwork takes exactly 1");
        }
        Layer first = net.getLayerWiseConfigurations().getConf(0).getLayer();
        boolean plainInput = net.getLayerWiseConfigurations().getInputPreProcess(0) == null;
        ModelInputs.checkWidth(first, plainInput, features[0], what + " features have ", "the network's first layer expects");
    }
}
