package dev.grokwatch.entropy;

import org.deeplearning4j.util.TimeSeriesUtils;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Turns a layer's activations into the {@code n × d} matrix whose covariance is measured.
 * Rank-2 activations pass through; recurrent ones (rank 3) use {@link SequenceReduction}; convolutional
 * ones (rank 4 and up) need an explicit {@link SpatialReduction}, because either choice changes d and
 * so the meaning of H̃.
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
     * @param activations  the layer's activations, examples along dimension 0
     * @param mask         the probe's features mask {@code [n, T]} for recurrent activations, or null
     * @param channelsLast true for NWC / NHWC layouts, false for DL4J's default NCW / NCHW
     * @param layer        the layer's description, for error messages
     */
    INDArray toMatrix(INDArray activations, INDArray mask, boolean channelsLast, String layer) {
        long n = activations.size(0);
        switch (activations.rank()) {
            case 2:
                return activations;
            case 3:
                INDArray ncw = channelsLast ? activations.permute(0, 2, 1) : activations;
                return reduceSequence(ncw, mask);
            default:
                if (spatial == null) {
                    throw new IllegalArgumentException("Layer " + layer + " has activations of shape "
                            + Arrays.toString(activations.shape()) + "; choose how to reduce them to rows: "
                            + "spatialReduction(SpatialReduction.FLATTEN) or GLOBAL_AVERAGE");
                }
                if (spatial == SpatialReduction.FLATTEN || activations.rank() != 4) {
                    if (spatial != SpatialReduction.FLATTEN) {
                        throw new IllegalArgumentException("Layer " + layer + " has rank-" + activations.rank()
                                + " activations " + Arrays.toString(activations.shape())
                                + "; GLOBAL_AVERAGE expects rank 4 [n, c, h, w], use FLATTEN");
                    }
                    return activations.dup('c').reshape('c', n, activations.length() / n);
                }
                return channelsLast ? activations.mean(1, 2) : activations.mean(2, 3);
        }
    }

    private INDArray reduceSequence(INDArray ncw, INDArray mask) {
        long n = ncw.size(0);
        long timeSteps = ncw.size(2);
        switch (sequence) {
            case LAST:
                if (mask == null) {
                    return ncw.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                            org.nd4j.linalg.indexing.NDArrayIndex.all(),
                            org.nd4j.linalg.indexing.NDArrayIndex.point(timeSteps - 1)).dup();
                }
                return TimeSeriesUtils.pullLastTimeSteps(ncw, mask).getFirst();
            case MEAN:
                if (mask == null) {
                    return ncw.mean(2);
                }
                INDArray m = mask.castTo(ncw.dataType()).reshape(n, 1, timeSteps);
                return ncw.mul(m).sum(2).diviColumnVector(m.sum(2).reshape(n, 1));
            case FLATTEN:
                return ncw.dup('c').reshape('c', n, ncw.size(1) * timeSteps);
            default:
                throw new IllegalStateException("Unhandled sequence reduction " + sequence);
        }
    }
}
