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
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

import static dev.grokwatch.models.layers.TokenPositionEmbeddingParams.POSITION_KEY;
import static dev.grokwatch.models.layers.TokenPositionEmbeddingParams.TOKEN_KEY;

/**
 * The layer of {@link TokenPositionEmbedding}: a gather of token rows plus a broadcast add of the
 * position table forwards, a one-hot matrix product and a sum over the batch backwards.
 */
public class TokenPositionEmbeddingLayer extends BaseLayer<TokenPositionEmbedding> {

    public TokenPositionEmbeddingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        int[] tokens = tokens();
        long n = input.size(0);
        int length = layerConf().getSequenceLength();
        long width = layerConf().getNOut();
        INDArray table = getParam(TOKEN_KEY);
        INDArray rows = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, table.dataType(),
                new long[]{n * length, width}, 'c');
        Nd4j.pullRows(table, rows, 1, tokens);
        if (layerConf().isPositional()) {
            rows.reshape('c', n, length, width).addi(getParam(POSITION_KEY));
        }
        return rows.reshape('c', n, length * width);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        long n = input.size(0);
        int length = layerConf().getSequenceLength();
        long width = layerConf().getNOut();
        INDArray delta = epsilon.reshape('c', n * length, width);

        Gradient gradient = new DefaultGradient();
        // dE = onehot(tokens)ᵀ · delta: as one matrix product this is several times faster than ND4J's
        // scatter-add of the same rows.
        INDArray oneHot = Nd4j.createUninitialized(dataType, n * length, layerConf().getNIn());
        Nd4j.exec(new OneHot(Nd4j.createFromArray(tokens()), oneHot, (int) layerConf().getNIn()));
        INDArray tableGrad = gradientViews.get(TOKEN_KEY);
        Gemm.into(tableGrad, oneHot, true, delta, false, 0.0);
        gradient.gradientForVariable().put(TOKEN_KEY, tableGrad);
        if (layerConf().isPositional()) {
            INDArray positionGrad = gradientViews.get(POSITION_KEY);
            delta.reshape('c', n, length, width).sum(positionGrad, 0);
            gradient.gradientForVariable().put(POSITION_KEY, positionGrad);
        }
        // Token indices have no gradient. A zero one rather than DL4J's usual null lets a vertex such as
        // SubsetVertex (which fails on null) sit between the input and this layer.
        return new Pair<>(gradient, workspaceMgr.create(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape()));
    }

    /** The input as token indices, row by row, checked against the shape and the vocabulary. */
    private int[] tokens() {
        int length = layerConf().getSequenceLength();
        if (input.rank() != 2 || input.size(1) != length) {
            throw new DL4JInvalidInputException("TokenPositionEmbedding " + layerId() + ": input shape "
                    + Arrays.toString(input.shape()) + ", expected [N, " + length + "] token indices");
        }
        int[] tokens = input.castTo(DataType.INT).dup('c').data().asInt();
        long vocabulary = layerConf().getNIn();
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= vocabulary) {
                throw new DL4JInvalidInputException("TokenPositionEmbedding " + layerId() + ": token " + tokens[i]
                        + " at row " + i / length + ", column " + i % length + ", expected an index in [0, "
                        + vocabulary + ")");
            }
        }
        return tokens;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return false;
    }
}
