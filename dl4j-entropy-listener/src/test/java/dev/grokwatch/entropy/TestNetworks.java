package dev.grokwatch.entropy;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

/** Small real networks and data the listener tests train. */
final class TestNetworks {

    static final int FEATURES = 6;
    static final int CLASSES = 3;
    static final int HIDDEN = 16;

    private TestNetworks() {
    }

    /** Three Gaussian blobs in 6 dimensions: learnable in a few dozen steps. */
    static DataSet blobs(int n, long seed) {
        Random random = new Random(seed);
        double[][] centres = new double[CLASSES][FEATURES];
        Random centreRandom = new Random(99);
        for (double[] c : centres) {
            for (int j = 0; j < FEATURES; j++) {
                c[j] = 3 * centreRandom.nextGaussian();
            }
        }
        INDArray x = Nd4j.create(DataType.FLOAT, n, FEATURES);
        INDArray y = Nd4j.create(DataType.FLOAT, n, CLASSES);
        for (int i = 0; i < n; i++) {
            int label = i % CLASSES;
            for (int j = 0; j < FEATURES; j++) {
                x.putScalar(i, j, centres[label][j] + random.nextGaussian());
            }
            y.putScalar(i, label, 1);
        }
        return new DataSet(x, y);
    }

    static NeuralNetConfiguration.Builder base(long seed, double weightDecay) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER).weightDecay(weightDecay, true);
    }

    /** input → 16 ReLU → 16 tanh (layer 1, "representation") → softmax. */
    static MultiLayerNetwork mln(long seed, double weightDecay) {
        MultiLayerConfiguration conf = base(seed, weightDecay).list()
                .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(HIDDEN).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().name("representation").nIn(HIDDEN).nOut(HIDDEN)
                        .activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** The same architecture as a ComputationGraph with vertices "hidden", "representation", "out". */
    static ComputationGraph graph(long seed, double weightDecay) {
        ComputationGraphConfiguration conf = base(seed, weightDecay).graphBuilder()
                .addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(FEATURES).nOut(HIDDEN)
                        .activation(Activation.RELU).build(), "in")
                .addLayer("representation", new DenseLayer.Builder().nIn(HIDDEN).nOut(HIDDEN)
                        .activation(Activation.TANH).build(), "hidden")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN)
                        .nOut(CLASSES).activation(Activation.SOFTMAX).build(), "representation")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }
}
