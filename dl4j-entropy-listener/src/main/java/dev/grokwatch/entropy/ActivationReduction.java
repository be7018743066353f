package dev.grokwatch.entropy;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Turns a layer's activations into the {@code n × d} matrix whose covariance is measured.
 * Rank-2 activations pass through; recurrent ones (rank 3) use {@link SequenceReduction}; convolutional
 * ones (rank 4 and up) need an explicit {@link SpatialReduction}, because either choice changes d and
 * so the meaning of H̃.
 *
 * <p>Which axis holds channels (NCW or NWC, NCHW or NHWC) comes from DL4J's configuration of the layer
 * ({@link ActivationLayout}); where the layout matters and the configuration does not give it, the
 * reduction is refused rather than guessed. FLATTEN without a mask needs no layout: the two layouts
 * give the same columns in another order, hence the same covariance spectrum.
 *
 * @param sequence how to reduce time steps
 * @param spatial  how to reduce spatial positions; null until chosen
 */
public record ActivationReduction(SequenceReduction sequence, SpatialReduction spatial) implements Serializable {

    public ActivationReduction {
        if (sequence == null) {
            throw new IllegalArgumentException("sequence reduction is null; expected LAST, MEAN or FLATTEN");
        }
    }

    /** Last time step for recurrent layers, no choice for convolutional ones. */
    public static ActivationReduction defaults() {
        return new ActivationReduction(SequenceReduction.LAST, null);
    }

    /**
     * @param activations the layer's activations, examples along dimension 0
     * @param mask        the features mask DL4J propagates to this layer ({@code [n, T]} for sequences), or null
     * @param layout      the activations' layout from the layer's configuration; ignored for rank 2
     * @param examples    the number of probe examples n, which the activations must have as rows
     * @param layer       the layer's description, for error messages
     * @throws IllegalArgumentException naming the layer, what it gave and what was expected
     */
    INDArray toMatrix(INDArray activations, INDArray mask, ActivationLayout layout, long examples, String layer) {
        String shape = Arrays.toString(activations.shape());
        if (activations.size(0) != examples) {
            throw new IllegalArgumentException(layer + " has activations of shape " + shape + " for a probe of "
                    + examples + " examples; expected one row per example (a layer DL4J applies per time step"
                    + " sees [n·T, d]): read the recurrent layer before it or the one that restores the sequence");
        }
        switch (activations.rank()) {
            case 2:
                return activations;
            case 3:
                return reduceSequence(activations, mask, layout, layer, shape);
            default:
                return reduceSpatial(activations, mask, layout, layer, shape);
        }
    }

    private INDArray reduceSequence(INDArray activations, INDArray mask, ActivationLayout layout, String layer,
                                    String shape) {
        if ((sequence != SequenceReduction.FLATTEN || mask != null) && !layout.known()) {
            throw new IllegalArgumentException(layer + " has rank-3 activations " + shape + " whose layout (NCW or"
                    + " NWC) DL4J's configuration does not give: " + layout.reason() + "; expected a layer with an"
                    + " RNNFormat (e.g. an LSTM or Convolution1D), or sequenceReduction(FLATTEN) on an unmasked probe");
        }
        INDArray ncw = layout.known() && layout.channelsLast() ? activations.permute(0, 2, 1) : activations;
        long n = ncw.size(0);
        long timeSteps = ncw.size(2);
        INDArray m = mask == null ? null : sequenceMask(mask, ncw, layer);
        switch (sequence) {
            case LAST:
                if (m == null) {
                    return ncw.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(timeSteps - 1)).dup();
                }
                return lastRealSteps(ncw, m);
            case MEAN:
                if (m == null) {
                    return ncw.mean(2);
                }
                INDArray weights = m.reshape(n, 1, timeSteps);
                return ncw.mul(weights).sum(2).diviColumnVector(weights.sum(2).reshape(n, 1));
            case FLATTEN:
                // Padded steps become zeros: the row then depends on the real steps only, not on the padding.
                INDArray steps = m == null ? ncw : ncw.mul(m.reshape(n, 1, timeSteps));
                return steps.dup('c').reshape('c', n, ncw.size(1) * timeSteps);
            default:
                throw new IllegalStateException("Unhandled sequence reduction " + sequence);
        }
    }

    /**
     * Each row at its last unmasked step. (DL4J's {@code TimeSeriesUtils.pullLastTimeSteps} would do, but
     * it returns the default floating type, float, whatever the activations' type.)
     */
    private static INDArray lastRealSteps(INDArray ncw, INDArray mask) {
        INDArray out = Nd4j.create(ncw.dataType(), ncw.size(0), ncw.size(1));
        double[][] m = mask.toDoubleMatrix();
        for (int row = 0; row < m.length; row++) {
            int last = m[row].length - 1;
            while (m[row][last] == 0) {
                last--; // sequenceMask guarantees an unmasked step
            }
            out.putRow(row, ncw.get(NDArrayIndex.point(row), NDArrayIndex.all(), NDArrayIndex.point(last)));
        }
        return out;
    }

    /** The mask as {@code [n, T]} in the activations' data type, refusing masks that do not fit or leave a row empty. */
    private static INDArray sequenceMask(INDArray mask, INDArray ncw, String layer) {
        long n = ncw.size(0);
        long timeSteps = ncw.size(2);
        if (mask.rank() != 2 || mask.size(0) != n || mask.size(1) != timeSteps) {
            throw new IllegalArgumentException("The features mask reaching " + layer + " has shape "
                    + Arrays.toString(mask.shape()) + "; expected [n, T] = [" + n + ", " + timeSteps + "], one entry"
                    + " per example and time step of its activations");
        }
        INDArray m = mask.castTo(ncw.dataType());
        double[] steps = m.sum(1).toDoubleVector();
        for (int row = 0; row < steps.length; row++) {
            if (steps[row] <= 0) {
                throw new IllegalArgumentException("Probe example " + row + " reaches " + layer + " as an empty"
                        + " sequence (its features mask has no unmasked step there); expected at least one"
                        + " unmasked step per example");
            }
        }
        return m;
    }

    private INDArray reduceSpatial(INDArray activations, INDArray mask, ActivationLayout layout, String layer,
                                   String shape) {
        long n = activations.size(0);
        if (spatial == null) {
            throw new IllegalArgumentException(layer + " has activations of shape " + shape + "; choose how to"
                    + " reduce them to rows: spatialReduction(SpatialReduction.FLATTEN) or GLOBAL_AVERAGE");
        }
        if (mask != null) {
            throw new IllegalArgumentException("The probe's features mask reaches " + layer + " (mask shape "
                    + Arrays.toString(mask.shape()) + ", activations " + shape + "); masked convolutional"
                    + " activations are not supported: expected no mask on the inputs that feed it");
        }
        if (spatial == SpatialReduction.FLATTEN) {
            return activations.dup('c').reshape('c', n, activations.length() / n);
        }
        if (activations.rank() != 4) {
            throw new IllegalArgumentException(layer + " has rank-" + activations.rank() + " activations " + shape
                    + "; GLOBAL_AVERAGE expects rank 4 ([n, c, h, w] or [n, h, w, c]), use FLATTEN");
        }
        if (!layout.known()) {
            throw new IllegalArgumentException(layer + " has rank-4 activations " + shape + " whose layout (NCHW or"
                    + " NHWC) DL4J's configuration does not give: " + layout.reason() + "; expected a layer with a"
                    + " CNN2DFormat (e.g. a convolution or subsampling layer), or spatialReduction(FLATTEN)");
        }
        return layout.channelsLast() ? activations.mean(1, 2) : activations.mean(2, 3);
    }
}
