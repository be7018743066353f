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
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

import static dev.grokwatch.models.layers.ResidualMlpParams.IN_BIAS_KEY;
import static dev.grokwatch.models.layers.ResidualMlpParams.IN_WEIGHT_KEY;
import static dev.grokwatch.models.layers.ResidualMlpParams.OUT_BIAS_KEY;
import static dev.grokwatch.models.layers.ResidualMlpParams.OUT_WEIGHT_KEY;

/**
 * The layer of {@link ResidualMlp}: two matrix products forwards, four backwards. In training the
 * hidden ReLU activations stay in the activations workspace for backprop (DL4J keeps it open until
 * backprop ends), so backprop does not repeat the first product.
 */
public class ResidualMlpLayer extends BaseLayer<ResidualMlp> {

    private INDArray hidden;

    public ResidualMlpLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray x = checkedInput();
        long n = x.size(0);
        hidden = workspaceMgr.createUninitialized(training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM,
                dataType, new long[]{n, layerConf().getHiddenWidth()}, 'c');
        x.mmuli(getParam(IN_WEIGHT_KEY), hidden);
        Transforms.relu(hidden.addiRowVector(getParam(IN_BIAS_KEY)), false);

        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[]{n, layerConf().getNOut()}, 'c');
        hidden.mmuli(getParam(OUT_WEIGHT_KEY), out);
        out.addiRowVector(getParam(OUT_BIAS_KEY)).addi(x);
        if (!training) {
            hidden = null;
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (hidden == null) {
            throw new IllegalStateException("ResidualMlp " + layerId()
                    + ": backprop without its forward pass, expected activate(training = true) first");
        }
        INDArray x = checkedInput();
        INDArray g = epsilon.castTo(dataType);

        Nd4j.gemm(hidden, g, gradientViews.get(OUT_WEIGHT_KEY), true, false, 1.0, 0.0);
        g.sum(gradientViews.get(OUT_BIAS_KEY), 0);
        INDArray dHidden = g.mmul(getParam(OUT_WEIGHT_KEY).transpose());
        // relu'(pre) is 1 exactly where the cached relu(pre) is positive.
        Nd4j.exec(new RectifiedLinearDerivative(hidden, dHidden, dHidden));
        Nd4j.gemm(x, dHidden, gradientViews.get(IN_WEIGHT_KEY), true, false, 1.0, 0.0);
        dHidden.sum(gradientViews.get(IN_BIAS_KEY), 0);

        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        dHidden.mmuli(getParam(IN_WEIGHT_KEY).transpose(), dx);
        dx.addi(g);

        Gradient gradient = new DefaultGradient();
        for (String key : new String[]{IN_WEIGHT_KEY, IN_BIAS_KEY, OUT_WEIGHT_KEY, OUT_BIAS_KEY}) {
            gradient.gradientForVariable().put(key, gradientViews.get(key));
        }
        hidden = null;
        return new Pair<>(gradient, dx);
    }

    private INDArray checkedInput() {
        if (input.rank() != 2 || input.size(1) != layerConf().getNIn()) {
            throw new DL4JInvalidInputException("ResidualMlp " + layerId() + ": input shape "
                    + Arrays.toString(input.shape()) + ", expected [N, " + layerConf().getNIn() + "]");
        }
        return input.castTo(dataType);
    }

    @Override
    public void clear() {
        super.clear();
        hidden = null;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }
}
