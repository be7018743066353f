package dev.grokwatch.entropy;

import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.adapter.MultiDataSetIteratorAdapter;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Classification accuracy of a SameDiff graph on labelled data: each batch's features go into the graph's
 * placeholders, the output variable is read with {@code sd.output} and scored by ND4J's {@link Evaluation}, the
 * class DL4J's {@code net.evaluate(...)} uses, so the number means the same as the DL4J listener's. Labels masks
 * leave out masked examples as there.
 *
 * <p>Which placeholders the features go into depends on the form of the data: a {@code DataSet}'s into the
 * probe's one placeholder; a {@code MultiDataSet}'s, in order, into those of the graph's {@code TrainingConfig}
 * ({@code dataSetFeatureMapping}, as {@code sd.fit} maps them); a placeholder map's into the placeholders it
 * names. The data carries one labels array: the output variable's classes. {@link #bind} settles the
 * placeholders against the graph before training.
 */
final class SameDiffAccuracy {

    /** Where a batch's features go. */
    private enum Features { PROBE_PLACEHOLDER, FEATURE_MAPPING, NAMED }

    /** Exactly one of the two is set. */
    private final MultiDataSet data;
    private final EvaluationIterator<MultiDataSet> iterator;
    private final Features features;
    /** The placeholders of the features arrays, in order: the map's names, else set by {@link #bind}. */
    private final List<String> placeholders;
    private final String role;

    private SameDiffAccuracy(MultiDataSet data, EvaluationIterator<MultiDataSet> iterator, Features features,
                             List<String> placeholders, String role) {
        this.data = data;
        this.iterator = iterator;
        this.features = features;
        this.placeholders = placeholders;
        this.role = role;
    }

    /** @throws IllegalArgumentException when the data set is null or has no labels */
    static SameDiffAccuracy of(DataSet data, String role) {
        if (data == null || data.getFeatures() == null || data.getLabels() == null) {
            throw new IllegalArgumentException("The " + role + " data is null or lacks features or labels;"
                    + " expected a DataSet with both");
        }
        return new SameDiffAccuracy(data.toMultiDataSet(), null, Features.PROBE_PLACEHOLDER, null, role);
    }

    /**
     * The iterator is read to its end now, where it stays between evaluations ({@link EvaluationIterator}).
     *
     * @throws IllegalArgumentException when the iterator is null or cannot be reset (it is read at every evaluation)
     */
    static SameDiffAccuracy of(DataSetIterator iterator, String role) {
        requireResettable(iterator == null || !iterator.resetSupported(), role);
        return new SameDiffAccuracy(null, evaluationIterator(new MultiDataSetIteratorAdapter(iterator), role),
                Features.PROBE_PLACEHOLDER, null, role);
    }

    /** @throws IllegalArgumentException when the data is null or does not hold exactly one labels array */
    static SameDiffAccuracy of(MultiDataSet data, String role) {
        if (data == null || data.getFeatures() == null || data.numFeatureArrays() == 0) {
            throw new IllegalArgumentException("The " + role + " data is null or has no features; expected a"
                    + " MultiDataSet with one features array per input placeholder and one labels array");
        }
        checkOneLabelsArray(data, role);
        return new SameDiffAccuracy(data, null, Features.FEATURE_MAPPING, null, role);
    }

    /**
     * As {@link #of(DataSetIterator, String)}.
     *
     * @throws IllegalArgumentException when the iterator is null or cannot be reset (it is read at every evaluation)
     */
    static SameDiffAccuracy of(MultiDataSetIterator iterator, String role) {
        requireResettable(iterator == null || !iterator.resetSupported(), role);
        return new SameDiffAccuracy(null, evaluationIterator(iterator, role), Features.FEATURE_MAPPING, null, role);
    }

    private static EvaluationIterator<MultiDataSet> evaluationIterator(MultiDataSetIterator iterator, String role) {
        return new EvaluationIterator<>(iterator, iterator::reset, role);
    }

