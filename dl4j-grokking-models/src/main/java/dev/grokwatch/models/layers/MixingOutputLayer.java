package dev.grokwatch.models.layers;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseOutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.Arrays;

/**
 * The layer of {@link MixingOutput}. Without mixing (inference, or {@code alpha = 0}) every call goes
 * to DL4J's {@link BaseOutputLayer}; in training with mixing the score and the backward pass use both
 * terms of the mixed loss.
 */
public class MixingOutputLayer extends BaseOutputLayer<MixingOutput> {

    public MixingOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected INDArray getLabels2d(LayerWorkspaceMgr workspaceMgr, ArrayType arrayType) {
        return labels;
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!mixes(training)) {
            return super.computeScore(fullNetRegTerm, training, workspaceMgr);
        }
        if (input == null || labels == null) {
            throw new IllegalStateException("MixingOutput " + layerId() + ": no input or labels set, expected both");
        }
        INDArray h = input.castTo(dataType);
        ILossFunction loss = layerConf().getLossFn();
        double sum = loss.computeScore(labels, logits(h), layerConf().getActivationFn(), maskArray, false)
                + loss.computeScore(labels, logits(mix(h)), layerConf().getActivationFn(), maskArray, false);
        double perExample = conf().isMiniBatch() ? 0.5 * sum / getInputMiniBatchSize() : 0.5 * sum;
        score = perExample + fullNetRegTerm;
        return score;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!mixes(true)) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        INDArray h = input.castTo(dataType);
        INDArray mixed = mix(h);
        ILossFunction loss = layerConf().getLossFn();
        INDArray delta = loss.computeGradient(labels, logits(h), layerConf().getActivationFn(), maskArray);
        INDArray deltaMixed = loss.computeGradient(labels, logits(mixed), layerConf().getActivationFn(), maskArray);

        Gradient gradient = new DefaultGradient();
        INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(h, delta, weightGrad, true, false, 0.5, 0.0);
        Nd4j.gemm(mixed, deltaMixed, weightGrad, true, false, 0.5, 1.0);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
        if (hasBias()) {
            INDArray biasGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            delta.add(deltaMixed).muli(0.5).sum(biasGrad, 0);
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
        }

        // dL/dh_j = ½[g_j + (1 − α) g'_j + α g'_{j−1}], with g = δ Wᵀ and g' = δ' Wᵀ.
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray backMixed = Gemm.product(deltaMixed, false, w, true);
        double alpha = layerConf().getAlpha();
        INDArray dh = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, h.shape(), 'c');
        Gemm.into(dh, delta, false, w, true, 0.0);
        dh.addi(backMixed.mul(1.0 - alpha));
        dh.addi(Nd4j.pullRows(backMixed, 1, shift(h.size(0), -1)).muli(alpha));
        dh.muli(0.5);
        return new Pair<>(gradient, backpropDropOutIfPresent(dh));
    }

    private boolean mixes(boolean training) {
        return training && layerConf().getAlpha() > 0.0;
    }

    /** {@code h'_i = (1 − α) h_i + α h_{(i+1) mod B}}. */
    private INDArray mix(INDArray h) {
        double alpha = layerConf().getAlpha();
        return Nd4j.pullRows(h, 1, shift(h.size(0), 1)).muli(alpha).addi(h.mul(1.0 - alpha));
    }

    /** Row indices {@code (i + by) mod n}: pulling them shifts a batch cyclically. */
    private static int[] shift(long n, int by) {
        int[] rows = new int[(int) n];
        for (int i = 0; i < n; i++) {
            rows[i] = (int) Math.floorMod(i + by, n);
        }
        return rows;
    }

    /** Every unmixed path of {@link BaseOutputLayer} (activate, score, backprop) gets its logits here. */
    @Override
    protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray h = input.castTo(dataType);
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        if (h.rank() != 2 || h.size(1) != w.size(0)) {
            throw new DL4JInvalidInputException("MixingOutput " + layerId() + ": input shape "
                    + Arrays.toString(h.shape()) + ", expected [N, " + w.size(0) + "]");
        }
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[]{h.size(0), w.size(1)}, 'c');
        return withBias(Gemm.into(z, h, false, w, false, 0.0));
    }

    /** Logits in the current workspace, for the two terms of the mixed loss. */
    private INDArray logits(INDArray h) {
        return withBias(Gemm.product(h, false, getParam(DefaultParamInitializer.WEIGHT_KEY), false));
    }

    private INDArray withBias(INDArray z) {
        return hasBias() ? z.addiRowVector(getParam(DefaultParamInitializer.BIAS_KEY)) : z;
    }
}
