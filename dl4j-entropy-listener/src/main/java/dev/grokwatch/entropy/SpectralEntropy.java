package dev.grokwatch.entropy;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Normalised spectral entropy of a representation covariance (arXiv 2604.13123, §3.1), a pure function
 * of an {@code n × d} matrix.
 *
 * <p>The covariance {@code Σ = (1/(n−1)) Σ (h_i − μ)(h_i − μ)ᵀ} is built in float64 whatever the
 * input type, its eigenvalues come from LAPACK's symmetric eigensolver ({@code dsyev} on CPU,
 * cuSOLVER on CUDA) asked for eigenvalues only, negatives from round-off are clamped to 0, and
 * {@code H = −Σ p_i log(p_i + ε)}, {@code H̃ = H / log d}; H is clamped to {@code [0, log d]} (ε
 * makes it a hair negative for a single non-zero eigenvalue and a hair above log d for a flat one).
 *
 * <p>When {@code n < d} the n × n Gram matrix {@code X_c X_cᵀ / (n−1)} is decomposed instead: it has
 * the same non-zero eigenvalues, and the missing ones are exactly zero, which add nothing to H.
 *
 * <p><b>Any scale.</b> H̃ does not change when the data is multiplied by a constant, so it is computed
 * on rescaled data and is the same for every magnitude a double holds (1e-300 … 1e300, subnormals
 * included), where squaring the raw values would overflow or underflow. Each coordinate is first
 * scaled by a power of two to a largest |value| in [1, 2) (near it for subnormal data) and centred
 * there; then all coordinates are scaled by one common power of two so that the largest centred value
 * lies in [1, 2). Scaling by a power of two is exact, so the covariance decomposed is the centred
 * data's covariance times one power of two; only centred values more than 2^1022 times smaller than
 * the largest one underflow, and they could not change H̃. The reported
 * {@link SpectralSummary#eigenvalues() eigenvalues} are converted back to the data's units (squared)
 * and saturate at {@code Infinity} or 0 when those lie outside the double range; H̃ and H never do.
 *
 * <p><b>Constant representations.</b> Centring subtracts the first row before the mean is taken, so
 * a coordinate whose rows are equal centres to exact zeros, whatever its value (0.1, 1/3,
 * 1e10 + 0.1): the rounding of a mean cannot leave a remainder. A coordinate whose values all lie
 * within {@value #CONSTANT_ULPS} units in the last place (ulps, at the input's precision: float32 for
 * a FLOAT matrix) of the first row's value, measured at the coordinate's largest |value|, counts as
 * constant too, and its variance as zero: such differences are rounding (e.g. {@code 0.1 + 0.2}
 * against {@code 0.3}, a tanh saturated at 1), and their spectrum would read as isotropic noise.
 * When every coordinate is constant, every row is the same vector: there is no spectrum to
 * normalise, and the result is defined as fully collapsed — {@code H̃ = H = 0}, effective rank 0,
 * the summary's {@code constant()} flag set — the most extreme collapse, and what a dead ReLU layer
 * produces, so it reads as collapse to the phase tracker rather than as a missing value.
 */
public final class SpectralEntropy {

    /** ε inside the logarithm, as in the paper. */
    public static final double EPSILON = 1e-12;

    /**
     * A coordinate whose values differ from the first row's by at most this many ulps of its largest
     * |value| (at the input's precision) is constant.
     */
    public static final int CONSTANT_ULPS = 4;

    private SpectralEntropy() {
    }

    /**
     * @param representations an {@code n × d} matrix of any floating type, one probe example per row,
     *                        with {@code n >= 2} and {@code d >= 2}; it is not modified
     * @throws IllegalArgumentException            for a null matrix, a rank other than 2, a non-floating
     *                                             type, n &lt; 2 or d &lt; 2
     * @throws NonFiniteRepresentationException    when the matrix holds NaN or Inf
     */
    public static SpectralSummary of(INDArray representations) {
        checkShape(representations);
        int n = (int) representations.rows();
        int d = (int) representations.columns();
        // Out of any workspace the caller may be in: every array here is ours and short-lived.
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            // One flat row-major copy: per-row conversions would cost a native call per row.
            double[] x = representations.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            checkFinite(x, representations.shape());
            Centred centred = centreAndRescale(x, n, d, Precision.of(representations.dataType()));
            if (centred == null) {
                return new SpectralSummary(0.0, 0.0, new double[d], n, d, true, false);
            }
            INDArray y = Nd4j.create(centred.values, new long[]{n, d}, 'c');
            INDArray covariance = n >= d ? Nd4j.gemm(y, y, true, false) : Nd4j.gemm(y, y, false, true);
            covariance.divi(n - 1);
            double[] scaled = Arrays.copyOf(descending(clamped(symmetricEigenvalues(covariance))), d);
            double[] reported = new double[d];
            for (int i = 0; i < d; i++) {
                reported[i] = Math.scalb(scaled[i], 2 * centred.exponent);
            }
            return summarise(reported, scaled, n);
        }
    }

    /**
     * H̃ and H from a covariance spectrum (any order; negatives clamped to 0), at any magnitude: the
     * spectrum is rescaled by a power of two before it is summed, so eigenvalues near
     * {@code Double.MAX_VALUE} or subnormal ones score like any others. Exposed so a spectrum obtained
     * another way (e.g. from singular values, {@code λ = s² / (n−1)}) is scored identically. An
     * all-zero spectrum is {@link SpectralSummary#constant() constant}.
     *
     * @param eigenvalues the d &gt;= 2 eigenvalues, finite
     * @param n           number of probe rows the covariance came from (reported, not used)
     * @throws IllegalArgumentException for fewer than 2 eigenvalues or a NaN or infinite one
     */
    public static SpectralSummary fromEigenvalues(double[] eigenvalues, int n) {
        if (eigenvalues == null || eigenvalues.length < 2) {
            throw new IllegalArgumentException("Need at least 2 eigenvalues (d >= 2) to normalise by log d, got "
                    + (eigenvalues == null ? "null" : eigenvalues.length));
        }
        for (int i = 0; i < eigenvalues.length; i++) {
            if (!Double.isFinite(eigenvalues[i])) {
                throw new IllegalArgumentException("Eigenvalue " + i + " is " + eigenvalues[i]
                        + "; expected a finite number");
            }
        }
        double[] lambda = descending(clamped(eigenvalues));
        int exponent = Math.getExponent(lambda[0]);
        double[] scaled = new double[lambda.length];
        for (int i = 0; i < lambda.length; i++) {
            scaled[i] = Math.scalb(lambda[i], -exponent);
        }
        return summarise(lambda, scaled, n);
    }

    /**
     * @param reported the spectrum in the data's units, descending
     * @param scaled   the same spectrum times a power of two, so that its sum is finite and its
     *                 ratios are exact
     */
    private static SpectralSummary summarise(double[] reported, double[] scaled, int n) {
        int d = scaled.length;
        double total = 0;
        for (double l : scaled) {
            total += l;
        }
        if (total == 0.0) {
            return new SpectralSummary(0.0, 0.0, new double[d], n, d, true, false);
        }
        double entropy = 0;
        for (double l : scaled) {
            double p = l / total;
            entropy -= p * Math.log(p + EPSILON);
        }
        double logD = Math.log(d);
        entropy = Math.min(logD, Math.max(0.0, entropy));
        return new SpectralSummary(entropy / logD, entropy, reported, n, d, false, false);
    }

    /**
     * Centred data rescaled into [−2, 2], row-major: the data's centred values are
     * {@code values × 2^exponent}.
     */
    private record Centred(double[] values, int exponent) {
    }

    /**
     * Centres every coordinate and rescales all of them by one power of two (see the class comment);
     * null when every coordinate is constant. Overwrites {@code x}, an n × d row-major matrix.
     */
    private static Centred centreAndRescale(double[] x, int n, int d, Precision precision) {
        double[] largest = new double[d];
        for (int i = 0; i < n * d; i += d) {
            for (int j = 0; j < d; j++) {
                largest[j] = Math.max(largest[j], Math.abs(x[i + j]));
            }
        }
        // Per coordinate: scale to a largest |value| in [1, 2) (exact), subtract the first row (exact
        // for values within a factor of two of each other), measure the spread, then the mean.
        int[] exponent = new int[d];
        double[] factor = new double[d];
        double[] first = new double[d];
        for (int j = 0; j < d; j++) {
            exponent[j] = largest[j] == 0.0 ? 0 : Math.getExponent(largest[j]);
            factor[j] = Math.scalb(1.0, -exponent[j]);
            first[j] = x[j] * factor[j];
        }
        double[] spread = new double[d];
        double[] mean = new double[d];
        for (int i = 0; i < n * d; i += d) {
            for (int j = 0; j < d; j++) {
                double deviation = x[i + j] * factor[j] - first[j];
                x[i + j] = deviation;
                spread[j] = Math.max(spread[j], Math.abs(deviation));
                mean[j] += deviation;
            }
        }
        boolean[] varies = new boolean[d];
        for (int j = 0; j < d; j++) {
            varies[j] = spread[j] > CONSTANT_ULPS * precision.ulp(largest[j]) * factor[j];
            mean[j] /= n;
        }
        double[] centredLargest = new double[d];
        for (int i = 0; i < n * d; i += d) {
            for (int j = 0; j < d; j++) {
                x[i + j] = varies[j] ? x[i + j] - mean[j] : 0.0;
                centredLargest[j] = Math.max(centredLargest[j], Math.abs(x[i + j]));
            }
        }
        // One common power of two for all coordinates: the covariance keeps its shape.
        int common = Integer.MIN_VALUE;
        for (int j = 0; j < d; j++) {
            if (centredLargest[j] > 0) {
                common = Math.max(common, exponent[j] + Math.getExponent(centredLargest[j]));
            }
        }
        if (common == Integer.MIN_VALUE) {
            return null;
        }
        for (int i = 0; i < n * d; i += d) {
            for (int j = 0; j < d; j++) {
                x[i + j] = Math.scalb(x[i + j], exponent[j] - common);
            }
        }
        return new Centred(x, common);
    }

    /** Resolution of the floating types ND4J has: mantissa bits and the smallest normal exponent. */
    private enum Precision {
        DOUBLE(52, Double.MIN_EXPONENT), FLOAT(23, Float.MIN_EXPONENT), HALF(10, -14), BFLOAT16(7, Float.MIN_EXPONENT);

        private final int mantissaBits;
        private final int minExponent;

        Precision(int mantissaBits, int minExponent) {
            this.mantissaBits = mantissaBits;
            this.minExponent = minExponent;
        }

        static Precision of(DataType type) {
            return switch (type) {
                case FLOAT -> FLOAT;
                case HALF -> HALF;
                case BFLOAT16 -> BFLOAT16;
                default -> DOUBLE;
            };
        }

        /** The spacing of this type's numbers at magnitude {@code value} (subnormal spacing below the normals). */
        double ulp(double value) {
            return Math.scalb(1.0, Math.max(Math.getExponent(value), minExponent) - mantissaBits);
        }
    }

    private static void checkShape(INDArray representations) {
        if (representations == null) {
            throw new IllegalArgumentException("representations is null; expected an n × d matrix");
        }
        if (representations.rank() != 2) {
            throw new IllegalArgumentException("representations has shape " + Arrays.toString(representations.shape())
                    + "; expected a rank-2 n × d matrix (one probe example per row)");
        }
        if (!representations.dataType().isFPType()) {
            throw new IllegalArgumentException("representations has type " + representations.dataType()
                    + "; expected a floating-point type");
        }
        if (representations.rows() < 2) {
            throw new IllegalArgumentException("representations has " + representations.rows()
                    + " row(s); expected at least 2 probe examples (and more than d = " + representations.columns()
                    + " for a full-rank covariance)");
        }
        if (representations.columns() < 2) {
            throw new IllegalArgumentException("representations has " + representations.columns()
                    + " column(s); expected d >= 2 (H̃ divides by log d)");
        }
    }

    private static void checkFinite(double[] x, long[] shape) {
        long nan = 0;
        long inf = 0;
        for (double v : x) {
            if (Double.isNaN(v)) {
                nan++;
            } else if (Double.isInfinite(v)) {
                inf++;
            }
        }
        if (nan > 0 || inf > 0) {
            throw new NonFiniteRepresentationException(nan, inf, shape);
        }
    }

    /** Eigenvalues only (job 'N'): skips the eigenvector work that {@code Eigen} always asks for. */
    private static double[] symmetricEigenvalues(INDArray symmetric) {
        INDArray w = Nd4j.create(DataType.DOUBLE, symmetric.rows());
        int status = Nd4j.getBlasWrapper().lapack().syev('N', 'L', symmetric, w);
        if (status != 0) {
            throw new IllegalStateException("LAPACK syev failed with status " + status
                    + " on a " + symmetric.rows() + " × " + symmetric.columns() + " covariance");
        }
        return w.toDoubleVector();
    }

    private static double[] clamped(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.max(values[i], 0.0);
        }
        return out;
    }

    private static double[] descending(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (int i = 0, j = sorted.length - 1; i < j; i++, j--) {
            double t = sorted[i];
            sorted[i] = sorted[j];
            sorted[j] = t;
        }
        return sorted;
    }
}
