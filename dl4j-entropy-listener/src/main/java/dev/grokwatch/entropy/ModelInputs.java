package dev.grokwatch.entropy;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks that features arrays fit a model's inputs: against the training minibatch, and the width check
 * of an input that feeds a dense or output layer directly, which each {@link ModelAdapter} applies to
 * the inputs of its model.
 */
final class ModelInputs {

    private ModelInputs() {
    }

    /**
     * Checks that features have the per-example shape of the training minibatch, input by input: the
     * training data is the truth a configuration cannot always give (two inputs in swapped order whose
     * widths add up the same after a merge pass every forward pass). Sequences (rank 3) may differ in
     * length and are left to the forward pass.
     *
     * @param training the model's inputs during its first training step (null entries: unknown)
     * @throws IllegalArgumentException naming the input, both shapes and what was expected
     */
    static void checkLikeTraining(INDArray[] training, INDArray[] features, String what) {
        if (training == null || training.length != features.length) {
            return;
        }
        for (int i = 0; i < features.length; i++) {
            INDArray t = training[i];
            INDArray f = features[i];
            if (t == null || t.rank() == 3 || f.rank() == 3) {
                continue;
            }
            long[] trainingShape = java.util.Arrays.copyOfRange(t.shape(), 1, t.rank());
            long[] shape = java.util.Arrays.copyOfRange(f.shape(), 1, f.rank());
            if (!java.util.Arrays.equals(trainingShape, shape)) {
                throw new IllegalArgumentException(what + " features for input " + i + " have examples of shape "
                        + java.util.Arrays.toString(shape) + " but the training data's are "
                        + java.util.Arrays.toString(trainingShape) + "; expected the training data's shape, input"
                        + " by input in the model's input order");
            }
        }
    }

    /**
     * Features that feed {@code layer} directly must be as wide as its {@code nIn}: dense and output layers
     * read raw columns; embeddings and convolutions read other layouts, and a preprocessor reshapes first.
     *
     * @throws IllegalArgumentException "{given} {columns} columns; {expects} nIn = {nIn}"
     */
    static void checkWidth(Layer layer, boolean plainInput, INDArray features, String given, String expects) {
        if (!plainInput || features.rank() != 2 || !(layer instanceof DenseLayer || layer instanceof BaseOutputLayer)) {
            return;
        }
        long nIn = ((FeedForwardLayer) layer).getNIn();
        if (nIn > 0 && features.columns() != nIn) {
            throw new IllegalArgumentException(given + features.columns() + " columns; " + expects + " nIn = " + nIn);
        }
    }
}
