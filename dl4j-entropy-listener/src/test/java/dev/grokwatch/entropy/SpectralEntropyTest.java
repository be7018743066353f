package dev.grokwatch.entropy;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SpectralEntropyTest {

    /** n × d matrix of independent standard normals, from java.util.Random so the data is the same everywhere. */
    static double[][] gaussian(int n, int d, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return x;
    }

    /** A random orthogonal k × k matrix (Q of a Gaussian matrix's QR). */
    static RealMatrix orthogonal(int k, long seed) {
        return new QRDecomposition(new Array2DRowRealMatrix(gaussian(k, k, seed))).getQ();
    }

    /** H̃ computed by hand from a spectrum, the paper's formula written out. */
    static double normalisedEntropyByHand(double[] lambda) {
        double total = Arrays.stream(lambda).sum();
        double h = 0;
        for (double l : lambda) {
            double p = l / total;
            h -= p * Math.log(p + 1e-12);
        }
        return h / Math.log(lambda.length);
    }

    @Test
    void isotropicGaussianDataIsNearlyMaximal() {
        SpectralSummary s = SpectralEntropy.of(Nd4j.create(gaussian(20_000, 16, 1)));
        assertEquals(1.0, s.normalisedEntropy(), 2e-3);
        assertEquals(16, s.effectiveRank(), 0.1);
        assertFalse(s.rankDeficient());
    }

    @Test
    void rankOneDataHasZeroEntropy() {
        double[][] x = new double[100][8];
        Random random = new Random(2);
        double[] direction = {1, -2, 0.5, 3, 0, 1, 1, -1};
        for (double[] row : x) {
            double t = random.nextGaussian();
            for (int j = 0; j < 8; j++) {
                row[j] = 5 + t * direction[j];
            }
        }
        SpectralSummary s = SpectralEntropy.of(Nd4j.create(x));
        assertEquals(0.0, s.normalisedEntropy(), 1e-9);
        assertEquals(1.0, s.effectiveRank(), 1e-8);
    }

    @Test
    void constructedSpectrumMatchesHandComputation() {
        // X = U S Vᵀ with U's columns orthonormal and zero-mean, so the covariance is V S² Vᵀ / (n−1) exactly.
        int n = 300;
        int d = 6;
        double[] singular = {9, 4, 2, 1, 0.5, 0.1};
        RealMatrix centredGaussian = new Array2DRowRealMatrix(gaussian(n, d, 3));
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += centredGaussian.getEntry(i, j) / n;
            }
            for (int i = 0; i < n; i++) {
                centredGaussian.addToEntry(i, j, -mean);
            }
        }
        RealMatrix u = new QRDecomposition(centredGaussian).getQ().getSubMatrix(0, n - 1, 0, d - 1);
        RealMatrix s = new Array2DRowRealMatrix(d, d);
        for (int i = 0; i < d; i++) {
            s.setEntry(i, i, singular[i]);
        }
        RealMatrix x = u.multiply(s).multiply(orthogonal(d, 4).transpose());
        double[] lambda = Arrays.stream(singular).map(v -> v * v / (n - 1)).toArray();

        SpectralSummary summary = SpectralEntropy.of(Nd4j.create(x.getData()));

        assertEquals(normalisedEntropyByHand(lambda), summary.normalisedEntropy(), 1e-9);
        assertArrayEquals(lambda, summary.eigenvalues(), 1e-9);
        assertEquals(summary.normalisedEntropy() * Math.log(d), summary.entropy(), 1e-12);
    }

    @Test
    void invariantUnderRotationAndScaling() {
        double[][] raw = gaussian(200, 10, 5);
        for (double[] row : raw) {
            for (int j = 0; j < 10; j++) {
                row[j] *= (j + 1); // anisotropic, so the invariance is not trivial
            }
        }
        RealMatrix x = new Array2DRowRealMatrix(raw);
        double base = SpectralEntropy.of(Nd4j.create(raw)).normalisedEntropy();
        double rotated = SpectralEntropy.of(Nd4j.create(x.multiply(orthogonal(10, 6)).getData())).normalisedEntropy();
        double scaled = SpectralEntropy.of(Nd4j.create(x.scalarMultiply(1e3).getData())).normalisedEntropy();
        double shifted = SpectralEntropy.of(Nd4j.create(x.scalarAdd(-7).getData())).normalisedEntropy();
        assertTrue(base > 0.5 && base < 0.99, "anisotropic test data should sit mid-range, got " + base);
        assertEquals(base, rotated, 1e-10);
        assertEquals(base, scaled, 1e-10);
        assertEquals(base, shifted, 1e-10);
    }

    @Test
    void eigenvaluesAgreeWithCommonsMath() {
        for (long seed = 10; seed < 15; seed++) {
            double[][] raw = gaussian(64, 12, seed);
            Random random = new Random(seed);
            for (double[] row : raw) {
                for (int j = 0; j < 12; j++) {
                    row[j] *= Math.exp(random.nextGaussian()); // non-trivial spectra
                }
            }
            RealMatrix covariance = new Covariance(raw).getCovarianceMatrix(); // divides by n − 1
            double[] expected = new EigenDecomposition(covariance).getRealEigenvalues().clone();
            Arrays.sort(expected);
            double[] descending = new double[expected.length];
            for (int i = 0; i < expected.length; i++) {
                descending[i] = expected[expected.length - 1 - i];
            }
            SpectralSummary summary = SpectralEntropy.of(Nd4j.create(raw));
            assertArrayEquals(descending, summary.eigenvalues(), 1e-10);
            assertEquals(normalisedEntropyByHand(descending), summary.normalisedEntropy(), 1e-12);
        }
    }

    @Test
    void floatInputIsComputedInDoublePrecision() {
        double[][] raw = gaussian(256, 32, 20);
        double fromDouble = SpectralEntropy.of(Nd4j.create(raw)).normalisedEntropy();
        INDArray asFloat = Nd4j.create(raw).castTo(DataType.FLOAT);
        double fromFloat = SpectralEntropy.of(asFloat).normalisedEntropy();
        assertEquals(fromDouble, fromFloat, 1e-6); // only the float rounding of the inputs differs
        assertEquals(DataType.FLOAT, asFloat.dataType());
    }

    @Test
    void inputIsNotModified() {
        INDArray x = Nd4j.create(gaussian(50, 5, 21));
        INDArray copy = x.dup();
        SpectralEntropy.of(x);
        assertEquals(copy, x);
    }

    @Test
    void fewerRowsThanColumnsUsesTheGramMatrixAndIsFlagged() {
        double[][] raw = gaussian(10, 40, 22);
        RealMatrix covariance = new Covariance(raw).getCovarianceMatrix();
        double[] expected = new EigenDecomposition(covariance).getRealEigenvalues();
        SpectralSummary summary = SpectralEntropy.of(Nd4j.create(raw));
        assertTrue(summary.rankDeficient());
        assertEquals(40, summary.eigenvalues().length);
        assertEquals(normalisedEntropyByHand(Arrays.stream(expected).map(v -> Math.max(v, 0)).toArray()),
                summary.normalisedEntropy(), 1e-9);
        // 10 centred rows span at most 9 dimensions
        assertEquals(0.0, summary.eigenvalues()[9], 1e-12);
    }

    @Test
    void squareProbeIsRankDeficient() {
        assertTrue(SpectralEntropy.of(Nd4j.create(gaussian(8, 8, 23))).rankDeficient());
        assertFalse(SpectralEntropy.of(Nd4j.create(gaussian(9, 8, 23))).rankDeficient());
    }

    @Test
    void constantRepresentationsAreDefinedAsFullyCollapsed() {
        INDArray constant = Nd4j.ones(DataType.FLOAT, 20, 4).muli(3);
        SpectralSummary s = SpectralEntropy.of(constant);
        assertTrue(s.constant());
        assertEquals(0.0, s.normalisedEntropy());
        assertEquals(0.0, s.effectiveRank());
        assertArrayEquals(new double[4], s.eigenvalues());
    }

    @Test
    void nonFiniteInputIsRejectedWithCounts() {
        INDArray x = Nd4j.create(gaussian(30, 4, 24));
        x.putScalar(3, 1, Double.NaN);
        x.putScalar(5, 2, Double.POSITIVE_INFINITY);
        x.putScalar(6, 2, Double.NEGATIVE_INFINITY);
        NonFiniteRepresentationException e =
                assertThrows(NonFiniteRepresentationException.class, () -> SpectralEntropy.of(x));
        assertEquals(1, e.nanCount());
        assertEquals(2, e.infiniteCount());
        assertTrue(e.getMessage().contains("1 NaN") && e.getMessage().contains("2 infinite"), e.getMessage());
    }

    @Test
    void badShapesAreRejectedWithTheExpectation() {
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> SpectralEntropy.of(Nd4j.create(DataType.DOUBLE, 4, 3, 2)));
        assertTrue(rank.getMessage().contains("[4, 3, 2]") && rank.getMessage().contains("rank-2"), rank.getMessage());
        IllegalArgumentException oneRow = assertThrows(IllegalArgumentException.class,
                () -> SpectralEntropy.of(Nd4j.create(gaussian(1, 5, 25))));
        assertTrue(oneRow.getMessage().contains("at least 2"), oneRow.getMessage());
        IllegalArgumentException oneColumn = assertThrows(IllegalArgumentException.class,
                () -> SpectralEntropy.of(Nd4j.create(gaussian(10, 1, 26))));
        assertTrue(oneColumn.getMessage().contains("d >= 2"), oneColumn.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpectralEntropy.of(null));
        IllegalArgumentException integer = assertThrows(IllegalArgumentException.class,
                () -> SpectralEntropy.of(Nd4j.create(DataType.INT, 5, 3)));
        assertTrue(integer.getMessage().contains("floating-point"), integer.getMessage());
    }

    @Test
    void fromEigenvaluesClampsNegativesAndRejectsNonFinite() {
        SpectralSummary s = SpectralEntropy.fromEigenvalues(new double[]{-1e-15, 2, 2}, 10);
        assertEquals(Math.log(2) / Math.log(3), s.normalisedEntropy(), 1e-10);
        assertArrayEquals(new double[]{2, 2, 0}, s.eigenvalues());
        assertThrows(IllegalArgumentException.class, () -> SpectralEntropy.fromEigenvalues(new double[]{1, Double.NaN}, 10));
        assertThrows(IllegalArgumentException.class, () -> SpectralEntropy.fromEigenvalues(new double[]{1}, 10));
    }
}
