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
        hidden = workspaceMgr.createUninitialized(training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM,
                dataType, new long[]{x.size(0), layerConf().getHiddenWidth()}, 'c');
        Gemm.into(hidden, x, false, getParam(IN_WEIGHT_KEY), false, 0.0);
        Transforms.relu(hidden.addiRowVector(getParam(IN_BIAS_KEY)), false);

        INDArray out = workspaceMgr.dup(ArrayType.ACTIVATIONS, x, 'c');
        Gemm.into(out, hidden, false, getParam(OUT_WEIGHT_KEY), false, 1.0).addiRowVector(getParam(OUT_BIAS_KEY));
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

        Gemm.into(gradientViews.get(OUT_WEIGHT_KEY), hidden, true, g, false, 0.0);
        g.sum(gradientViews.get(OUT_BIAS_KEY), 0);
        INDArray dHidden = Gemm.product(g, false, getParam(OUT_WEIGHT_KEY), true);
        // relu'(pre) is 1 exactly where the cached relu(pre) is positive.
        Nd4j.exec(new RectifiedLinearDerivative(hidden, dHidden, dHidden));
        Gemm.into(gradientViews.get(IN_WEIGHT_KEY), x, true, dHidden, false, 0.0);
        dHidden.sum(gradientViews.get(IN_BIAS_KEY), 0);

        INDArray dx = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, g, 'c');
        Gemm.into(dx, dHidden, false, getParam(IN_WEIGHT_KEY), true, 1.0);

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
