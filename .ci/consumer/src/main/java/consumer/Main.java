package consumer;

import dev.grokwatch.entropy.SpectralEntropyListener;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Trains a small MultiLayerNetwork with the listener attached and prints what it recorded. */
public final class Main {
    public static void main(String[] args) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-2))
                .list()
                .layer(new DenseLayer.Builder().nIn(8).nOut(16).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        INDArray features = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 256, 8);
        INDArray labels = Nd4j.zeros(256, 3);
        for (int i = 0; i < 256; i++) {
            labels.putScalar(i, i % 3, 1.0);
        }
        DataSet data = new DataSet(features, labels);

        SpectralEntropyListener entropy = SpectralEntropyListener.builder()
                .probe(features).layer(0).everyNIterations(10).evaluateOn(data).trainAccuracyOn(data).build();
        net.addListeners(entropy);
        for (int i = 0; i < 30; i++) {
            net.fit(data);
        }
        if (entropy.history().size() != 3) {
            throw new IllegalStateException("expected 3 evaluations, got " + entropy.history().size());
        }
        System.out.println("consumer OK: " + entropy.history().size() + " evaluations, last H̃ = "
                + entropy.latest().orElseThrow().normalisedEntropy());
    }
}
