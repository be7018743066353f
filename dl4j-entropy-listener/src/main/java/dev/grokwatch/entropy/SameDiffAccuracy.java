package dev.grokwatch.entropy;

import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.Arrays;
import java.util.Map;

/**
 * Classification accuracy of a SameDiff graph on labelled data: the features go into one placeholder, the
 * output variable is read with {@code sd.output} and scored by ND4J's {@link Evaluation}, the class DL4J's
 * {@code net.evaluate(...)} uses, so the number means the same as the DL4J listener's. Labels masks leave out
 * masked examples as there.
 */
final class SameDiffAccuracy {

    /** Exactly one of the two is set. */
    private final DataSet data;
    private final DataSetIterator iterator;
    private final String role;

    private SameDiffAccuracy(DataSet data, DataSetIterator iterator, String role) {
        this.data = data;
        this.iterator = iterator;
        this.role = role;
    }

    /** @throws IllegalArgumentException when the data set is null or has no labels */
    static SameDiffAccuracy of(DataSet data, String role) {
        if (data == null || data.getFeatures() == null || data.getLabels() == null) {
            throw new IllegalArgumentException("The " + role + " data is null or lacks features or labels;"
                    + " expected a DataSet with both");
        }
        return new SameDiffAccuracy(data, null, role);
    }

    /** @throws IllegalArgumentException when the iterator is null or cannot be reset (it is read at every evaluation) */
    static SameDiffAccuracy of(DataSetIterator iterator, String role) {
        if (iterator == null || !iterator.resetSupported()) {
            throw new IllegalArgumentException("The " + role + " iterator is null or does not support reset();"
                    + " expected one that can be read from the start at every evaluation");
        }
        return new SameDiffAccuracy(null, iterator, role);
    }

    /**
     * The accuracy of {@code output} over the data, the features set into {@code featurePlaceholder}.
     *
     * @throws IllegalArgumentException when a batch's output and labels disagree in shape
     */
    double accuracy(SameDiffModel model, String featurePlaceholder, String output) {
        Evaluation evaluation = new Evaluation();
        if (data != null) {
            score(evaluation, data, model, featurePlaceholder, output);
            return evaluation.accuracy();
        }
        iterator.reset();
        while (iterator.hasNext()) {
            score(evaluation, iterator.next(), model, featurePlaceholder, output);
        }
        iterator.reset();
        return evaluation.accuracy();
    }

    private void score(Evaluation evaluation, DataSet batch, SameDiffModel model, String featurePlaceholder,
                       String output) {
        INDArray predicted = model.output(Map.of(featurePlaceholder, batch.getFeatures()), output);
        if (!Arrays.equals(predicted.shape(), batch.getLabels().shape())) {
            throw new IllegalArgumentException("The " + role + " data's labels have shape "
                    + Arrays.toString(batch.getLabels().shape()) + " but output variable '" + output + "' gives "
                    + Arrays.toString(predicted.shape()) + "; expected labels of the output's shape (one-hot classes)");
        }
        evaluation.eval(batch.getLabels(), predicted, batch.getLabelsMaskArray());
    }
}
