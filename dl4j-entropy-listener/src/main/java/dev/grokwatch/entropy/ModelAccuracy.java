package dev.grokwatch.entropy;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.common.primitives.Triple;
import org.nd4j.evaluation.BaseEvaluation;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Classification accuracy of a model on fixed data (test accuracy for the grokking step, training
 * accuracy for the memorisation step), in inference mode: the number DL4J's {@link Evaluation} gives
 * ({@code net.evaluate(...)}), with features masks applied in the forward pass and labels masks
 * leaving out masked examples or time steps. Two differences, both deliberate: outputs with NaN or
 * infinite values give NaN (a diverged model has no accuracy; DL4J's {@code Evaluation} throws, which
 * would cost the evaluation), and channels-last outputs (an {@code RnnOutputLayer} in NWC) are read
 * with classes along the channel axis, where DL4J's default axis would read time steps as classes.
 *
 * <p>Data may be a {@link DataSet} or {@link MultiDataSet}, or an iterator of either. A DataSet carries
 * the labels of the evaluated output; a MultiDataSet carries one labels array per graph output. Fixed
 * data travels with a serialised listener; an iterator is transient (iterators are generally not
 * serialisable) and must be given again after deserialisation.
 */
final class ModelAccuracy implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int BATCH = 1024;

    private final String what;
    private final DataSet data;
    private final MultiDataSet multiData;
    /** Either iterator, read as batches; null for fixed data and after Java deserialisation. */
    private final transient EvaluationIterator<Batch> iterator;

    private ModelAccuracy(String what, DataSet data, MultiDataSet multiData, EvaluationIterator<Batch> iterator) {
        this.what = what;
        this.data = data;
        this.multiData = multiData;
        this.iterator = iterator;
    }

    static ModelAccuracy of(DataSet data, String what) {
        if (data == null || data.getFeatures() == null || data.getLabels() == null || data.numExamples() == 0) {
            throw new IllegalArgumentException(what + " data is null or empty; expected a DataSet with features and labels");
        }
        return new ModelAccuracy(what, data, null, null);
    }

    static ModelAccuracy of(MultiDataSet data, String what) {
        if (data == null || data.getFeatures() == null || data.getLabels() == null || data.getFeatures().length == 0
                || data.getFeatures(0) == null || data.getFeatures(0).size(0) == 0
                || Arrays.stream(data.getLabels()).anyMatch(l -> l == null)) {
            throw new IllegalArgumentException(what + " data is null or empty; expected a MultiDataSet with features"
                    + " and one labels array per graph output");
        }
        return new ModelAccuracy(what, null, data, null);
    }

    /** The iterator is read to its end now: between evaluations it stays there ({@link EvaluationIterator}). */
    static ModelAccuracy of(DataSetIterator iterator, String what) {
        requireResettable(iterator == null, iterator != null && iterator.resetSupported(), "DataSetIterator", what);
        return new ModelAccuracy(what, null, null, new EvaluationIterator<>(mapped(iterator, Batch::of),
                iterator::reset, what));
    }

    /** As {@link #of(DataSetIterator, String)}. */
    static ModelAccuracy of(MultiDataSetIterator iterator, String what) {
        requireResettable(iterator == null, iterator != null && iterator.resetSupported(), "MultiDataSetIterator", what);
        return new ModelAccuracy(what, null, null, new EvaluationIterator<>(mapped(iterator, Batch::of),
                iterator::reset, what));
    }

    /** An iterator is read at every evaluation: one that cannot be reset would leave all but the first empty. */
    private static void requireResettable(boolean isNull, boolean resettable, String type, String what) {
        if (isNull) {
            throw new IllegalArgumentException(what + " iterator is null; expected a " + type + " with labels");
        }
        if (!resettable) {
            throw new IllegalArgumentException(what + " iterator does not support reset(); expected a resettable "
                    + type + ", since every evaluation reads it from the start (or pass the data as a DataSet)");
        }
    }

    /**
     * Checks before training, with a forward pass of every batch (the cost of one evaluation), that the
     * data fits the model: the model's outputs (and the chosen one), the number of features and labels
     * arrays, finite features of the right widths, no evaluated empty sequence, and labels (and labels
     * masks) of the shape of the chosen output's predictions.
     *
     * @param outputIndex the graph output whose predictions define accuracy; null when not chosen
     * @throws IllegalArgumentException naming what was wrong and what was expected
     */
    void check(ModelAdapter model, Integer outputIndex) {
        int output = model.evaluationOutput(outputIndex);
        Iterator<Batch> batches = batches();
        if (batches == null) {
            return; // an iterator lost in serialisation: nothing to check, nothing will be recorded
        }
        if (!batches.hasNext()) {
            throw new IllegalArgumentException(what + " iterator is empty; expected at least one batch with labels");
        }
        // Every batch, not a sample: a batch that fails later would cost every evaluation of the run.
        boolean anyLabelEvaluated = false;
        try {
            for (int index = 0; batches.hasNext(); index++) {
                anyLabelEvaluated |= checkBatch(model, batches.next(), output, index);
            }
        } finally {
            leaveIteratorAtEnd();
        }
        if (!anyLabelEvaluated && (data != null || multiData != null)) {
            throw new IllegalArgumentException(what + " labels mask is all zeros: no example or time step is"
                    + " evaluated; expected at least one unmasked label");
        }
    }

    /** The checks of {@link #check} on one batch; true when the batch evaluates at least one label. */
    private boolean checkBatch(ModelAdapter model, Batch batch, int output, int index) {
        String where = index == 0 ? "" : " (batch " + index + ")";
        int outputs = model.outputCount();
        if (batch.forOneOutput() && model.inputCount() != 1) { // only a graph has more than one input
            throw new IllegalArgumentException(what + " data is a DataSet (one features array); the graph has "
                    + model.inputCount() + " inputs " + model.inputNames()
                    + ": expected a MultiDataSet with one features array per input");
        }
        if (!batch.forOneOutput() && batch.labels().length != outputs) {
            throw new IllegalArgumentException(what + " data" + where + " has " + batch.labels().length
                    + " labels array(s); the model has " + outputs + " output(s)" + model.outputNames()
                    + ": expected one labels array per output (or a DataSet carrying the labels of the evaluated output)");
        }
        checkMaskCount(batch.featureMasks(), batch.features().length, "features");
        checkMaskCount(batch.labelMasks(), batch.labels().length, "labels");
        for (int input = 0; input < batch.features().length; input++) {
            if (!Double.isFinite(batch.features()[input].castTo(DataType.DOUBLE).sumNumber().doubleValue())) {
                throw new IllegalArgumentException(what + " features for input " + input + where + " hold NaN or"
                        + " infinite values; expected finite data (a NaN accuracy would read as a diverged model)");
            }
        }
        model.checkFeatures(batch.features(), what);
        checkNoEmptySequence(batch, output);
        Prediction p;
        try {
            p = predict(model, batch, output);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The " + what + " data" + where + " does not fit the model: the forward"
                    + " pass of features " + shapes(batch.features()) + (batch.labelMask(output) == null ? ""
                    : " with labels mask " + Arrays.toString(batch.labelMask(output).shape())) + " failed ("
                    + e.getMessage() + "); expected features in the model's input format, one array per input, and"
                    + " labels masks of one entry per example or time step", e);
        }
        if (!Arrays.equals(p.predictions().shape(), p.labels().shape())) {
            throw new IllegalArgumentException("The " + what + " labels" + where + " have shape "
                    + Arrays.toString(p.labels().shape()) + " but output " + output + model.outputName(output)
                    + " predicts shape " + Arrays.toString(p.predictions().shape())
                    + "; expected one-hot labels as wide as that output ([n, classes], or [n, classes, T] for sequences)");
        }
        try {
            new Evaluation().eval(p.labels(), p.predictions(), p.mask());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("DL4J's Evaluation cannot read the " + what + " labels" + where + " "
                    + Arrays.toString(p.labels().shape()) + " with labels mask " + (p.mask() == null ? "none"
                    : Arrays.toString(p.mask().shape())) + " (" + e.getMessage() + "); expected a mask of one entry"
                    + " per example ([n, 1]) or per time step ([n, T])", e);
        }
        return p.mask() == null || p.mask().neq(0).any();
    }

    /** {@link ModelInputs#checkLikeTraining} on every batch (no forward pass). */
    void checkLikeTraining(INDArray[] training) {
        Iterator<Batch> batches = batches();
        if (batches == null) {
            return;
        }
        try {
            while (batches.hasNext()) {
                ModelInputs.checkLikeTraining(training, batches.next().features(), what);
            }
        } finally {
            leaveIteratorAtEnd();
        }
    }

    /** An evaluated example whose features mask is all zeros has no input: its prediction is undefined. */
    private void checkNoEmptySequence(Batch batch, int output) {
        INDArray labelMask = batch.labelMask(output);
        double[] evaluated = labelMask == null ? null : Probe.unmaskedPerRow(labelMask);
        for (int input = 0; input < batch.features().length; input++) {
            INDArray mask = batch.featureMask(input);
            if (mask == null || mask.rank() < 2) {
                continue;
            }
            double[] unmasked = Probe.unmaskedPerRow(mask);
            for (int row = 0; row < unmasked.length; row++) {
                if (unmasked[row] == 0 && (evaluated == null || evaluated[row] > 0)) {
                    throw new IllegalArgumentException(what + " features mask for input " + input + " is all zeros"
                            + " in row " + row + ": example " + row + " is an empty sequence but its label is"
                            + " evaluated; expected at least one unmasked step per evaluated example");
                }
            }
        }
    }

    private void checkMaskCount(INDArray[] masks, int arrays, String kind) {
        if (masks != null && masks.length != arrays) {
            throw new IllegalArgumentException(what + " data has " + masks.length + " " + kind + " mask arrays for "
                    + arrays + " " + kind + " arrays; expected one per array (null entries allowed)");
        }
    }

    /**
     * Accuracy in [0, 1]; NaN for a model with non-finite outputs (or when every label is masked out);
     * null when an iterator was lost in serialisation.
     *
     * @param outputIndex the graph output whose predictions define accuracy; null when not chosen
     */
    Double accuracy(ModelAdapter model, Integer outputIndex) {
        int output = model.evaluationOutput(outputIndex);
        Iterator<Batch> batches = batches();
        if (batches == null) {
            return null;
        }
        Evaluation evaluation = new Evaluation();
        try {
            while (batches.hasNext()) {
                Prediction p = predict(model, batches.next(), output);
                Triple<INDArray, INDArray, INDArray> unmasked =
                        BaseEvaluation.reshapeAndExtractNotMasked(p.labels(), p.predictions(), p.mask(), 1);
                if (unmasked == null) {
                    continue; // every label of this batch is masked out
                }
                if (!Double.isFinite(unmasked.getSecond().castTo(DataType.DOUBLE).sumNumber().doubleValue())) {
                    return Double.NaN;
                }
                evaluation.eval(unmasked.getFirst(), unmasked.getSecond());
            }
        } finally {
            leaveIteratorAtEnd();
        }
        return evaluation.getNumRowCounter() == 0 ? Double.NaN : evaluation.accuracy();
    }

    /** Predictions, labels and labels mask of one batch for the evaluated output, channels first. */
    private record Prediction(INDArray predictions, INDArray labels, INDArray mask) {
    }

    private static Prediction predict(ModelAdapter model, Batch batch, int output) {
        INDArray predictions = model.output(batch.features(), batch.featureMasks(),
                batch.labelMasksPerOutput(model.outputCount(), output), output);
        Layer outputLayer = model.outputLayer(output);
        INDArray labels = batch.labelsFor(output);
        INDArray mask = batch.labelMask(output);
        ActivationLayout layout = outputLayer == null || predictions.rank() < 3 ? null
                : ActivationLayout.declared(outputLayer, predictions.rank());
        if (layout != null && layout.channelsLast() && Arrays.equals(predictions.shape(), labels.shape())) {
            int[] toChannelsFirst = predictions.rank() == 3 ? new int[]{0, 2, 1} : new int[]{0, 3, 1, 2};
            predictions = predictions.permute(toChannelsFirst);
            labels = labels.permute(toChannelsFirst);
            mask = mask != null && mask.rank() == 4 ? mask.permute(toChannelsFirst) : mask;
        }
        return new Prediction(predictions, labels.castTo(predictions.dataType()), mask);
    }

    private static String shapes(INDArray[] arrays) {
        List<String> shapes = new ArrayList<>();
        for (INDArray a : arrays) {
            shapes.add(Arrays.toString(a.shape()));
        }
        return shapes.toString();
    }

    /**
     * One batch: features (and masks) per input, labels (and masks) per output, or, from a DataSet, the
     * labels of the evaluated output alone.
     */
    private record Batch(INDArray[] features, INDArray[] featureMasks, INDArray[] labels, INDArray[] labelMasks,
                         boolean forOneOutput) {

        static Batch of(DataSet d) {
            return new Batch(new INDArray[]{d.getFeatures()}, orNull(d.getFeaturesMaskArray()),
                    new INDArray[]{d.getLabels()}, orNull(d.getLabelsMaskArray()), true);
        }

        static Batch of(MultiDataSet d) {
            return new Batch(d.getFeatures(), allNullIsNull(d.getFeaturesMaskArrays()), d.getLabels(),
                    allNullIsNull(d.getLabelsMaskArrays()), false);
        }

        private static INDArray[] orNull(INDArray mask) {
            return mask == null ? null : new INDArray[]{mask};
        }

        private static INDArray[] allNullIsNull(INDArray[] masks) {
            return masks == null || Arrays.stream(masks).allMatch(m -> m == null) ? null : masks;
        }

        INDArray featureMask(int input) {
            return featureMasks == null ? null : featureMasks[input];
        }

        INDArray labelsFor(int output) {
            return forOneOutput ? labels[0] : labels[output];
        }

        INDArray labelMask(int output) {
            return labelMasks == null ? null : labelMasks[forOneOutput ? 0 : output];
        }

        /** Labels masks as a model takes them: one per output (a DataSet's at the evaluated output). */
        INDArray[] labelMasksPerOutput(int outputs, int output) {
            if (!forOneOutput || labelMasks == null) {
                return labelMasks;
            }
            INDArray[] masks = new INDArray[outputs];
            masks[output] = labelMasks[0];
            return masks;
        }

        long size() {
            return features[0].size(0);
        }

        Batch rows(long from, long to) {
            return new Batch(slice(features, from, to), slice(featureMasks, from, to), slice(labels, from, to),
                    slice(labelMasks, from, to), forOneOutput);
        }

        private static INDArray[] slice(INDArray[] arrays, long from, long to) {
            return arrays == null ? null : Arrays.stream(arrays)
                    .map(a -> a == null ? null : a.get(NDArrayIndex.interval(from, to)))
                    .toArray(INDArray[]::new);
        }
    }

    /** True when the data was an iterator that did not survive Java serialisation. */
    boolean lostInSerialisation() {
        return data == null && multiData == null && iterator == null;
    }

    /**
     * Refuses data from the iterator the fit trains on ({@link EvaluationIterator}).
     *
     * @param when     where training stands, for the message
     * @param fitStart at the model's first callback of a fit, before it reads a batch: no batch may be left;
     *                 else, during an epoch, the iterator may not be part-way through
     * @throws IllegalStateException naming the iterator's role and what was expected
     */
    void refuseTrainingIterator(String when, boolean fitStart) {
        if (iterator != null && fitStart) {
            iterator.refuseBatchesLeft(when);
        } else if (iterator != null) {
            iterator.refusePartWay(when);
        }
    }

    /** The batches of the data, from the start; null when an iterator was lost in serialisation. */
    private Iterator<Batch> batches() {
        if (data != null || multiData != null) {
            Batch all = data != null ? Batch.of(data) : Batch.of(multiData);
            return new Iterator<>() {
                private long next;

                @Override
                public boolean hasNext() {
                    return next < all.size();
                }

                @Override
                public Batch next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    long from = next;
                    next = Math.min(all.size(), from + BATCH);
                    return from == 0 && next == all.size() ? all : all.rows(from, next);
                }
            };
        }
        return iterator == null ? null : iterator.fromStart();
    }

    private static <T> Iterator<Batch> mapped(Iterator<T> source, java.util.function.Function<T, Batch> toBatch) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public Batch next() {
                return toBatch.apply(source.next());
            }
        };
    }

    /** Where every pass leaves an iterator (also after one that stopped early), as {@link EvaluationIterator} needs. */
    void leaveIteratorAtEnd() {
        if (iterator != null) {
            iterator.leaveAtEnd();
        }
    }
}
