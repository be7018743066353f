package dev.grokwatch.models.layers;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

import static dev.grokwatch.models.layers.LastPositionAttentionParams.KEY_KEY;
import static dev.grokwatch.models.layers.LastPositionAttentionParams.OUTPUT_KEY;
import static dev.grokwatch.models.layers.LastPositionAttentionParams.QUERY_KEY;
import static dev.grokwatch.models.layers.LastPositionAttentionParams.VALUE_KEY;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * The layer of {@link LastPositionAttention}. Every step is one ND4J op over the whole batch: two
 * matrix products for the projections (keys and values together), broadcast multiply-and-sum for the
 * {@code T} scores and the weighted values of each head, a softmax over positions.
 *
 * <p>In training the forward pass keeps keys/values, query, attention weights and the mixed values in
 * the activations workspace, which DL4J holds open until backprop has finished (as it holds the layer
 * input), so backprop does not recompute them.
 */
public class LastPositionAttentionLayer extends BaseLayer<LastPositionAttention> {

    private INDArray keysValues;
    private INDArray query;
    private INDArray weights;
    private INDArray mixed;

    public LastPositionAttentionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        Shape s = shape();
        INDArray x = input.castTo(dataType);
        ArrayType kept = training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM;

        keysValues = workspaceMgr.createUninitialized(kept, dataType, new long[]{s.n * s.t, 2 * s.d}, 'c');
        Gemm.into(keysValues, positions(x, s), false, keyValueWeights(paramsFlattened), false, 0.0);
        query = workspaceMgr.createUninitialized(kept, dataType, new long[]{s.n, s.d}, 'c');
        Gemm.into(query, last(x, s), false, getParam(QUERY_KEY), false, 0.0);

        INDArray scores = keys(s).mul(query.reshape('c', s.n, 1, s.h, s.dh)).sum(3).muli(s.scale);
        weights = workspaceMgr.createUninitialized(kept, dataType, new long[]{s.n, s.t, s.h}, 'c');
        Nd4j.exec(new SoftMax(scores, weights, 1));
        mixed = workspaceMgr.createUninitialized(kept, dataType, new long[]{s.n, s.d}, 'c');
        values(s).mul(weights.reshape('c', s.n, s.t, s.h, 1)).sum(mixed.reshape('c', s.n, s.h, s.dh), 1);

        INDArray out = workspaceMgr.dup(ArrayType.ACTIVATIONS, last(x, s), 'c');
        Gemm.into(out, mixed, false, getParam(OUTPUT_KEY), false, 1.0);
        if (!training) {
            clearCache();
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (keysValues == null) {
            throw new IllegalStateException("LastPositionAttention " + layerId()
                    + ": backprop without its forward pass, expected activate(training = true) first");
        }
        Shape s = shape();
        INDArray x = input.castTo(dataType);
        INDArray g = epsilon.castTo(dataType);

        Gemm.into(gradientViews.get(OUTPUT_KEY), mixed, true, g, false, 0.0);
        INDArray dMixed = Gemm.product(g, false, getParam(OUTPUT_KEY), true).reshape('c', s.n, 1, s.h, s.dh);
        INDArray dWeights = values(s).mul(dMixed).sum(3);

        INDArray dKeysValues = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
                new long[]{s.n * s.t, 2 * s.d}, 'c');
        INDArray dSplit = dKeysValues.reshape('c', s.n, s.t, 2, s.h, s.dh);
        Nd4j.exec(new MulOp(weights.reshape('c', s.n, s.t, s.h, 1), dMixed,
                dSplit.get(all(), all(), point(1), all(), all())));
        // Softmax backward over positions, then the 1/sqrt(d_head) of the scores.
        INDArray weighted = weights.mul(dWeights);
        INDArray dScores = weighted.subi(weights.mul(weighted.sum(true, 1))).muli(s.scale)
                .reshape('c', s.n, s.t, s.h, 1);
        Nd4j.exec(new MulOp(dScores, query.reshape('c', s.n, 1, s.h, s.dh),
                dSplit.get(all(), all(), point(0), all(), all())));
        INDArray dQuery = keys(s).mul(dScores).sum(1).reshape('c', s.n, s.d);

        Gemm.into(gradientViews.get(QUERY_KEY), last(x, s), true, dQuery, false, 0.0);
        Gemm.into(keyValueWeights(gradientsFlattened), positions(x, s), true, dKeysValues, false, 0.0);

        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[]{s.n * s.t, s.d}, 'c');
        Gemm.into(dx, dKeysValues, false, keyValueWeights(paramsFlattened), true, 0.0);
        INDArray dInput = dx.reshape('c', s.n, s.t * s.d);
        last(dInput, s).addi(g).addi(Gemm.product(dQuery, false, getParam(QUERY_KEY), true));

        Gradient gradient = new DefaultGradient();
        for (String key : new String[]{QUERY_KEY, KEY_KEY, VALUE_KEY, OUTPUT_KEY}) {
            gradient.gradientForVariable().put(key, gradientViews.get(key));
        }
        clearCache();
        return new Pair<>(gradient, dInput);
    }

    /** Sizes of the current input, checked against the configuration. */
    private Shape shape() {
        LastPositionAttention c = layerConf();
        if (input.rank() != 2 || input.size(1) != c.getNIn()) {
            throw new DL4JInvalidInputException("LastPositionAttention " + layerId() + ": input shape "
                    + Arrays.toString(input.shape()) + ", expected [N, " + c.getNIn() + "] ("
                    + c.sequenceLength() + " positions of width " + c.getNOut() + ")");
        }
        return new Shape(input.size(0), c.sequenceLength(), c.getNOut(), c.getHeads());
    }

    /** {@code [W_K | W_V]} of the layer's flat parameters or gradients. */
    private INDArray keyValueWeights(INDArray flat) {
        return LastPositionAttentionParams.keyValue(layerConf(), flat);
    }

    /** Every position as a row: {@code [N·T, d]}. */
    private static INDArray positions(INDArray x, Shape s) {
        return x.reshape('c', s.n * s.t, s.d);
    }

    /** The last position: an {@code [N, d]} view. */
    private static INDArray last(INDArray x, Shape s) {
        return x.get(all(), NDArrayIndex.interval((s.t - 1) * s.d, s.t * s.d));
    }

    /** Keys as an {@code [N, T, H, d_head]} view of the cached projections. */
    private INDArray keys(Shape s) {
        return keysValues.reshape('c', s.n, s.t, 2, s.h, s.dh).get(all(), all(), point(0), all(), all());
    }

    /** Values as an {@code [N, T, H, d_head]} view of the cached projections. */
    private INDArray values(Shape s) {
        return keysValues.reshape('c', s.n, s.t, 2, s.h, s.dh).get(all(), all(), point(1), all(), all());
    }

    private void clearCache() {
        keysValues = null;
        query = null;
        weights = null;
        mixed = null;
    }

    @Override
    public void clear() {
        super.clear();
        clearCache();
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return false;
    }

    private record Shape(long n, long t, long d, long h, long dh, double scale) {
        Shape(long n, long t, long d, long h) {
            this(n, t, d, h, d / h, 1.0 / Math.sqrt(d / h));
        }
    }
}
