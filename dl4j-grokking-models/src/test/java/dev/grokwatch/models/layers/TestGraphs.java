package dev.grokwatch.models.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.ArrayList;
import java.util.Random;

/** Small double-precision graphs, inputs and labels for the layer tests. */
public final class TestGraphs {

    private TestGraphs() {
    }

    /** Double precision, N(0, 1/fan_in) weights, no updates: what GradientCheckUtil requires. */
    public static NeuralNetConfiguration.Builder network(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .weightInit(WeightInit.NORMAL).updater(new NoOp());
    }

    public static ComputationGraph init(ComputationGraphConfiguration conf) {
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /** The same configuration with no updater and no regularization, for GradientCheckUtil. */
    public static ComputationGraphConfiguration withoutUpdates(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration copy = conf.clone();
        for (GraphVertex vertex : copy.getVertices().values()) {
            if (vertex instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer layer) {
                layer.setIUpdater(new NoOp());
                layer.setBiasUpdater(null);
                layer.setRegularization(new ArrayList<>());
                layer.setRegularizationBias(new ArrayList<>());
            }
        }
        return copy;
    }

    /** DL4J's gradient check over every parameter, with the tolerances DL4J's own layer tests use. */
    public static boolean gradientsMatch(ComputationGraph graph, INDArray input, INDArray labels) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(new INDArray[]{input}).labels(new INDArray[]{labels})
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
    }

    /** {@code [n, columns]} random token indices in {@code [0, vocabulary)}. */
    public static INDArray tokens(Random random, int n, int columns, int vocabulary) {
        double[][] rows = new double[n][columns];
        for (double[] row : rows) {
            for (int j = 0; j < columns; j++) {
                row[j] = random.nextInt(vocabulary);
            }
        }
        return Nd4j.create(rows);
    }

    /** {@code [n, classes]} one-hot labels of random classes. */
    public static INDArray labels(Random random, int n, int classes) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, n, classes);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, random.nextInt(classes), 1.0);
        }
        return labels;
    }

    /** {@code [n, columns]} standard normal features. */
    public static INDArray features(Random random, int n, int columns) {
        double[][] rows = new double[n][columns];
        for (double[] row : rows) {
            for (int j = 0; j < columns; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return Nd4j.create(rows);
    }
}
