package dev.grokwatch.entropy;

import java.util.Arrays;

/**
 * The spectrum of one representation covariance and the entropies read from it.
 *
 * <p>Eigenvalues are in descending order, clamped at zero, in the data's units squared; outside the
 * double range they saturate at {@code Infinity} or 0, while H̃ and H, computed on a rescaled
 * spectrum, do not. {@code rankDeficient} is set when the probe has no more rows than the
 * representation has dimensions ({@code n <= d}), where the sample covariance cannot be full rank and
 * H̃ is biased low; {@code constant} is set when every probe row is the same vector, up to
 * {@value SpectralEntropy#CONSTANT_ULPS} ulps per coordinate (all-zero covariance, see
 * {@link SpectralEntropy}); {@code nonFinite} when the activations held NaN or Inf and nothing could
 * be computed (every number is then NaN).
 */
public final class SpectralSummary {

    private final double normalisedEntropy;
    private final double entropy;
    private final double[] eigenvalues;
    private final int n;
    private final int d;
    private final boolean constant;
    private final boolean nonFinite;

    SpectralSummary(double normalisedEntropy, double entropy, double[] eigenvalues, int n, int d,
                    boolean constant, boolean nonFinite) {
        this.normalisedEntropy = normalisedEntropy;
        this.entropy = entropy;
        this.eigenvalues = eigenvalues;
        this.n = n;
        this.d = d;
        this.constant = constant;
        this.nonFinite = nonFinite;
    }

    /** The summary recorded when the activations contained NaN or Inf: every number is NaN. */
    public static SpectralSummary nonFinite(int n, int d) {
        double[] nan = new double[d];
        Arrays.fill(nan, Double.NaN);
        return new SpectralSummary(Double.NaN, Double.NaN, nan, n, d, false, true);
    }

    /** H̃ = H / log d, in [0, 1]: 1 for an isotropic spectrum, 0 when one direction holds everything. */
    public double normalisedEntropy() {
        return normalisedEntropy;
    }

    /** H = −Σ p_i log(p_i + ε), natural log, clamped to [0, log d]. */
    public double entropy() {
        return entropy;
    }

    /** Effective rank exp(H) on a [1, d] scale; 0 for constant representations, NaN for non-finite ones. */
    public double effectiveRank() {
        return constant ? 0.0 : Math.exp(entropy);
    }

    /** All d eigenvalues of the covariance, descending, in the data's units squared (a copy). */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** The k largest eigenvalues (fewer when d &lt; k). */
    public double[] topEigenvalues(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        return Arrays.copyOf(eigenvalues, Math.min(k, eigenvalues.length));
    }

    /** Number of probe rows. */
    public int n() {
        return n;
    }

    /** Representation dimension. */
    public int d() {
        return d;
    }

    /** True when n &lt;= d: the sample covariance is rank-deficient (the paper requires n &gt; d). */
    public boolean rankDeficient() {
        return n <= d;
    }

    /** True when every probe row was the same vector, up to rounding (zero covariance; see {@link SpectralEntropy}). */
    public boolean constant() {
        return constant;
    }

    /** True when the activations held NaN or Inf. */
    public boolean nonFinite() {
        return nonFinite;
    }

    @Override
    public String toString() {
        return String.format("SpectralSummary[H̃=%.6f, H=%.6f, effectiveRank=%.3f, n=%d, d=%d%s%s%s]",
                normalisedEntropy, entropy, effectiveRank(), n, d,
                rankDeficient() ? ", rankDeficient" : "", constant ? ", constant" : "",
                nonFinite ? ", nonFinite" : "");
    }
}
