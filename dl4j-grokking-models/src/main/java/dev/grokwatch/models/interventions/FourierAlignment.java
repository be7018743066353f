package dev.grokwatch.models.interventions;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * Fourier alignment of a modular task's token embeddings (arXiv 2604.13123, §11): how closely one embedding
 * dimension follows a single wave of frequency {@code k} over the tokens {@code a = 0..p−1}.
 *
 * <p><b>Definition.</b> Let {@code e_j(a)} be column {@code j} of the embedding matrix restricted to
 * rows {@code a = 0..p−1} (the {@code =} token and any further rows are ignored), and for each
 * frequency {@code k = 1..⌊(p−1)/2⌋} let {@code c_k(a) = cos(2πka/p)}, {@code s_k(a) = sin(2πka/p)}.
 * With {@code r} Pearson's correlation over {@code a},
 * <pre>
 *   R(j, k)      = sqrt( r(e_j, c_k)² + r(e_j, s_k)² )
 *   spectrum(k)  = max over j of R(j, k)
 *   alignment    = max over k of spectrum(k)          ∈ [0, 1]
 * </pre>
 * For these {@code k}, {@code c_k} and {@code s_k} are centred, orthogonal and of equal norm over
 * {@code a = 0..p−1}, so {@code R(j, k) = max over φ of |r(e_j, cos(2πka/p + φ))|}: the Pearson
 * correlation of dimension {@code j} with the best-fitting wave of frequency {@code k}, whatever its
 * phase. {@code k} stops below {@code p/2}, where the sine vanishes and the cosine is no longer a
 * wave of its own.
 *
 * <p><b>Why this definition.</b> Correlating with the cosine and the sine separately makes the score
 * depend on phase: a perfect wave {@code cos(2πka/p + π/4)} reaches only 0.71 against either.
 * Projecting the whole embedding onto its best direction per frequency (a canonical correlation)
 * reaches 1 for <em>any</em> embedding once {@code d ≥ p − 1}, random ones included, so at the
 * models' widths (d = 128, p = 97) it cannot tell structure from noise. The phase-free,
 * per-dimension score is 1 for a dimension that is an exact wave, is unchanged by scaling, shifting
 * or negating a dimension, and for an unstructured embedding stays near the noise floor: each
 * {@code R(j, k)²} is then about {@code χ²₂ / p}, so the maximum over the {@code d·⌊(p−1)/2⌋} pairs
 * is about {@code sqrt(2 ln(d·(p−1)/2) / p)}: it shrinks with {@code p} and grows only
 * logarithmically with {@code d} (≈ 0.4 for a Gaussian embedding with p = 97, d = 128). Read a value
 * against that floor, not against 0. The score sees structure along the embedding's own axes: a
 * Fourier feature spread evenly over several dimensions scores lower than one held by a single
 * dimension.
 *
 * <p>A dimension that is constant over the tokens correlates with nothing and scores 0. An embedding
 * holding NaN or Inf yields {@code NaN}, so a diverged run records a missing value rather than a
 * number.
 */
public final class FourierAlignment {

    private FourierAlignment() {
    }

    /**
     * The maximum over frequencies of {@link #spectrum(INDArray, int)}.
     *
     * @param embeddings token embeddings {@code [vocab, d]} of a floating type, vocab ≥ modulus
     * @param modulus    {@code p}, the number of residues, ≥ 3
     * @return the alignment in [0, 1], or NaN when the first {@code p} rows hold NaN or Inf
     */
    public static double of(INDArray embeddings, int modulus) {
        return Arrays.stream(spectrum(embeddings, modulus)).max().orElseThrow();
    }

    /**
     * The best dimension's phase-free correlation for each frequency.
     *
     * @param embeddings token embeddings {@code [vocab, d]} of a floating type, vocab ≥ modulus
     * @param modulus    {@code p}, the number of residues, ≥ 3
     * @return an array of length {@code ⌊(p−1)/2⌋} whose element {@code k − 1} is
     * {@code spectrum(k)}; NaN everywhere when the first {@code p} rows hold NaN or Inf
     */
    public static double[] spectrum(INDArray embeddings, int modulus) {
        double[][] columns = tokenColumns(embeddings, modulus);
        int frequencies = (modulus - 1) / 2;
        double[] best = new double[frequencies];
        if (!allFinite(columns)) {
            Arrays.fill(best, Double.NaN);
            return best;
        }
        PearsonsCorrelation pearson = new PearsonsCorrelation();
        for (int k = 1; k <= frequencies; k++) {
            double[] cos = new double[modulus];
            double[] sin = new double[modulus];
            for (int a = 0; a < modulus; a++) {
                // k·a mod p keeps the angle exact for large p
                double angle = 2 * Math.PI * ((long) k * a % modulus) / modulus;
                cos[a] = Math.cos(angle);
                sin[a] = Math.sin(angle);
            }
            for (double[] column : columns) {
                if (isConstant(column)) {
                    continue;
                }
                double rc = pearson.correlation(column, cos);
                double rs = pearson.correlation(column, sin);
                // round-off can push an exact wave a hair past 1
                best[k - 1] = Math.max(best[k - 1], Math.min(1.0, Math.sqrt(rc * rc + rs * rs)));
            }
        }
        return best;
    }

    /** Rows 0..p−1 as float64 columns, one array per embedding dimension. */
    private static double[][] tokenColumns(INDArray embeddings, int modulus) {
        if (modulus < 3) {
            throw new IllegalArgumentException("modulus is " + modulus
                    + "; expected p >= 3 (at least one frequency k = 1..(p-1)/2)");
        }
        if (embeddings == null) {
            throw new IllegalArgumentException("embeddings is null; expected a [vocab, d] matrix with vocab >= "
                    + modulus);
        }
        if (embeddings.rank() != 2) {
            throw new IllegalArgumentException("embeddings has shape " + Arrays.toString(embeddings.shape())
                    + "; expected a rank-2 [vocab, d] matrix, one token per row");
        }
        if (!embeddings.dataType().isFPType()) {
            throw new IllegalArgumentException("embeddings has type " + embeddings.dataType()
                    + "; expected a floating-point type");
        }
        if (embeddings.rows() < modulus) {
            throw new IllegalArgumentException("embeddings has " + embeddings.rows() + " row(s); expected at least p = "
                    + modulus + " (one per residue 0..p-1, the '=' token after them)");
        }
        if (embeddings.columns() < 1) {
            throw new IllegalArgumentException("embeddings has 0 columns; expected d >= 1");
        }
        INDArray tokens = embeddings.get(NDArrayIndex.interval(0, modulus), NDArrayIndex.all());
        return tokens.castTo(DataType.DOUBLE).transpose().toDoubleMatrix();
    }

    private static boolean allFinite(double[][] columns) {
        for (double[] column : columns) {
            for (double v : column) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isConstant(double[] column) {
        for (double v : column) {
            if (v != column[0]) {
                return false;
            }
        }
        return true;
    }
}
