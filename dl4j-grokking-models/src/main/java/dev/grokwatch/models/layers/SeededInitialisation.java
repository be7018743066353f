package dev.grokwatch.models.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Re-draws every parameter of an initialised graph from Java's {@link SplittableRandom}, with the
 * same distributions the layers declare (weights {@code N(0, 1/fan_in)}, biases their bias value).
 *
 * <p>Why: ND4J 1.0.0-M2.1's CPU random generator does not reliably restart after
 * {@code Nd4j.getRandom().setSeed} (deeplearning4j issue 5083), so two models built with the same
 * seed differ. Each parameter block gets its own stream, seeded from the model seed and the block's
 * name, so the same seed gives the same model on every machine and every backend, whatever else
 * used ND4J's generator before.
 */
public final class SeededInitialisation {

    private SeededInitialisation() {
    }

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
                fill(param, 1.0 / Math.sqrt(fanIn), stream(seed, conf.getLayerName() + "/" + e.getKey()));
            }
        }
    }

    private static SplittableRandom stream(long seed, String block) {
        long h = 1125899906842597L;
        for (byte b : block.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return new SplittableRandom(seed ^ (h * 0x9E3779B97F4A7C15L));
    }

    private static void fill(INDArray param, double std, SplittableRandom random) {
        double[] values = new double[Math.toIntExact(param.length())];
        for (int i = 0; i < values.length; i++) {
            values[i] = std * random.nextGaussian();
        }
        param.assign(Nd4j.create(values, param.shape(), 'c').castTo(param.dataType()));
    }
}
