package dev.grokwatch.models.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * Re-draws every parameter of an initialised graph from Java's {@link SplittableRandom}, in one of two
 * schemes: {@link #apply} the distributions the layers declare (weights {@code N(0, 1/fan_in)}, biases
 * their bias value), {@link #applyPyTorchDefaults} PyTorch's defaults.
 *
 * <p>Why: ND4J 1.0.0-M2.1's CPU random generator does not reliably restart after
 * {@code Nd4j.getRandom().setSeed} (deeplearning4j issue 5083), so two models built with the same
 * seed differ. Each parameter block gets its own stream, seeded from the model seed and the block's
 * name, so the same seed gives the same model on every machine and every backend, whatever else
 * used ND4J's generator before.
 */
public final class SeededInitialisation {

    /** Prefix of the PyTorch scheme's stream names, so that its draws are independent of the declared scheme's. */
    private static final String PYTORCH_STREAMS = "pytorch/";

    private SeededInitialisation() {
    }

    /** The layers' declared distributions: weights {@code N(0, 1/fan_in)}, biases the layer's bias value. */
    public static void apply(ComputationGraph graph, long seed) {
        for (Layer layer : graph.getLayers()) {
            if (!(layer.conf().getLayer() instanceof BaseLayer conf)) {
                continue;
            }
            ParamInitializer initializer = conf.initializer();
            for (Map.Entry<String, INDArray> e : layer.paramTable().entrySet()) {
                INDArray param = e.getValue();
                if (initializer.isBiasParam(conf, e.getKey())) {
                    param.assign(Double.isNaN(conf.getBiasInit()) ? 0.0 : conf.getBiasInit());
                    continue;
                }
                double fanIn = initializer instanceof LayoutParamInitializer layout
                        ? layout.fanIn(conf, e.getKey())
                        : param.size(0); // DL4J's dense and output layers: W is [nIn, nOut]
                double std = 1.0 / Math.sqrt(fanIn);
                SplittableRandom random = stream(seed, conf.getLayerName() + "/" + e.getKey());
                fill(param, () -> std * random.nextGaussian());
            }
        }
    }

    /**
     * PyTorch's defaults: every embedding table ({@link TokenPositionEmbedding}'s token and position tables,
     * {@code nn.Embedding}) {@code N(0, 1)}; every weight and bias of a linear map ({@code nn.Linear}: the
     * attention's projections, the residual MLP, DL4J's {@code DenseLayer} and output layers)
     * {@code U(−1/√fan_in, 1/√fan_in)}, fan_in the map's input width.
     *
     * @throws IllegalArgumentException naming the layer, when the graph holds a layer or parameter outside
     *                                  those (its PyTorch counterpart would be a guess)
     */
    public static void applyPyTorchDefaults(ComputationGraph graph, long seed) {
        for (Layer layer : graph.getLayers()) {
            if (!(layer.conf().getLayer() instanceof BaseLayer conf)) {
                continue;
            }
            for (Map.Entry<String, INDArray> e : layer.paramTable().entrySet()) {
                SplittableRandom random = stream(seed, PYTORCH_STREAMS + conf.getLayerName() + "/" + e.getKey());
                if (conf instanceof TokenPositionEmbedding) {
                    fill(e.getValue(), random::nextGaussian);
                } else {
                    double bound = 1.0 / Math.sqrt(linearFanIn(conf, e.getKey()));
                    fill(e.getValue(), () -> random.nextDouble(-bound, bound));
                }
            }
        }
    }

    /** The input width of the linear map that parameter {@code key} of {@code conf} belongs to. */
    private static double linearFanIn(BaseLayer conf, String key) {
        ParamInitializer initializer = conf.initializer();
        if (initializer instanceof LayoutParamInitializer layout) {
            return layout.fanIn(conf, key);
        }
        boolean linear = (conf instanceof DenseLayer || conf instanceof BaseOutputLayer)
                && List.of(DefaultParamInitializer.WEIGHT_KEY, DefaultParamInitializer.BIAS_KEY).contains(key);
        if (!linear) {
            throw new IllegalArgumentException("layer '" + conf.getLayerName() + "' (" + conf.getClass().getSimpleName()
                    + ") parameter '" + key + "' has no PyTorch default here; expected the layers of GrokTransformer"
                    + " and GrokMlp (token and position embeddings, attention, residual MLP, dense and output layers)");
        }
        return ((FeedForwardLayer) conf).getNIn();
    }

    private static SplittableRandom stream(long seed, String block) {
        long h = 1125899906842597L;
        for (byte b : block.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return new SplittableRandom(seed ^ (h * 0x9E3779B97F4A7C15L));
    }

    private static void fill(INDArray param, DoubleSupplier draw) {
        double[] values = new double[Math.toIntExact(param.length())];
        for (int i = 0; i < values.length; i++) {
            values[i] = draw.getAsDouble();
        }
        param.assign(Nd4j.create(values, param.shape(), 'c').castTo(param.dataType()));
    }
}
