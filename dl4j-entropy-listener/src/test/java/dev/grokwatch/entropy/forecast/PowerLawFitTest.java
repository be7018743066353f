package dev.grokwatch.entropy.forecast;

import org.apache.commons.math3.stat.StatUtils;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class PowerLawFitTest {

    static final double C1 = 40_000;
    static final double GAMMA = 1.65;
    static final double C2 = 300;

    static double[] gaps(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.005 + 0.345 * i / (n - 1);
        }
        return x;
    }

    @Test
    void recoversKnownParametersFromNoiselessPoints() {
        double[] x = gaps(40);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = C1 * Math.pow(x[i], GAMMA) + C2;
        }
        PowerLawFit fit = PowerLawFit.fit(x, y);
        assertEquals(C1, fit.c1(), C1 * 1e-6);
        assertEquals(GAMMA, fit.gamma(), 1e-6);
        assertEquals(C2, fit.c2(), 1e-3);
        assertEquals(1.0, fit.rSquared(), 1e-12);
        assertEquals(0.345 + 0.005, fit.xMax(), 1e-12);
    }

    @Test
    void recoversKnownParametersThroughSeededNoise() {
        double[] x = gaps(200);
        double[] y = new double[x.length];
        double[] noise = new double[x.length];
        Random random = new Random(5);
        for (int i = 0; i < x.length; i++) {
            noise[i] = 50 * random.nextGaussian();
            y[i] = C1 * Math.pow(x[i], GAMMA) + C2 + noise[i];
        }
        PowerLawFit fit = PowerLawFit.fit(x, y);
        assertEquals(GAMMA, fit.gamma(), 0.05);
        assertEquals(C1, fit.c1(), 0.05 * C1);
        assertEquals(C2, fit.c2(), 30);
        assertEquals(50, fit.residualSd(), 8, "residual spread is the noise");
        // the residuals are the noise up to the small error of the fitted curve
        assertEquals(StatUtils.percentile(noise, 2.5), fit.residualLow(), 10);
        assertEquals(StatUtils.percentile(noise, 97.5), fit.residualHigh(), 10);
        assertTrue(fit.rSquared() > 0.99 && fit.rSquared() < 1, "R² " + fit.rSquared());
        assertEquals(200, fit.points());
    }

    @Test
    void fittedNumbersOnFixedDataAreThoseOfTheFitBeforeItSharedItsSkeletonToTheBit() {
        // recorded from the fit as it was before SeparableCurveFit took over its Levenberg-Marquardt skeleton
        double[] x = gaps(200);
        double[] y = new double[x.length];
        Random random = new Random(5);
        for (int i = 0; i < x.length; i++) {
            y[i] = C1 * Math.pow(x[i], GAMMA) + C2 + 50 * random.nextGaussian();
        }
        assertEquals(new PowerLawFit(0x1.3361230da5e85p15, 0x1.a2a1d08153724p0, 0x1.208347a272d62p8,
                0x1.ffb515895b9fdp-1, 0x1.9736a7343d8dep5, -0x1.fcaf26e68df61p6, 0x1.94bd01f9fd02ap6, 200,
                0x1.6666666666667p-2), PowerLawFit.fit(x, y));
    }

    @Test
    void aDecreasingLawIsFoundToo() {
        double[] x = gaps(30);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = -500 * Math.pow(x[i], 0.5) + 2_000;
        }
        PowerLawFit fit = PowerLawFit.fit(x, y);
        assertEquals(-500, fit.c1(), 1e-3);
        assertEquals(0.5, fit.gamma(), 1e-6);
        assertEquals(2_000, fit.c2(), 1e-3);
    }

    @Test
    void badInputSaysWhatWasExpected() {
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> PowerLawFit.fit(new double[]{0.1, 0.2, 0.3}, new double[]{1, 2, 3}));
        assertTrue(few.getMessage().contains("at least 4 points, got 3"), few.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> PowerLawFit.fit(new double[]{0.1, -0.2, 0.3, 0.4}, new double[]{1, 2, 3, 4}));
        assertTrue(negative.getMessage().contains("point 1") && negative.getMessage().contains("x >= 0"),
                negative.getMessage());
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
                () -> PowerLawFit.fit(new double[]{0.1, 0.2, 0.3, 0.4}, new double[]{1, 2, 3}));
        assertTrue(lengths.getMessage().contains("one y per x"), lengths.getMessage());
        IllegalArgumentException constant = assertThrows(IllegalArgumentException.class,
                () -> PowerLawFit.fit(new double[]{0.2, 0.2, 0.2, 0.2}, new double[]{1, 2, 3, 4}));
        assertTrue(constant.getMessage().contains("do not vary"), constant.getMessage());
    }
}
