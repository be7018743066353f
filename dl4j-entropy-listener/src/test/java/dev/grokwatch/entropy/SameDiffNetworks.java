package dev.grokwatch.entropy;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        return mlp(seed, dropout, new long[]{-1, FEATURES}, new long[]{-1, CLASSES});
    }

    /**
     * {@link #mlp(long, boolean)} with the input and label placeholders declared of the given shapes; empty: declared
     * without a shape, as TensorFlow and ONNX imports often declare them ({@code sd.placeHolder(name, type)}).
     */
    static SameDiff mlp(long seed, boolean dropout, long[] inputShape, long[] labelShape) {
        Random random = new Random(seed);
        SameDiff sd = SameDiff.create();
        SDVariable input = sd.placeHolder("input", DataType.FLOAT, inputShape);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, labelShape);
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

    /**
     * Two inputs: "a" [n, 3] and "b" [n, 3] (the blobs' first and last three features), concatenated → 16 ReLU
     * → 16 tanh ("representation") → softmax ("output"); fit places a MultiDataSet's two features arrays in "a"
     * and "b". With {@code gate}, a side variable "gated" = representation × "gate" ([1, 16], ones) that the
     * loss does not read, so training never computes it and the gate gets no gradient: a test can break the
     * probe's forward pass to "gated" by giving the gate another shape.
     */
    static SameDiff twoInputs(long seed, boolean gate) {
        Random random = new Random(seed);
        SameDiff sd = SameDiff.create();
        SDVariable a = sd.placeHolder("a", DataType.FLOAT, -1, FEATURES / 2);
        SDVariable b = sd.placeHolder("b", DataType.FLOAT, -1, FEATURES / 2);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, CLASSES);
        SDVariable input = sd.concat(1, a, b);
        SDVariable hidden = sd.nn.relu(input.mmul(weights(sd, "w0", FEATURES, HIDDEN, random)).add(bias(sd, "b0", HIDDEN)), 0);
        SDVariable representation = sd.math.tanh("representation",
                hidden.mmul(weights(sd, "w1", HIDDEN, HIDDEN, random)).add(bias(sd, "b1", HIDDEN)));
        if (gate) {
            representation.mul("gated", sd.var("gate", Nd4j.ones(DataType.FLOAT, 1, HIDDEN)));
        }
        SDVariable logits = representation.mmul(weights(sd, "w2", HIDDEN, CLASSES, random)).add(bias(sd, "b2", CLASSES));
        sd.nn.softmax("output", logits);
        sd.loss.softmaxCrossEntropy("loss", label, logits, null);
        sd.setLossVariables("loss");
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(1e-2))
                .dataSetFeatureMapping("a", "b").dataSetLabelMapping("label").build());
        return sd;
    }

    /** {@code data}'s features split into the two inputs of {@link #twoInputs}, as one MultiDataSet. */
    static MultiDataSet split(DataSet data) {
        return new MultiDataSet(inputs(data.getFeatures()).values().toArray(INDArray[]::new),
                new INDArray[]{data.getLabels()});
    }

    /** Features [n, 6] as the placeholders of {@link #twoInputs}: "a" the first three columns, "b" the last three. */
    static Map<String, INDArray> inputs(INDArray features) {
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        inputs.put("a", features.get(NDArrayIndex.all(), NDArrayIndex.interval(0, FEATURES / 2)).dup());
        inputs.put("b", features.get(NDArrayIndex.all(), NDArrayIndex.interval(FEATURES / 2, FEATURES)).dup());
        return inputs;
    }

    /** Minibatches of {@link #split} data, in order: {@code batch} rows each. */
    static MultiDataSetIterator splitBatches(DataSet data, int batch) {
        List<MultiDataSet> batches = new ArrayList<>();
        for (int start = 0; start < data.numExamples(); start += batch) {
            int end = Math.min(start + batch, data.numExamples());
            batches.add(split(new DataSet(data.getFeatures().get(NDArrayIndex.interval(start, end), NDArrayIndex.all()),
                    data.getLabels().get(NDArrayIndex.interval(start, end), NDArrayIndex.all()))));
        }
        return new BatchList(batches);
    }

    /** A resettable iterator over a fixed list of batches. */
    private static final class BatchList implements MultiDataSetIterator {
        private final List<MultiDataSet> batches;
        private int next;

        BatchList(List<MultiDataSet> batches) {
            this.batches = batches;
        }

        @Override
        public boolean hasNext() {
            return next < batches.size();
        }

        @Override
        public org.nd4j.linalg.dataset.api.MultiDataSet next() {
            return batches.get(next++);
        }

        @Override
        public org.nd4j.linalg.dataset.api.MultiDataSet next(int num) {
            return next();
        }

        @Override
        public void setPreProcessor(org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor preProcessor) {
            throw new UnsupportedOperationException("no preprocessing of the test batches");
        }

        @Override
        public org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor getPreProcessor() {
            return null;
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void reset() {
            next = 0;
        }
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
