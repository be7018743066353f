package dev.grokwatch.entropy;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The fixed set of inputs whose representations are measured at every evaluation (the paper: 512
 * training examples, fixed for the whole run). One features array per network input, with optional
 * feature masks for recurrent inputs ({@code [n, T]}, 1 for a real step, 0 for padding). The arrays are
 * private copies: later changes to the caller's arrays do not move the curve.
 *
 * <p>Each layer reads the mask DL4J propagates to it from the inputs that feed it. A mask row of all
 * zeros (an empty sequence) has no representation and is refused when the probe is made.
 */
public final class Probe implements Serializable {

    private static final long serialVersionUID = 1L;

    private final INDArray[] features;
    private final INDArray[] masks;

    private Probe(INDArray[] features, INDArray[] masks) {
        if (features == null || features.length == 0) {
            throw new IllegalArgumentException("probe has no features array; expected one per network input");
        }
        long n = -1;
        for (int i = 0; i < features.length; i++) {
            INDArray f = features[i];
            if (f == null) {
                throw new IllegalArgumentException("probe features for input " + i + " is null");
            }
            if (f.rank() < 2) {
                throw new IllegalArgumentException("probe features for input " + i + " have shape "
                        + Arrays.toString(f.shape()) + "; expected examples along dimension 0, rank >= 2");
            }
            if (n >= 0 && f.size(0) != n) {
                throw new IllegalArgumentException("probe inputs disagree on the number of examples: input 0 has " + n
                        + ", input " + i + " has " + f.size(0) + "; expected the same n for every input");
            }
            n = f.size(0);
        }
        if (n < 2) {
            throw new IllegalArgumentException("probe has " + n + " example(s); expected at least 2, and more than"
                    + " the representation width d for a full-rank covariance (the paper uses 512)");
        }
        for (int i = 0; i < features.length; i++) {
            INDArray f = features[i];
            if (f.dataType().isFPType() && !Double.isFinite(f.castTo(DataType.DOUBLE).sumNumber().doubleValue())) {
                throw new IllegalArgumentException("probe features for input " + i + " hold NaN or infinite values;"
                        + " expected finite inputs (the representations of a NaN input would read as a diverged model)");
            }
        }
        if (masks != null && masks.length != features.length) {
            throw new IllegalArgumentException("probe has " + masks.length + " mask arrays for " + features.length
                    + " inputs; expected one per input (null entries allowed)");
        }
        if (masks != null) {
            for (int i = 0; i < masks.length; i++) {
                checkMask(masks[i], i, n);
            }
        }
        boolean anyMask = masks != null && Arrays.stream(masks).anyMatch(m -> m != null);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.features = Arrays.stream(features).map(INDArray::dup).toArray(INDArray[]::new);
            this.masks = !anyMask ? null
                    : Arrays.stream(masks).map(m -> m == null ? null : m.dup()).toArray(INDArray[]::new);
        }
    }

    /** One row per example, and no example without an unmasked entry (an empty sequence has no representation). */
    private static void checkMask(INDArray mask, int input, long n) {
        if (mask == null) {
            return;
        }
        if (mask.rank() < 2 || mask.size(0) != n) {
            throw new IllegalArgumentException("probe features mask for input " + input + " has shape "
                    + Arrays.toString(mask.shape()) + "; expected " + n + " rows, one per example ([n, T] for sequences)");
        }
        double[] unmasked = unmaskedPerRow(mask);
        for (int row = 0; row < unmasked.length; row++) {
            if (unmasked[row] == 0) {
                throw new IllegalArgumentException("probe features mask for input " + input + " is all zeros in row "
                        + row + ": example " + row + " is an empty sequence; expected at least one unmasked step"
                        + " per example (drop the example from the probe)");
            }
        }
    }

    /** The number of non-zero mask entries of each example (row). */
    static double[] unmaskedPerRow(INDArray mask) {
        int[] perExample = IntStream.range(1, mask.rank()).toArray();
        return mask.castTo(DataType.DOUBLE).neq(0).castTo(DataType.DOUBLE).sum(perExample).toDoubleVector();
    }

    /** A probe for a single-input network. */
    public static Probe of(INDArray features) {
        return new Probe(new INDArray[]{features}, null);
    }

    /** A probe for a multi-input network, one array per input in the network's input order. */
    public static Probe of(INDArray... features) {
        return new Probe(features, null);
    }

    /** The features (and features mask) of a DataSet. */
    public static Probe of(DataSet data) {
        requireData(data);
        INDArray mask = data.getFeaturesMaskArray();
        return new Probe(new INDArray[]{data.getFeatures()}, mask == null ? null : new INDArray[]{mask});
    }

    /** The features (and masks) of a MultiDataSet, for multi-input ComputationGraphs. */
    public static Probe of(MultiDataSet data) {
        if (data == null) {
            throw new IllegalArgumentException("probe data is null; expected a MultiDataSet with features");
        }
        return new Probe(data.getFeatures(), data.getFeaturesMaskArrays());
    }

    /**
     * The first {@code n} examples of an iterator. The iterator is reset before and after when it
     * supports it; pass a separate iterator rather than the training one, so training sees its batches unchanged.
     */
    public static Probe of(DataSetIterator iterator, int n) {
        if (iterator == null) {
            throw new IllegalArgumentException("probe iterator is null");
        }
        if (n < 2) {
            throw new IllegalArgumentException("probe size n = " + n + "; expected at least 2 (the paper uses 512)");
        }
        if (iterator.resetSupported()) {
            iterator.reset();
        }
        List<DataSet> batches = new ArrayList<>();
        int taken = 0;
        while (taken < n && iterator.hasNext()) {
            DataSet batch = iterator.next();
            int take = Math.min(batch.numExamples(), n - taken);
            batches.add(take == batch.numExamples() ? batch : (DataSet) batch.getRange(0, take));
            taken += take;
        }
        if (iterator.resetSupported()) {
            iterator.reset();
        }
        if (taken < n) {
            throw new IllegalArgumentException("probe iterator holds only " + taken + " examples; expected at least n = " + n);
        }
        return of(DataSet.merge(batches));
    }

    private static void requireData(DataSet data) {
        if (data == null || data.getFeatures() == null) {
            throw new IllegalArgumentException("probe data is null or has no features; expected a DataSet with features");
        }
    }

    /** Number of probe examples n. */
    public int size() {
        return (int) features[0].size(0);
    }

    /** Number of network inputs the probe feeds. */
    public int inputCount() {
        return features.length;
    }

    INDArray[] features() {
        return features;
    }

    /** Feature masks, one per input (null entries for unmasked inputs), or null when the probe has none. */
    INDArray[] masks() {
        return masks;
    }

}
