package dev.grokwatch.models.interventions;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FourierAlignmentTest {

    /** Rows 0..p−1 are tokens, row p the '=' token (random, must be ignored). */
    private static double[][] gaussian(int p, int d, long seed) {
        Random random = new Random(seed);
        double[][] e = new double[p + 1][d];
        for (double[] row : e) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return e;
    }

    /** Each column a wave cos(2πka/p + φ) of one of the given frequencies, random amplitude and phase, plus noise. */
    private static double[][] fourier(int p, int d, int[] frequencies, double noise, long seed) {
        Random random = new Random(seed);
        double[][] e = gaussian(p, d, seed + 1);
        for (int j = 0; j < d; j++) {
            int k = frequencies[j % frequencies.length];
            double amplitude = 0.5 + random.nextDouble();
            double phase = 2 * Math.PI * random.nextDouble();
            double offset = random.nextGaussian();
            for (int a = 0; a < p; a++) {
                e[a][j] = offset + amplitude * Math.cos(2 * Math.PI * k * a / p + phase) + noise * e[a][j];
            }
        }
        return e;
    }

    /** max over k, j, φ of |r(e_j, cos(2πka/p + φ))| by brute force over a fine phase grid, plain doubles. */
    private static double[] slowSpectrum(double[][] e, int p) {
        int d = e[0].length;
        int phases = 3600;
        double[] best = new double[(p - 1) / 2];
        for (int k = 1; k <= (p - 1) / 2; k++) {
            for (int j = 0; j < d; j++) {
                for (int s = 0; s < phases; s++) {
                    double phase = 2 * Math.PI * s / phases;
                    double[] x = new double[p];
                    double[] y = new double[p];
                    for (int a = 0; a < p; a++) {
                        x[a] = e[a][j];
                        y[a] = Math.cos(2 * Math.PI * k * a / p + phase);
                    }
                    best[k - 1] = Math.max(best[k - 1], Math.abs(pearson(x, y)));
                }
            }
        }
        return best;
    }

    private static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    @Test
    void fourierEmbeddingIsAlignedAtItsFrequencies() {
        int p = 97;
        int[] frequencies = {3, 17, 41};
        INDArray e = Nd4j.createFromArray(fourier(p, 24, frequencies, 0.05, 7)).castTo(DataType.FLOAT);

        double[] spectrum = FourierAlignment.spectrum(e, p);

        assertEquals(48, spectrum.length);
        assertTrue(FourierAlignment.of(e, p) > 0.99, "alignment " + FourierAlignment.of(e, p));
        for (int k = 1; k <= 48; k++) {
            boolean present = k == 3 || k == 17 || k == 41;
            if (present) {
                assertTrue(spectrum[k - 1] > 0.99, "k=" + k + ": " + spectrum[k - 1]);
            } else {
                assertTrue(spectrum[k - 1] < 0.1, "k=" + k + ": " + spectrum[k - 1]);
            }
        }
    }

    @Test
    void gaussianEmbeddingMatchesTheBestPhaseCorrelationAndSitsAtTheNoiseFloor() {
        int p = 31;
        int d = 8;
        double[][] raw = gaussian(p, d, 42);

        double[] spectrum = FourierAlignment.spectrum(Nd4j.createFromArray(raw), p);
        double[] expected = slowSpectrum(raw, p);

        // the phase grid is 0.1°: the brute-force maximum is low by at most 1 − cos(0.05°) ≈ 4e-7
        assertArrayEquals(expected, spectrum, 1e-6);
        double floor = Math.sqrt(2 * Math.log(d * (p - 1) / 2.0) / p);
        double alignment = FourierAlignment.of(Nd4j.createFromArray(raw), p);
        assertEquals(max(expected), alignment, 1e-6);
        assertTrue(alignment < 1.5 * floor, "alignment " + alignment + ", noise floor " + floor);
    }

    @Test
    void gaussianAlignmentShrinksWithTheModulus() {
        int d = 16;
        double small = FourierAlignment.of(Nd4j.createFromArray(gaussian(31, d, 1)), 31);
        double large = FourierAlignment.of(Nd4j.createFromArray(gaussian(401, d, 1)), 401);

        assertTrue(large < small, "p=31: " + small + ", p=401: " + large);
        assertTrue(large < 0.3, "p=401: " + large);
    }

    @Test
    void scalingShiftingAndNegatingAColumnChangeNothing() {
        int p = 29;
        double[][] raw = fourier(p, 6, new int[]{2, 5}, 0.8, 3);
        double[] before = FourierAlignment.spectrum(Nd4j.createFromArray(raw), p);

        for (int a = 0; a <= p; a++) {
            raw[a][1] = 7.5 * raw[a][1] - 3.0;
            raw[a][4] = -0.01 * raw[a][4] + 100.0;
        }
        double[] after = FourierAlignment.spectrum(Nd4j.createFromArray(raw), p);

        assertArrayEquals(before, after, 1e-9);
    }

    @Test
    void rowsAfterTheResiduesAreIgnored() {
        int p = 23;
        double[][] raw = gaussian(p, 5, 11);
        double before = FourierAlignment.of(Nd4j.createFromArray(raw), p);

        for (int j = 0; j < 5; j++) {
            raw[p][j] = 1e6 * (j + 1);
        }

        assertEquals(before, FourierAlignment.of(Nd4j.createFromArray(raw), p), 0.0);
    }

    @Test
    void aConstantColumnScoresZeroAndNonFiniteValuesGiveNaN() {
        int p = 11;
        INDArray constant = Nd4j.ones(DataType.DOUBLE, p + 1, 3);
        assertEquals(0.0, FourierAlignment.of(constant, p), 0.0);

        INDArray diverged = Nd4j.createFromArray(gaussian(p, 3, 5));
        diverged.putScalar(4, 1, Double.NaN);
        assertTrue(Double.isNaN(FourierAlignment.of(diverged, p)));
    }

    @Test
    void badInputNamesWhatWasExpected() {
        INDArray e = Nd4j.rand(DataType.FLOAT, 10, 4);

        assertMessage(() -> FourierAlignment.of(e, 2), "modulus is 2; expected p >= 3");
        assertMessage(() -> FourierAlignment.of(e, 11), "embeddings has 10 row(s); expected at least p = 11");
        assertMessage(() -> FourierAlignment.of(Nd4j.rand(DataType.FLOAT, 12), 11), "expected a rank-2 [vocab, d]");
        assertMessage(() -> FourierAlignment.of(Nd4j.zeros(DataType.INT, 12, 3), 11), "expected a floating-point type");
        assertMessage(() -> FourierAlignment.of(null, 11), "embeddings is null");
    }

    private static void assertMessage(Runnable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
    }
}
