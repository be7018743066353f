package dev.grokwatch.examples.reproduce;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatisticsTest {

    @Test
    void mannWhitneyUAndOneSidedPAsWorkedOutByHand() {
        // x = {3, 5, 8}, y = {1, 2, 4, 6}: pooled ranks 1 2 3 4 5 6 7 of 1 2 3 4 5 6 8, so x has ranks 3, 5, 7:
        // rank sum 15, U_x = 15 - 3·4/2 = 9 of n1·n2 = 12. Normal approximation: mean 6, variance 12·8/12 = 8,
        // z = (12 - 9 - 6) / √8 = -1.06066, Φ(z) = 0.144422: two-sided p 0.288844, one-sided (x > y) 0.144422.
        Statistics.MannWhitney test = Statistics.mannWhitneyGreater(new double[]{3, 5, 8}, new double[]{1, 2, 4, 6});
        assertEquals(9.0, test.u(), 1e-12);
        assertEquals(0.288844, test.twoSidedP(), 1e-5);
        assertEquals(0.144422, test.oneSidedP(), 1e-5);
        // the other direction: U_y = 3 lies below its mean, so "y > x" has p = 1 - 0.144422
        Statistics.MannWhitney reverse = Statistics.mannWhitneyGreater(new double[]{1, 2, 4, 6}, new double[]{3, 5, 8});
        assertEquals(3.0, reverse.u(), 1e-12);
        assertEquals(1 - 0.144422, reverse.oneSidedP(), 1e-5);
    }

    @Test
    void tiesCountHalfAndANeverGrokkedRunRanksLast() {
        // {6000, 7000, ∞} against {4000, 5000, 6000}: 6000 beats two and ties one (2.5), the others beat all three:
        // U = 8.5; z = (9 - 8.5 - 4.5) / √5.25 = -1.745743, Φ(z) = 0.040428.
        Statistics.MannWhitney test = Statistics.mannWhitneyGreater(new double[]{6000, 7000, Double.POSITIVE_INFINITY},
                new double[]{4000, 5000, 6000});
        assertEquals(8.5, test.u(), 1e-12);
        assertEquals(0.040428, test.oneSidedP(), 1e-5);
    }

    @Test
    void completeSeparationBoundsThePAndSetsTheMinimumRunsPerArm() {
        // 2 + 2: z = (0 - 2) / √(4·5/12) = -1.549193, Φ = 0.060668; 3 + 3: z = -4.5 / √5.25 = -1.963961, Φ = 0.024767
        assertEquals(0.060668, Statistics.bestOneSidedP(2, 2), 1e-5);
        assertEquals(0.024767, Statistics.bestOneSidedP(3, 3), 1e-5);
        assertEquals(3, Statistics.minimumRunsPerArm());
        assertEquals(1.0, Statistics.bestOneSidedP(0, 3));
    }

    @Test
    void pearsonByTheFormulaWithItsFisherInterval() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {2, 4, 5, 4, 5};
        // deviations x: -2 -1 0 1 2, y: -2 0 1 0 1: Sxy = 6, Sxx = 10, Syy = 6, r = 6 / √60
        double r = 6 / Math.sqrt(60);
        double z = 0.5 * Math.log((1 + r) / (1 - r));
        double half = 1.959964 / Math.sqrt(5 - 3);
        Statistics.Interval interval = Statistics.pearson(x, y);
        assertEquals(r, interval.value(), 1e-12);
        assertEquals(Math.tanh(z - half), interval.low(), 1e-6);
        assertEquals(Math.tanh(z + half), interval.high(), 1e-6);
        assertEquals(5, interval.n());
        assertEquals(-1.0, Statistics.pearson(x, new double[]{5, 4, 3, 2, 1}).high(), 1e-12);
    }

    @Test
    void pearsonRefusesTooFewPairsAndAConstant() {
        assertThrows(IllegalArgumentException.class, () -> Statistics.pearson(new double[]{1, 2, 3},
                new double[]{1, 2, 3}));
        IllegalArgumentException constant = assertThrows(IllegalArgumentException.class,
                () -> Statistics.pearson(new double[]{1, 2, 3, 4}, new double[]{2, 2, 2, 2}));
        assertTrue(constant.getMessage().contains("constant"), constant.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Statistics.pearson(new double[]{1, 2, 3, Double.NaN},
                new double[]{1, 2, 3, 4}));
    }

    @Test
    void cohensDWithThePooledSd() {
        // means 4 and 2, sample variances 4 and 1: pooled (2·4 + 2·1) / 4 = 2.5, d = 2 / √2.5
        assertEquals(2 / Math.sqrt(2.5), Statistics.cohensD(new double[]{2, 4, 6}, new double[]{1, 2, 3}), 1e-12);
        assertNull(Statistics.cohensD(new double[]{2}, new double[]{1, 2, 3}), "one value has no spread");
        assertNull(Statistics.cohensD(new double[]{2, 2}, new double[]{2, 2}), "no spread at all");
    }

    @Test
    void bootstrapIntervalHoldsTheMeanAndShrinksWithN() {
        double[] few = new double[5];
        double[] many = new double[80];
        for (int i = 0; i < many.length; i++) {
            double v = (i * 37 % 11) - 5.0; // values spread over -5..5
            many[i] = v;
            if (i < few.length) {
                few[i] = v;
            }
        }
        Statistics.Interval small = Statistics.meanWithInterval(few);
        Statistics.Interval large = Statistics.meanWithInterval(many);
        assertEquals(org.apache.commons.math3.stat.StatUtils.mean(few), small.value(), 1e-12);
        assertTrue(small.low() <= small.value() && small.value() <= small.high(), small.toString());
        assertTrue(large.low() <= large.value() && large.value() <= large.high(), large.toString());
        assertTrue(large.high() - large.low() < (small.high() - small.low()) / 2, small + " against " + large);
        assertEquals(small, Statistics.meanWithInterval(few), "seeded: the same interval every time");
        Statistics.Interval one = Statistics.meanWithInterval(new double[]{3.5});
        assertEquals(3.5, one.low());
        assertEquals(3.5, one.high());
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Statistics.meanWithInterval(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Statistics.meanWithInterval(new double[]{1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Statistics.mannWhitneyGreater(new double[0],
                new double[]{1}));
        assertThrows(IllegalArgumentException.class, () -> Statistics.bootstrap(3, 10, rows -> new double[]{0}));
    }
}
