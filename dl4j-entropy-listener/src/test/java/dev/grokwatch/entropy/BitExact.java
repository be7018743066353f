package dev.grokwatch.entropy;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bit-for-bit comparison of arrays and of a model's training state, for tests that must catch any
 * perturbation: {@code assertEquals} on two INDArrays uses ND4J's {@code equals}, which tolerates
 * differences up to 1e-5. Here two values are equal only when their raw IEEE bits are
 * ({@code Double.doubleToRawLongBits}, {@code Float.floatToRawIntBits}), so −0.0 differs from 0.0 and
 * one NaN payload from another.
 */
public final class BitExact {

    private BitExact() {
    }

    /**
     * The raw bits of every element in C order: {@code doubleToRawLongBits} for DOUBLE,
     * {@code floatToRawIntBits} for FLOAT (and for HALF and BFLOAT16, widened exactly to float).
     */
    public static long[] rawBits(INDArray array) {
        INDArray c = array.dup('c');
        if (array.dataType() == DataType.DOUBLE) {
            return Arrays.stream(c.data().asDouble()).mapToLong(Double::doubleToRawLongBits).toArray();
        }
        if (array.dataType().isFPType()) {
            float[] values = c.data().asFloat();
            long[] bits = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                bits[i] = Float.floatToRawIntBits(values[i]);
            }
            return bits;
        }
        throw new IllegalArgumentException("rawBits compares floating-point arrays, got " + array.dataType());
    }

    /** Same type, same shape, same raw bits in every element; the message names the first difference. */
    public static void assertBitIdentical(INDArray expected, INDArray actual, String what) {
        if (expected == null || actual == null) {
            assertSame(expected, actual, what + ": one array is null");
            return;
        }
        assertEquals(expected.dataType(), actual.dataType(), what + ": data type");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        long[] e = rawBits(expected);
        long[] a = rawBits(actual);
        int differing = 0;
        int first = -1;
        for (int i = 0; i < e.length; i++) {
            if (e[i] != a[i]) {
                differing++;
                first = first < 0 ? i : first;
            }
        }
        if (differing > 0) {
            double[] ev = expected.dup('c').castTo(DataType.DOUBLE).data().asDouble();
            double[] av = actual.dup('c').castTo(DataType.DOUBLE).data().asDouble();
            fail(String.format("%s: %d of %d elements differ in their bits; first at flat index %d: expected %s (0x%x)"
                    + " but was %s (0x%x)", what, differing, e.length, first, ev[first], e[first], av[first],
                    a[first]));
        }
    }

    /**
     * The training state of two models of the same architecture is bit-identical: every parameter,
     * every updater state value (Adam's moments, ...), the iteration and epoch counters and the
     * last minibatch score.
     */
    public static void assertSameTrainingState(Model expected, Model actual) {
        assertBitIdentical(expected.params(), actual.params(), "parameters");
        assertBitIdentical(updaterState(expected), updaterState(actual), "updater state");
        assertEquals(BaseOptimizer.getIterationCount(expected), BaseOptimizer.getIterationCount(actual), "iterations");
        assertEquals(BaseOptimizer.getEpochCount(expected), BaseOptimizer.getEpochCount(actual), "epochs");
        assertEquals(Double.doubleToRawLongBits(expected.score()), Double.doubleToRawLongBits(actual.score()),
                "score: expected " + expected.score() + " but was " + actual.score());
    }

    /** The updater's state view (all of its state in one array), null when the updater keeps none. */
    public static INDArray updaterState(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            return net.getUpdater().getStateViewArray();
        }
        if (model instanceof ComputationGraph graph) {
            return graph.getUpdater().getStateViewArray();
        }
        throw new IllegalArgumentException("Expected a MultiLayerNetwork or ComputationGraph, got " + model.getClass());
    }
}
