package dev.grokwatch.examples.demo;

import dev.grokwatch.examples.run.NativeThreads;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.SpectralEntropyListener;
import dev.grokwatch.models.tasks.GroupDataset;
import dev.grokwatch.models.tasks.GroupTask;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Locale;

/**
 * The spectral-entropy listener on your own {@code MultiLayerNetwork}: an ordinary DL4J MLP learning
 * {@code (a + b) mod 23} from one-hot inputs, full batch, with H̃ of its second hidden layer printed
 * as it trains.
 *
 * <pre>java -cp examples/target/grokwatch.jar dev.grokwatch.examples.demo.QuickStart [steps, default 3000]</pre>
 */
public final class QuickStart {

    static final int P = 23;

    private QuickStart() {
    }

    public static void main(String[] args) {
        int steps = StepsArgument.parse(args, 3_000, "QuickStart");
        // One native thread (unless OMP_NUM_THREADS says otherwise): the fastest for a model this small.
        NativeThreads.applyDefault();
        // Your data: any DataSet. Here half of all pairs (a, b) for training, a and b one-hot side by side.
        GroupDataset pairs = GroupDataset.split(GroupTask.modularAddition(P), 0.5, 0);
        DataSet train = oneHot(pairs.trainDataSet());
        DataSet test = oneHot(pairs.testDataSet());

        // Your model: any MultiLayerNetwork. AdamW = Adam + decoupled weight decay.
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(0).updater(new Adam(1e-3)).weightDecay(1.0).list()
                .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(P)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(2 * P)).build());
        net.init();

        // The listener: H̃ of layer 1 (128 wide) on the 264 training inputs, every 100 steps.
        SpectralEntropyListener entropy = SpectralEntropyListener.builder()
                .probe(train.getFeatures())
                .layer(1)
                .everyNIterations(Math.min(100, steps))
                .evaluateOn(test)
                .trainAccuracyOn(train)
                .onEvent(event -> System.out.println("  event: " + event))
                .build();
        net.addListeners(entropy);

        System.out.println("step    H̃       train  test   phase");
        for (int step = 1; step <= steps; step++) {
            net.fit(train);
            if (step % entropy.everyNIterations() == 0) {
                EntropyRecord r = entropy.latest().orElseThrow();
                System.out.printf(Locale.ROOT, "%5d  %.4f  %.3f  %.3f  %s%n", r.step(), r.normalisedEntropy(),
                        r.trainAccuracy(), r.testAccuracy(), r.phase().label());
            }
        }
    }

    /** Token indices [N, 3] of (a, b, =) as [N, 2p]: a one-hot, then b one-hot. */
    static DataSet oneHot(DataSet tokens) {
        INDArray in = tokens.getFeatures();
        INDArray x = Nd4j.zeros(DataType.FLOAT, in.rows(), 2 * P);
        for (int i = 0; i < in.rows(); i++) {
            x.putScalar(i, in.getInt(i, 0), 1f);
            x.putScalar(i, P + in.getInt(i, 1), 1f);
        }
        return new DataSet(x, tokens.getLabels());
    }
}
