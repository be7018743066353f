package dev.grokwatch.entropy;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Random;

import static dev.grokwatch.entropy.TestNetworks.CLASSES;
import static dev.grokwatch.entropy.TestNetworks.FEATURES;
import static dev.grokwatch.entropy.TestNetworks.HIDDEN;

/** Small real SameDiff graphs the SameDiff listener tests train, on {@link TestNetworks#blobs}. */
final class SameDiffNetworks {

    private SameDiffNetworks() {
    }

    /**
     * input [n, 6] → 16 ReLU → 16 tanh ("representation") → softmax ("output"), softmax cross-entropy loss,
     * Adam 1e-2; weights drawn from {@code seed}. With {@code dropout}, the hidden ReLU layer is dropped out
     * (retain 0.8) before the representation; "hidden" is the ReLU layer before it.
     */
    static SameDiff mlp(long seed, boolean dropout) {
        Random random = new Random(seed);
        SameDiff sd = SameDiff.create();
        SDVariable input = sd.placeHolder("input", DataType.FLOAT, -1, FEATURES);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, CLASSES);
        SDVariable hidden = sd.nn.relu("hidden", input.mmul(weights(sd, "w0", FEATURES, HIDDEN, random)).add(bias(sd, "b0", HIDDEN)), 0);
        if (dropout) {
            hidden = sd.nn.dropout(hidden, 0.8);
        }
        SDVariable representation = sd.math.tanh("representation",
                hidden.mmul(weights(sd, "w1", HIDDEN, HIDDEN, random)).add(bias(sd, "b1", HIDDEN)));
        SDVariable logits = representation.mmul(weights(sd, "w2", HIDDEN, CLASSES, random)).add(bias(sd, "b2", CLASSES));
        sd.nn.softmax("output", logits);
        sd.loss.softmaxCrossEntropy("loss", label, logits, null);
        sd.setLossVariables("loss");
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(1e-2))
                .dataSetFeatureMapping("input").dataSetLabelMapping("label").build());
        return sd;
    }

    /**
     * A sequence model: input [n, T, 6] → per-step 16 tanh ("steps", [n, T, 16]) → mean over time
     * ("representation", [n, 16]) → softmax ("output").
     */
    static SameDiff sequence(long seed, int timeSteps) {
        Random random = new Random(seed);
        SameDiff sd = SameDiff.create();
        SDVariable input = sd.placeHolder("input", DataType.FLOAT, -1, timeSteps, FEATURES);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, CLASSES);
        SDVariable flat = input.reshape(sd.constant(Nd4j.createFromArray(-1L, FEATURES)));
        SDVariable perStep = sd.math.tanh(flat.mmul(weights(sd, "w0", FEATURES, HIDDEN, random)).add(bias(sd, "b0", HIDDEN)));
        SDVariable steps = sd.reshape("steps", perStep, sd.constant(Nd4j.createFromArray(-1L, timeSteps, HIDDEN)));
        SDVariable representation = sd.mean("representation", steps, 1);
        SDVariable logits = representation.mmul(weights(sd, "w1", HIDDEN, CLASSES, random)).add(bias(sd, "b1", CLASSES));
        sd.nn.softmax("output", logits);
        sd.loss.softmaxCrossEntropy("loss", label, logits, null);
        sd.setLossVariables("loss");
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(1e-2))
                .dataSetFeatureMapping("input").dataSetLabelMapping("label").build());
        return sd;
    }

    /** Blobs as sequences: each example's features repeated over T steps with noise, [n, T, 6]. */
    static DataSet sequenceBlobs(int n, int timeSteps, long seed) {
        DataSet flat = TestNetworks.blobs(n, seed);
        Random random = new Random(seed + 1);
        INDArray x = Nd4j.create(DataType.FLOAT, n, timeSteps, FEATURES);
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < timeSteps; t++) {
                for (int j = 0; j < FEATURES; j++) {
                    x.putScalar(new long[]{i, t, j}, flat.getFeatures().getDouble(i, j) + 0.5 * random.nextGaussian());
                }
            }
        }
        return new DataSet(x, flat.getLabels());
    }

    /** Minibatches of {@code batch} examples, in order. */
    static DataSetIterator batches(DataSet data, int batch) {
        return new ViewIterator(data, batch);
    }

    private static SDVariable weights(SameDiff sd, String name, int in, int out, Random random) {
        INDArray w = Nd4j.create(DataType.FLOAT, in, out);
        double scale = Math.sqrt(2.0 / (in + out));
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                w.putScalar(i, j, scale * random.nextGaussian());
            }
        }
        return sd.var(name, w);
    }

    private static SDVariable bias(SameDiff sd, String name, int size) {
        return sd.var(name, Nd4j.zeros(DataType.FLOAT, 1, size));
    }
}
