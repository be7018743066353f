package dev.grokwatch.entropy;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Random;

import static dev.grokwatch.entropy.SpectralEntropyTest.gaussian;
import static dev.grokwatch.entropy.SpectralEntropyTest.normalisedEntropyByHand;
import static org.junit.jupiter.api.Assertions.*;

/** {@link SpectralEntropy} at the edges of the double range, on constant and nearly constant data. */
class SpectralEntropyEdgeTest {

    /** Gaussian columns with standard deviations spread over three decades: a mid-range H̃. */
    static double[][] anisotropic(int n, int d, long seed) {
        double[][] x = gaussian(n, d, seed);
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = 3 + row[j] * Math.pow(10, 3.0 * j / (d - 1)); // a mean, so centring matters
            }
        }
        return x;
    }

    static double[][] times(double[][] x, double factor) {
        return Arrays.stream(x).map(r -> Arrays.stream(r).map(v -> v * factor).toArray()).toArray(double[][]::new);
    }

    /**
     * The reference: Commons Math on the same values multiplied by the power of two that brings the
     * largest to [1, 2) — exact, so it is the H̃ of exactly these numbers, computed where Commons Math's
     * own arithmetic neither overflows nor underflows.
     */
    static double commonsMathEntropy(double[][] x) {
        double largest = Arrays.stream(x).flatMapToDouble(Arrays::stream).map(Math::abs).max().orElseThrow();
        int shift = -Math.getExponent(largest);
        double[][] normal = Arrays.stream(x).map(r -> Arrays.stream(r).map(v -> Math.scalb(v, shift)).toArray())
                .toArray(double[][]::new);
        double[] lambda = new EigenDecomposition(new Covariance(normal).getCovarianceMatrix()).getRealEigenvalues();
        return normalisedEntropyByHand(Arrays.stream(lambda).map(v -> Math.max(v, 0)).toArray());
    }

    static void assertEntropyAcrossScales(double[][] base, double[] factors, DataType type) {
        for (double factor : factors) {
            INDArray input = Nd4j.create(times(base, factor)).castTo(type);
            double[][] asGiven = input.castTo(DataType.DOUBLE).toDoubleMatrix();
            SpectralSummary s = SpectralEntropy.of(input);
            String at = type + " data scaled by " + factor;
            assertFalse(s.constant(), at);
            assertEquals(commonsMathEntropy(asGiven), s.normalisedEntropy(), 1e-10, at);
            assertEquals(s.normalisedEntropy() * Math.log(s.d()), s.entropy(), 1e-12, at);
        }
    }

    private static final double[] DOUBLE_SCALES = {1e-300, 1e-250, 1e-200, 1e-162, 1e-154, 1e-100, 1e-50, 1e-10, 1,
            1e10, 1e50, 1e100, 1e154, 1e160, 1e200, 1e250, 1e300};

    @Test
    void entropyIsTheSameAtEveryDoubleScale() {
        double[][] base = anisotropic(200, 10, 1);
        double unscaled = commonsMathEntropy(base);
        assertTrue(unscaled > 0.2 && unscaled < 0.9, "mid-range test data, got " + unscaled);
        assertEntropyAcrossScales(base, DOUBLE_SCALES, DataType.DOUBLE);
        // the rescaling is by powers of two: ordinary data keeps Commons Math's H̃ of the unscaled values
        for (double factor : DOUBLE_SCALES) {
            assertEquals(unscaled, SpectralEntropy.of(Nd4j.create(times(base, factor))).normalisedEntropy(), 1e-10,
                    "scale " + factor);
        }
    }

    @Test
    void entropyIsTheSameAtEveryScaleWhenFewerRowsThanColumns() {
        // n < d: the Gram matrix path
        double[][] base = anisotropic(8, 20, 2);
        assertTrue(SpectralEntropy.of(Nd4j.create(base)).rankDeficient());
        assertEntropyAcrossScales(base, DOUBLE_SCALES, DataType.DOUBLE);
    }

    @Test
    void subnormalDataIsScoredOnTheValuesItHolds() {
        // 1e-310 … 1e-318: subnormal doubles, fewer significant bits, still a spectrum
        double[][] base = anisotropic(100, 6, 3);
        assertEntropyAcrossScales(times(base, 1e-3), new double[]{1e-305, 1e-308, 1e-312, 1e-315}, DataType.DOUBLE);
    }

    @Test
    void floatDataIsTheSameAtEveryFloatScale() {
        double[][] base = anisotropic(150, 8, 4);
        // up to float's largest (3.4e38), down to its subnormals (below 1.2e-38)
        assertEntropyAcrossScales(base, new double[]{1e-40, 1e-38, 1e-30, 1e-10, 1, 1e10, 1e30, 1e34}, DataType.FLOAT);
        assertEntropyAcrossScales(anisotropic(6, 12, 5), new double[]{1e-36, 1e34}, DataType.FLOAT);
    }

    @Test
    void columnsOfVeryDifferentScalesNeitherOverflowNorUnderflow() {
        // columns spread over twelve decades, then the whole matrix pushed to either end of the range
        double[][] base = gaussian(300, 7, 6);
        for (double[] row : base) {
            for (int j = 0; j < 7; j++) {
                row[j] = 1e5 + row[j] * Math.pow(10, 2 * j - 6);
            }
        }
        assertEntropyAcrossScales(base, new double[]{1e-290, 1e-160, 1, 1e150, 1e290}, DataType.DOUBLE);
    }

    @Test
    void aLargeConstantCoordinateDoesNotHideSmallVaryingOnes() {
        // one coordinate fixed at 1e300, three Gaussian ones at 1e-10: the spectrum is theirs plus a zero
        double[][] small = times(gaussian(200, 3, 7), 1e-10);
        double[][] x = new double[200][4];
        for (int i = 0; i < 200; i++) {
            x[i][0] = 1e300;
            System.arraycopy(small[i], 0, x[i], 1, 3);
        }
        double[] lambda = new EigenDecomposition(new Covariance(times(small, 1e10)).getCovarianceMatrix())
                .getRealEigenvalues();
        double[] expected = Arrays.copyOf(lambda, 4);
        SpectralSummary s = SpectralEntropy.of(Nd4j.create(x));
        assertFalse(s.constant());
        assertEquals(normalisedEntropyByHand(expected), s.normalisedEntropy(), 1e-10);
    }

    @Test
    void eigenvaluesAreReportedInTheDataUnitsAndSaturateOutsideTheDoubleRange() {
        double[][] base = anisotropic(100, 5, 8);
        double[] reference = SpectralEntropy.of(Nd4j.create(base)).eigenvalues();
        double[] at2p300 = SpectralEntropy.of(Nd4j.create(times(base, 0x1p300))).eigenvalues();
        for (int i = 0; i < 5; i++) {
            assertEquals(Math.scalb(reference[i], 600), at2p300[i], Math.scalb(reference[i], 600) * 1e-12);
        }
        SpectralSummary huge = SpectralEntropy.of(Nd4j.create(times(base, 1e200)));
        assertEquals(Double.POSITIVE_INFINITY, huge.eigenvalues()[0]); // λ ≈ 1e406: beyond double
        SpectralSummary tiny = SpectralEntropy.of(Nd4j.create(times(base, 1e-200)));
        assertEquals(0.0, tiny.eigenvalues()[4]);                       // λ ≈ 1e-400: below double
        assertFalse(tiny.constant());
        assertEquals(huge.normalisedEntropy(), tiny.normalisedEntropy(), 1e-10);
    }

    // ---- constant and nearly constant data ----

    /** Every row the same vector. */
    static double[][] repeated(double[] row, int n) {
        double[][] x = new double[n][];
        Arrays.fill(x, row);
        return Arrays.stream(x).map(double[]::clone).toArray(double[][]::new);
    }

    static void assertConstant(SpectralSummary s, String what) {
        assertTrue(s.constant(), what + ": " + s);
        assertEquals(0.0, s.normalisedEntropy(), what);
        assertEquals(0.0, s.entropy(), what);
        assertEquals(0.0, s.effectiveRank(), what);
        assertArrayEquals(new double[s.d()], s.eigenvalues(), what);
    }

    private static final double[] AWKWARD = {0.1, 1.0 / 3, 1e10 + 0.1, -7.3e-5, Math.PI * 1e-200, 1e300 / 3,
            Double.MIN_VALUE * 3, 2.0 / 3 * 1e-310, 0.0, -1e10 / 7};

    @Test
    void constantRowsOfAwkwardValuesAreConstantInEveryType() {
        for (int n : new int[]{2, 3, 7, 100, 513}) {
            assertConstant(SpectralEntropy.of(Nd4j.create(repeated(AWKWARD, n))), n + " rows of " + Arrays.toString(AWKWARD));
            double[] inFloatRange = Arrays.stream(AWKWARD).filter(v -> Math.abs(v) < Float.MAX_VALUE).toArray();
            assertConstant(SpectralEntropy.of(Nd4j.create(repeated(inFloatRange, n)).castTo(DataType.FLOAT)),
                    n + " float rows of " + Arrays.toString(inFloatRange));
            // each value alone, in a two-column matrix (n < d and n >= d both reached)
            for (double v : AWKWARD) {
                assertConstant(SpectralEntropy.of(Nd4j.create(repeated(new double[]{v, v}, n))), n + " rows of " + v);
            }
        }
    }

    @Test
    void valuesEqualUpToRoundingAreConstant() {
        // 0.1 + 0.2 and 0.3 differ in the last bit; a tanh saturated at 1 wobbles in the last bits
        double[][] x = repeated(new double[]{0.3, 1.0, 0.3}, 64);
        Random random = new Random(9);
        for (double[] row : x) {
            if (random.nextBoolean()) {
                row[0] = 0.1 + 0.2;
            }
            row[1] = 1.0 - random.nextInt(4) * Math.ulp(0.5);
            row[2] = Math.nextUp(0.3);
        }
        assertConstant(SpectralEntropy.of(Nd4j.create(x)), "rounding-level differences");
    }

    @Test
    void oneRowDifferingByAFewUlpsIsConstantAndByMoreIsRankOne() {
        for (double v : new double[]{0.1, 1e10 + 0.1, 1e300 / 3, -1e-300 / 3}) {
            for (int ulps : new int[]{1, SpectralEntropy.CONSTANT_ULPS}) {
                double[][] x = repeated(new double[]{v, 2 * v}, 50);
                x[17][0] = v + ulps * Math.ulp(v);
                assertConstant(SpectralEntropy.of(Nd4j.create(x)), v + " with one row " + ulps + " ulp off");
            }
            // beyond the tolerance the difference is data: one direction holds all the variance
            double delta = (SpectralEntropy.CONSTANT_ULPS + 1) * Math.ulp(v);
            double[][] x = repeated(new double[]{v, 2 * v, 3 * v}, 50);
            x[17][0] = v + delta;
            SpectralSummary s = SpectralEntropy.of(Nd4j.create(x));
            assertFalse(s.constant(), v + ": " + s);
            assertEquals(0.0, s.normalisedEntropy(), v + ": " + s);
            assertEquals(1.0, s.effectiveRank(), 1e-12, v + ": " + s);
            double exactDelta = (v + delta) - v; // the difference as stored
            // centred column: δ(1 − 1/n) once and −δ/n n−1 times, so the variance is δ² / n
            assertEquals(exactDelta * exactDelta / 50, s.eigenvalues()[0], Math.abs(exactDelta * exactDelta / 50) * 1e-12,
                    v + ": " + s);
            assertEquals(0.0, s.eigenvalues()[1], v + ": " + s);
        }
    }

    @Test
    void theToleranceIsInUlpsOfTheInputType() {
        // float32: 4 float ulps are rounding, 8 are data
        float v = 0.1f;
        double[][] x = repeated(new double[]{v, v}, 20);
        x[3][1] = v + 4 * Math.ulp(v);
        assertConstant(SpectralEntropy.of(Nd4j.create(x).castTo(DataType.FLOAT)), "4 float ulps");
        x[3][1] = v + 8 * Math.ulp(v);
        SpectralSummary s = SpectralEntropy.of(Nd4j.create(x).castTo(DataType.FLOAT));
        assertFalse(s.constant(), s.toString());
        double delta = (double) (v + 8 * Math.ulp(v)) - v;
        assertEquals(delta * delta / 20, s.eigenvalues()[0], delta * delta / 20 * 1e-12);
        // the same 8 float ulps in a double matrix are thousands of double ulps: data as well
        assertFalse(SpectralEntropy.of(Nd4j.create(x)).constant());
        // half precision: 10 mantissa bits, so one ulp of 0.125 is 2^-13
        double[][] h = repeated(new double[]{0.125, -3.0}, 20);
        h[7][0] = 0.125 + 4 * 0x1p-13;
        assertConstant(SpectralEntropy.of(Nd4j.create(h).castTo(DataType.HALF)), "4 half ulps");
        h[7][0] = 0.125 + 8 * 0x1p-13;
        assertFalse(SpectralEntropy.of(Nd4j.create(h).castTo(DataType.HALF)).constant());
    }

    @Test
    void aConstantCoordinateBesideVaryingOnesAddsNothing() {
        double[][] varying = gaussian(100, 3, 10);
        double[][] x = new double[100][4];
        for (int i = 0; i < 100; i++) {
            x[i][0] = 1.0 / 3; // constant, with a mean that does not round to itself
            System.arraycopy(varying[i], 0, x[i], 1, 3);
        }
        double[] lambda = Arrays.copyOf(
                new EigenDecomposition(new Covariance(varying).getCovarianceMatrix()).getRealEigenvalues(), 4);
        SpectralSummary s = SpectralEntropy.of(Nd4j.create(x));
        assertEquals(normalisedEntropyByHand(lambda), s.normalisedEntropy(), 1e-12);
        assertEquals(0.0, s.eigenvalues()[3]); // exactly: not a rounding remainder
    }

    // ---- fromEigenvalues ----

    @Test
    void fromEigenvaluesScoresHugeAndTinySpectraLikeOrdinaryOnes() {
        double expected = normalisedEntropyByHand(new double[]{2, 2, 1});
        double max = Double.MAX_VALUE;
        // sums to Infinity unless rescaled first
        assertEquals(expected, SpectralEntropy.fromEigenvalues(new double[]{max, max, max / 2}, 5)
                .normalisedEntropy(), 1e-15);
        assertEquals(expected, SpectralEntropy.fromEigenvalues(new double[]{2e-320, 2e-320, 1e-320}, 5)
                .normalisedEntropy(), 1e-15);
        assertEquals(expected, SpectralEntropy.fromEigenvalues(new double[]{2e300, 1e300, 2e300}, 5)
                .normalisedEntropy(), 1e-15);
        SpectralSummary huge = SpectralEntropy.fromEigenvalues(new double[]{max, max, max / 2}, 5);
        assertArrayEquals(new double[]{max, max, max / 2}, huge.eigenvalues()); // reported as given
        assertFalse(huge.constant());
    }

    @Test
    void entropyNeverLeavesZeroToLogD() {
        SpectralSummary single = SpectralEntropy.fromEigenvalues(new double[]{5, 0, 0, 0}, 10);
        assertEquals(0.0, single.entropy()); // −1·log(1 + ε) would be −1e-12
        assertEquals(0.0, single.normalisedEntropy());
        assertEquals(1.0, single.effectiveRank());
        SpectralSummary flat = SpectralEntropy.fromEigenvalues(new double[]{3, 3, 3, 3}, 10);
        assertTrue(flat.entropy() <= Math.log(4) && flat.normalisedEntropy() <= 1.0, flat.toString());
        assertEquals(1.0, flat.normalisedEntropy(), 1e-11);
        assertTrue(SpectralEntropy.fromEigenvalues(new double[]{0, 0, -1e-30}, 10).constant());
        IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
                () -> SpectralEntropy.fromEigenvalues(new double[]{1, Double.POSITIVE_INFINITY}, 10));
        assertTrue(inf.getMessage().contains("Infinity") && inf.getMessage().contains("finite"), inf.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpectralEntropy.fromEigenvalues(null, 10));
    }
}