    /**
     * @param features one array per placeholder, each {@code [n, ...]}
     * @param labels   the output variable's classes {@code [n, classes]}
     * @throws IllegalArgumentException when the map is empty, an array is null or the n differ
     */
    static SameDiffAccuracy of(Map<String, INDArray> features, INDArray labels, String role) {
        if (features == null || features.isEmpty() || labels == null) {
            throw new IllegalArgumentException("The " + role + " data has no features or no labels; expected one"
                    + " features array per input placeholder and the labels [n, classes]");
        }
        List<String> names = new ArrayList<>();
        List<INDArray> arrays = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : features.entrySet()) {
            if (e.getValue() == null || e.getValue().rank() < 1 || e.getValue().size(0) != labels.size(0)) {
                throw new IllegalArgumentException("The " + role + " features for placeholder '" + e.getKey() + "' are "
                        + (e.getValue() == null ? "null" : "of shape " + Arrays.toString(e.getValue().shape()))
                        + "; expected " + labels.size(0) + " examples along dimension 0, as the labels "
                        + Arrays.toString(labels.shape()));
            }
            names.add(e.getKey());
            arrays.add(e.getValue());
        }
        MultiDataSet data = new org.nd4j.linalg.dataset.MultiDataSet(arrays.toArray(INDArray[]::new), new INDArray[]{labels});
        return new SameDiffAccuracy(data, null, Features.NAMED, List.copyOf(names), role);
    }

    private static void requireResettable(boolean refused, String role) {
        if (refused) {
            throw new IllegalArgumentException("The " + role + " iterator is null or does not support reset();"
                    + " expected one that can be read from the start at every evaluation");
        }
    }

    private static void checkOneLabelsArray(MultiDataSet batch, String role) {
        if (batch.numLabelsArrays() != 1) {
            throw new IllegalArgumentException("The " + role + " data has " + batch.numLabelsArrays() + " labels"
                    + " arrays; expected one, the output variable's classes (for a graph with several outputs,"
                    + " give the features and the labels of the output variable as a placeholder map and labels)");
        }
    }

    /**
     * This accuracy with the placeholders its features go into settled against the graph: checked before training.
     *
     * @param probePlaceholders the probe's placeholders, where a {@code DataSet}'s features go when there is one
     * @param output            the output variable accuracy reads, which must be computed from those placeholders
     * @throws IllegalArgumentException when the placeholders cannot be told (a {@code DataSet} for a probe of
     *                                  several placeholders; a {@code MultiDataSet} without the graph's
     *                                  {@code TrainingConfig} or with another number of features arrays) or are
     *                                  not the graph's, or when the output variable needs other placeholders (the
     *                                  loss, which reads the labels) or none of them (a weight)
     */
    SameDiffAccuracy bind(SameDiffModel model, Set<String> probePlaceholders, String output) {
        List<String> bound = switch (features) {
            case NAMED -> placeholders;
            case PROBE_PLACEHOLDER -> {
                if (probePlaceholders.size() != 1) {
                    throw new IllegalArgumentException("The " + role + " data is a DataSet, one features array, for"
                            + " a probe of " + probePlaceholders.size() + " placeholders " + probePlaceholders
                            + "; expected a MultiDataSet (features in the order of the TrainingConfig's"
                            + " dataSetFeatureMapping) or a placeholder map with its labels");
                }
                yield List.copyOf(probePlaceholders);
            }
            case FEATURE_MAPPING -> {
                List<String> mapping = model.featureMapping();
                if (mapping.isEmpty()) {
                    throw new IllegalArgumentException("The " + role + " data is a MultiDataSet, whose features go"
                            + " into the placeholders of the graph's TrainingConfig (dataSetFeatureMapping), but the"
                            + " graph has none; expected sd.setTrainingConfig(...) before build(), or a placeholder"
                            + " map with its labels");
                }
                yield mapping;
            }
        };
        bound.forEach(placeholder -> model.checkVariable(placeholder, "a placeholder of the " + role + " data"));
        model.checkComputedFrom(output, bound, "output variable for accuracy", "the " + role + " data's features go into",
                "the class probabilities (or scores) [n, classes] computed from the inputs, e.g. the softmax, not the"
                        + " loss");
        return new SameDiffAccuracy(data, iterator, features, bound, role);
    }

    /**
     * The accuracy of {@code output} over the data; {@link #bind} first.
     *
     * @throws IllegalArgumentException when a batch does not fit: another number of features arrays than
     *                                  placeholders, not one labels array, or labels of another shape than the output
     */
    double accuracy(SameDiffModel model, String output) {
        if (placeholders == null) {
            throw new IllegalStateException("The " + role + " data's placeholders are not settled; expected bind()"
                    + " at the listener's build()");
        }
        Evaluation evaluation = new Evaluation();
        if (data != null) {
            score(evaluation, data, model, output);
            return evaluation.accuracy();
        }
        Iterator<MultiDataSet> batches = iterator.fromStart();
        try {
            while (batches.hasNext()) {
                score(evaluation, batches.next(), model, output);
            }
        } finally {
            iterator.leaveAtEnd();
        }
        return evaluation.accuracy();
    }

    /**
     * Refuses data from the iterator the fit trains on, part-way through during an epoch
     * ({@link EvaluationIterator#refusePartWay}).
     *
     * @param when where training stands, for the message
     * @throws IllegalStateException naming the iterator's role and what was expected
     */
    void refuseTrainingIterator(String when) {
        if (iterator != null) {
            iterator.refusePartWay(when);
        }
    }

    private void score(Evaluation evaluation, MultiDataSet batch, SameDiffModel model, String output) {
        if (batch.numFeatureArrays() != placeholders.size()) {
            throw new IllegalArgumentException("The " + role + " data has " + batch.numFeatureArrays() + " features"
                    + " arrays; expected " + placeholders.size() + ", one per placeholder " + placeholders);
        }
        checkOneLabelsArray(batch, role);
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        for (int i = 0; i < placeholders.size(); i++) {
            inputs.put(placeholders.get(i), batch.getFeatures(i));
        }
        model.checkPlaceholders(inputs, role + " data");
        INDArray predicted = model.output(inputs, output);
        INDArray labels = batch.getLabels(0);
        long n = batch.getFeatures(0).size(0);
        if (predicted.rank() != 2 || predicted.size(0) != n) {
            throw new IllegalArgumentException("Output variable '" + output + "' has shape "
                    + Arrays.toString(predicted.shape()) + " on a batch of n = " + n + " of the " + role + " data;"
                    + " expected [n, classes] = [" + n + ", classes], the class probabilities (or scores) of each"
                    + " example (the labels: " + Arrays.toString(labels.shape()) + ")");
        }
        if (!Arrays.equals(predicted.shape(), labels.shape())) {
            throw new IllegalArgumentException("The " + role + " data's labels have shape "
                    + Arrays.toString(labels.shape()) + " but output variable '" + output + "' gives "
                    + Arrays.toString(predicted.shape()) + "; expected labels of the output's shape (one-hot classes)");
        }
        evaluation.eval(labels, predicted, batch.getLabelsMaskArray(0));
    }
}
