package dev.grokwatch.entropy;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Slow, independent references for the representation tests: plain loops and Commons Math. */
final class Reference {

    private Reference() {
    }

    /** H̃ of the rows' covariance, its spectrum from Commons Math's EigenDecomposition. */
    static double entropy(double[][] rows) {
        double[] eigenvalues = new EigenDecomposition(new Covariance(rows).getCovarianceMatrix()).getRealEigenvalues();
        return SpectralEntropy.fromEigenvalues(eigenvalues, rows.length).normalisedEntropy();
    }

    /** Asserts a representation matrix equals the expected rows and has the same H̃. */
    static void assertRepresentations(double[][] expected, INDArray actual) {
        assertEquals(expected.length, actual.rows(), "rows");
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual.getRow(i).toDoubleVector(), 1e-9, "row " + i);
        }
        assertEquals(entropy(expected), SpectralEntropy.of(actual).normalisedEntropy(), 1e-9, "H̃");
    }

    /** Channel means of rank-4 activations, channels on the given axis (1 for NCHW, 3 for NHWC), by loops. */
    static double[][] channelMeans(INDArray a, int channelAxis) {
        long n = a.size(0);
        long c = a.size(channelAxis);
        double[][] out = new double[(int) n][(int) c];
        long[] shape = a.shape();
        long positions = a.length() / (n * c);
        for (int i = 0; i < n; i++) {
            for (long p0 = 0; p0 < shape[1]; p0++) {
                for (long p1 = 0; p1 < shape[2]; p1++) {
                    for (long p2 = 0; p2 < shape[3]; p2++) {
                        long[] idx = {i, p0, p1, p2};
                        out[i][(int) idx[channelAxis]] += a.getDouble(idx) / positions;
                    }
                }
            }
        }
        return out;
    }

    /** Channel vectors at one time step of rank-3 activations, channels on axis 1 (NCW) or 2 (NWC), per row. */
    static double[] step(INDArray a, int row, int t, boolean channelsLast) {
        long d = a.size(channelsLast ? 2 : 1);
        double[] out = new double[(int) d];
        for (int j = 0; j < d; j++) {
            out[j] = channelsLast ? a.getDouble(row, t, j) : a.getDouble(row, j, t);
        }
        return out;
    }

    /** The vector at each row's last real step ({@code lengths[i] - 1}). */
    static double[][] lastSteps(INDArray a, int[] lengths, boolean channelsLast) {
        double[][] out = new double[lengths.length][];
        for (int i = 0; i < lengths.length; i++) {
            out[i] = step(a, i, lengths[i] - 1, channelsLast);
        }
        return out;
    }

    /** The mean over each row's real steps {@code 0 .. lengths[i] - 1}. */
    static double[][] meanSteps(INDArray a, int[] lengths, boolean channelsLast) {
        double[][] out = new double[lengths.length][];
        for (int i = 0; i < lengths.length; i++) {
            double[] sum = new double[(int) a.size(channelsLast ? 2 : 1)];
            for (int t = 0; t < lengths[i]; t++) {
                double[] s = step(a, i, t, channelsLast);
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += s[j] / lengths[i];
                }
            }
            out[i] = sum;
        }
        return out;
    }

    /** A [n, T] mask with {@code lengths[i]} leading ones per row. */
    static INDArray mask(int[] lengths, int timeSteps) {
        INDArray mask = Nd4j.zeros(DataType.DOUBLE, lengths.length, timeSteps);
        for (int i = 0; i < lengths.length; i++) {
            for (int t = 0; t < lengths[i]; t++) {
                mask.putScalar(i, t, 1);
            }
        }
        return mask;
    }

    /** Sequence lengths in [1, T], different across rows, reproducible. */
    static int[] lengths(int n, int timeSteps, long seed) {
        Random random = new Random(seed);
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = 1 + random.nextInt(timeSteps);
        }
        lengths[0] = timeSteps; // at least one full row, and one short one
        lengths[n - 1] = Math.max(1, timeSteps / 2);
        return lengths;
    }

    static double[][] rows(INDArray matrix) {
        return matrix.toDoubleMatrix();
    }
}
