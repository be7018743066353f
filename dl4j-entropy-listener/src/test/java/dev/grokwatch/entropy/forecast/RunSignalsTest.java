package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.grokwatch.entropy.forecast.RemainingTimeForecasterTest.record;
import static org.junit.jupiter.api.Assertions.*;

class RunSignalsTest {

    static List<EntropyRecord> curve(double[] h, double[] norm, Double[] test) {
        List<EntropyRecord> records = new ArrayList<>();
        for (int i = 0; i < h.length; i++) {
            records.add(record(200L * (i + 1), h[i], norm[i], 1.0, test == null ? null : test[i]));
        }
        return records;
    }

    @Test
    void normPeakAgeCountsFromThePeakOfTheSmoothedNorm() {
        double[] h = new double[6];
        // raw peak 70 at step 400 is one jittery evaluation; trailing means of 3: 50, 60, 56.7, 60, 61.7, 60
        double[] norm = {50, 70, 50, 60, 75, 45};
        List<EntropyRecord> records = curve(h, norm, null);
        assertEquals((1200 - 1000) / 1000.0, RunSignals.normPeakAge(records, 3), 1e-12);
        assertEquals((1200 - 1000) / 1000.0, RunSignals.normPeakAge(records, 1), 1e-12, "unsmoothed: 75 at 1,000");
        assertEquals(0, RunSignals.normPeakAge(curve(h, new double[]{1, 2, 3, 4, 5, 6}, null), 3), "still rising");
        assertEquals(1 - 60 / 61.666666666666664, RunSignals.normFallFromPeak(records, 3), 1e-12);
        assertEquals(1 - 45 / 75.0, RunSignals.normFallFromPeak(records, 1), 1e-12);
        assertEquals(0, RunSignals.normFallFromPeak(curve(h, new double[]{1, 2, 3, 4, 5, 6}, null), 3), "still rising");
        norm[4] = Double.NaN;
        assertEquals((1200 - 400) / 1000.0, RunSignals.normPeakAge(curve(h, norm, null), 1), 1e-12,
                "a NaN norm is skipped");
    }

    @Test
    void declineRateIsTheLeastSquaresFallOverTheWindow() {
        double[] norm = new double[7];
        double[] h = {0.9, 0.8, 0.77, 0.76, 0.74, 0.75, 0.72};
        // last 5: steps 600-1,400; slope = Σ(t − t̄)(h − h̄) / Σ(t − t̄)²
        double[] t = {600, 800, 1000, 1200, 1400};
        double[] y = {0.77, 0.76, 0.74, 0.75, 0.72};
        double tMean = 1000;
        double yMean = (0.77 + 0.76 + 0.74 + 0.75 + 0.72) / 5;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < 5; i++) {
            sxy += (t[i] - tMean) * (y[i] - yMean);
            sxx += (t[i] - tMean) * (t[i] - tMean);
        }
        assertEquals(-1000 * sxy / sxx, RunSignals.entropyDeclineRate(curve(h, norm, null), 5), 1e-12);
        assertEquals(0, RunSignals.entropyDeclineRate(curve(new double[]{0.5, 0.6, 0.7}, new double[3], null), 5),
                "rising: no decline");
        assertEquals(0, RunSignals.entropyDeclineRate(curve(new double[]{0.5}, new double[1], null), 5), "one point");
    }

    @Test
    void testAccuracyEtaFollowsTheLogitsLineToTheCriterion() {
        // logit(acc) = −3 + 0.002·t: at t = 1,000 it is −1, and logit(0.99) = ln 99 is (ln 99 + 1) / 0.002 steps on
        Double[] test = new Double[5];
        for (int i = 0; i < 5; i++) {
            test[i] = 1 / (1 + Math.exp(-(-3 + 0.002 * 200 * (i + 1))));
        }
        List<EntropyRecord> records = curve(new double[5], new double[5], test);
        assertEquals(Math.log((Math.log(99) + 1) / 0.002), RunSignals.logTestAccuracyEta(records, 5, 0.99, 9_000), 1e-9);
        assertEquals(Math.log(1000), RunSignals.logTestAccuracyEta(records, 5, 0.99, 1_000), 1e-12, "capped");
        Double[] falling = {0.5, 0.4, 0.3, 0.2, 0.1};
        assertEquals(Math.log(9_000), RunSignals.logTestAccuracyEta(curve(new double[5], new double[5], falling), 5,
                0.99, 9_000), 1e-12, "not rising: the cap");
        Double[] reached = {0.0, 0.5, 1.0, 1.0, 1.0};
        assertEquals(0, RunSignals.logTestAccuracyEta(curve(new double[5], new double[5], reached), 5, 0.99, 9_000),
                1e-12, "past the criterion: 1 step, ln 1 = 0");
        assertTrue(Double.isNaN(RunSignals.logTestAccuracyEta(curve(new double[5], new double[5], null), 5, 0.99, 9_000)),
                "no test accuracy measured");
        assertNull(RunSignals.of(curve(new double[5], new double[5], null), true, 5, 3, 0.99, 9_000));
        assertEquals(2, RunSignals.of(curve(new double[5], new double[5], null), false, 5, 3, 0.99, 9_000).length);
    }
}
