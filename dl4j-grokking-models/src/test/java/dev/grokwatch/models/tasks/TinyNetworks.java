package dev.grokwatch.models.tasks;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Small DL4J models for the tests: fast to build, with outputs known in advance where needed. */
final class TinyNetworks {

    private TinyNetworks() {
    }

    /** Token embedding, mean over the three positions, softmax over the classes: the shape of a grokking model. */
    static MultiLayerNetwork embeddingClassifier(GroupTask task) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1)
                .updater(new Sgd(0.1))
                .list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(task.vocabularySize()).nOut(8).inputLength(3).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(8).nOut(task.numClasses()).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * A linear classifier that always answers "a": score_c = 2c·a − c² = a² − (a − c)², highest at c = a.
     */
    static MultiLayerNetwork predictsFirstOperand(int numClasses) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .list()
                .layer(outputLayer(numClasses))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.setParam("0_W", firstOperandWeights(numClasses));
        net.setParam("0_b", firstOperandBias(numClasses));
        return net;
    }

    /** {@link #predictsFirstOperand} as a one-vertex ComputationGraph. */
    static ComputationGraph predictsFirstOperandGraph(int numClasses) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .graphBuilder()
                .addInputs("tokens")
                .addLayer("out", outputLayer(numClasses), "tokens")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        graph.setParam("out_W", firstOperandWeights(numClasses));
        graph.setParam("out_b", firstOperandBias(numClasses));
        return graph;
    }

    private static OutputLayer outputLayer(int numClasses) {
        return new OutputLayer.Builder(LossFunction.MCXENT).activation(Activation.SOFTMAX).nIn(3).nOut(numClasses).build();
    }

    private static INDArray firstOperandWeights(int numClasses) {
        INDArray w = Nd4j.zeros(DataType.FLOAT, 3, numClasses);
        for (int c = 0; c < numClasses; c++) {
            w.putScalar(0, c, 2 * c);
        }
        return w;
    }

    private static INDArray firstOperandBias(int numClasses) {
        INDArray bias = Nd4j.zeros(DataType.FLOAT, 1, numClasses);
        for (int c = 0; c < numClasses; c++) {
            bias.putScalar(0, c, -c * c);
        }
        return bias;
    }
}
