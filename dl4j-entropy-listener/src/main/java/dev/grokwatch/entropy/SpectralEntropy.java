package dev.grokwatch.entropy;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

import java.util.Arrays;

/**
 * Normalised spectral entropy of a representation covariance (METHOD.md §1), a pure function of an
 * {@code n × d} matrix.
 *
 * <p>The covariance {@code Σ = (1/(n−1)) Σ (h_i − μ)(h_i − μ)ᵀ} is built in float64 whatever the
 * input type, its eigenvalues come from LAPACK's symmetric eigensolver ({@code dsyev} on CPU,
 * cuSOLVER on CUDA) asked for eigenvalues only, negatives from round-off are clamped to 0, and
 * {@code H = −Σ p_i log(p_i + ε)}, {@code H̃ = H / log d}.
 *
 * <p>When {@code n < d} the n × n Gram matrix {@code X_c X_cᵀ / (n−1)} is decomposed instead: it has
 * the same non-zero eigenvalues, and the missing ones are exactly zero, which add nothing to H.
 *
 * <p>Constant representations (every row the same vector, all-zero covariance) have no spectrum to
 * normalise. They are defined as fully collapsed: {@code H̃ = H = 0}, effective rank 0, and the
 * summary's {@code constant()} flag set — the most extreme collapse, and what a dead ReLU layer
 * produces, so it reads as collapse to the phase tracker rather than as a missing value.
 */
public final class SpectralEntropy {

    /** ε inside the logarithm, as in the paper. */
    public static final double EPSILON = 1e-12;

    private SpectralEntropy() {
    }

    /**
     * @param representations an {@code n × d} matrix of any floating type, one probe example per row,
     *                        with {@code n >= 2} and {@code d >= 2}
     * @throws IllegalArgumentException            for a null matrix, a rank other than 2, n &lt; 2 or d &lt; 2
     * @throws NonFiniteRepresentationException    when the matrix holds NaN or Inf
     */
    public static SpectralSummary of(INDArray representations) {
        checkShape(representations);
        int n = (int) representations.rows();
        int d = (int) representations.columns();
        // Out of any workspace the caller may be in: every array here is ours and short-lived.
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray x = representations.castTo(DataType.DOUBLE);
            if (x == representations) {
                x = x.dup('c');
            }
            checkFinite(x, representations.shape());
            x.subiRowVector(x.mean(0));
            INDArray covariance = n >= d ? Nd4j.gemm(x, x, true, false) : Nd4j.gemm(x, x, false, true);
            covariance.divi(n - 1);
            double[] eigenvalues = Arrays.copyOf(descending(symmetricEigenvalues(covariance)), d);
            return fromEigenvalues(eigenvalues, n);
        }
    }

    /**
     * H̃ and H from a covariance spectrum (any order; negatives clamped to 0). Exposed so a spectrum
     * obtained another way (e.g. from singular values, {@code λ = s² / (n−1)}) is scored identically.
     */
    public static SpectralSummary fromEigenvalues(double[] eigenvalues, int n) {
        int d = eigenvalues.length;
        if (d < 2) {
            throw new IllegalArgumentException("Need at least 2 eigenvalues (d >= 2) to normalise by log d, got " + d);
        }
        double[] lambda = new double[d];
        double total = 0;
        for (int i = 0; i < d; i++) {
            if (Double.isNaN(eigenvalues[i]) || Double.isInfinite(eigenvalues[i])) {
                throw new IllegalArgumentException("Eigenvalue " + i + " is " + eigenvalues[i] + "; expected a finite number");
            }
            lambda[i] = Math.max(eigenvalues[i], 0.0);
            total += lambda[i];
        }
        lambda = descending(lambda);
        if (total == 0.0) {
            return new SpectralSummary(0.0, 0.0, lambda, n, d, true, false);
        }
        double entropy = 0;
        for (double l : lambda) {
            double p = l / total;
            entropy -= p * Math.log(p + EPSILON);
        }
        // ε can push H a hair past log d for an exactly flat spectrum; H̃ stays in [0, 1].
        double normalised = Math.min(1.0, Math.max(0.0, entropy / Math.log(d)));
        return new SpectralSummary(normalised, entropy, lambda, n, d, false, false);
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

    private static void checkFinite(INDArray x, long[] shape) {
        if (Double.isFinite(x.sumNumber().doubleValue())) {
            return; // any NaN or Inf makes the sum non-finite; a finite sum proves there are none
        }
        long nan = Nd4j.getExecutioner().exec(new MatchCondition(x, Conditions.isNan())).getLong(0);
        long inf = Nd4j.getExecutioner().exec(new MatchCondition(x, Conditions.isInfinite())).getLong(0);
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
