package dev.grokwatch.entropy.forecast;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

class ExponentialDecayFitTest {

    static final double H_INF = 0.45;
    static final double AMPLITUDE = 0.5;
    static final double KAPPA = 4e-4;
    static final long T0 = 4_000;
    static final long[] STEPS = LongStream.range(0, 12).map(i -> T0 + 200 * i).toArray();

    static double[] curve(double noiseSd, Random random) {
        double[] h = new double[STEPS.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = H_INF + AMPLITUDE * Math.exp(-KAPPA * (STEPS[i] - T0)) + noiseSd * random.nextGaussian();
        }
        return h;
    }

    /** Where the true curve reaches 0.6: t0 + ln(A / (0.6 − H̃∞)) / κ. */
    static final double TRUE_CROSSING = T0 + Math.log(AMPLITUDE / (0.6 - H_INF)) / KAPPA;

    @Test
    void recoversTheOdeParametersFromANoiselessDecline() {
        ExponentialDecayFit fit = ExponentialDecayFit.fit(STEPS, curve(0, new Random(1)));
        assertEquals(H_INF, fit.asymptote(), 1e-6);
        assertEquals(AMPLITUDE, fit.amplitude(), 1e-6);
        assertEquals(KAPPA, fit.kappa(), KAPPA * 1e-5);
        assertEquals(TRUE_CROSSING, fit.stepReaching(0.6), 0.5);
        assertTrue(Double.isNaN(fit.stepReaching(0.4)), "never reaches a level below its asymptote");
    }

    @Test
    void recoversThemThroughSeededNoiseAndItsIntervalMatchesTheSpreadOfRefits() {
        ExponentialDecayFit fit = ExponentialDecayFit.fit(STEPS, curve(0.002, new Random(2)));
        assertEquals(KAPPA, fit.kappa(), 0.15 * KAPPA);
        assertEquals(H_INF, fit.asymptote(), 0.03);
        assertEquals(0.002, fit.rms(), 0.001);

        // the delta-method sd of the crossing step against the spread of 300 refits on fresh noise
        DescriptiveStatistics crossings = new DescriptiveStatistics();
        DescriptiveStatistics predictedSd = new DescriptiveStatistics();
        Random random = new Random(3);
        for (int i = 0; i < 300; i++) {
            ExponentialDecayFit refit = ExponentialDecayFit.fit(STEPS, curve(0.002, random));
            crossings.addValue(refit.stepReaching(0.6));
            predictedSd.addValue(refit.stepReachingSd(0.6));
        }
        assertEquals(TRUE_CROSSING, crossings.getMean(), 3 * crossings.getStandardDeviation() / Math.sqrt(300),
                "unbiased to within its standard error");
        assertEquals(crossings.getStandardDeviation(), predictedSd.getPercentile(50),
                0.3 * crossings.getStandardDeviation());
    }

    @Test
    void fittedNumbersOnFixedDataAreThoseOfTheFitBeforeItSharedItsSkeletonToTheBit() {
        // recorded from the fit as it was before SeparableCurveFit took over its Levenberg-Marquardt skeleton
        ExponentialDecayFit fit = ExponentialDecayFit.fit(STEPS, curve(0.002, new Random(2)));
        assertEquals(0x1.e66fc5cf44645p-2, fit.asymptote());
        assertEquals(0x1.e7cbb0c007bfep-2, fit.amplitude());
        assertEquals(0x1.c60939c246a45p-12, fit.kappa());
        assertEquals(0x1.29902d2edd97bp-10, fit.rms());
        assertEquals(12, fit.points());
        assertEquals(T0, fit.t0());
        double[][] covariance = {
                {0x1.94bc4f1fc442ap-14, -0x1.7c5b7f6320395p-14, 0x1.471c0d5053d11p-12},
                {-0x1.7c5b7f632039cp-14, 0x1.687a715d10451p-14, -0x1.307cbcd41eab7p-12},
                {0x1.471c0d5053d0cp-12, -0x1.307cbcd41eaaep-12, 0x1.0d535f5c15bd1p-10}};
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(covariance[i], fit.covariance().getRow(i), "covariance row " + i);
        }
        assertEquals(0x1.bb267434699e4p12, fit.stepReaching(0.6));
        assertEquals(0x1.40c08c2f24bf3p5, fit.stepReachingSd(0.6));
    }

    @Test
    void badInputSaysWhatWasExpected() {
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> ExponentialDecayFit.fit(new long[]{1, 2, 3}, new double[]{0.9, 0.8, 0.7}));
        assertTrue(few.getMessage().contains("at least 4 evaluations, got 3"), few.getMessage());
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
                () -> ExponentialDecayFit.fit(new long[]{1, 2, 3, 4}, new double[]{0.9}));
        assertTrue(lengths.getMessage().contains("expected one each"), lengths.getMessage());
    }
}
