package dev.grokwatch.examples.reproduce;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.random.RandomDataGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

import java.util.Arrays;
import java.util.function.Function;

/**
 * The statistics of the reproduction report, each from Commons Math 3 where it has it (arXiv 2604.13123, §4:
 * bootstrap 95% intervals, one-sided Mann-Whitney tests; §6: Cohen's d). Intervals are 95%; the bootstrap is
 * seeded, so the same data give the same interval on every machine.
 */
public final class Statistics {

    /** Bootstrap resamples of a mean. */
    public static final int RESAMPLES = 10_000;
    /** The bootstrap's seed: fixed, so that a report is reproducible byte for byte. */
    public static final long SEED = 260_413_123L;
    /** Significance level of the one-sided tests, the paper's. */
    public static final double ALPHA = 0.05;

    private static final double Z_975 = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.975);

    private Statistics() {
    }

    /**
     * A point estimate with its 95% interval.
     *
     * @param value the estimate (a mean, a correlation)
     * @param low   lower end of the 95% interval
     * @param high  upper end
     * @param n     how many values it was computed from
     */
    public record Interval(double value, double low, double high, int n) {
    }

    /**
     * A Mann-Whitney U test of "x tends to be larger than y".
     *
     * @param u         U of x: the number of (x, y) pairs with x above y, ties counting one half
     * @param twoSidedP Commons Math's two-sided p (normal approximation, no continuity or tie correction)
     * @param oneSidedP p of the one-sided alternative x &gt; y: half the two-sided p when U lies above its mean
     *                  n1·n2/2, one minus that half otherwise
     * @param n1        size of x
     * @param n2        size of y
     */
    public record MannWhitney(double u, double twoSidedP, double oneSidedP, int n1, int n2) {
    }

    /**
     * The mean with a seeded percentile-bootstrap 95% interval ({@value #RESAMPLES} resamples of the values with
     * replacement; the interval is widened to contain the mean where round-off puts it just outside).
     *
     * @throws IllegalArgumentException when there are no values or one is not finite
     */
    public static Interval meanWithInterval(double[] values) {
        requireFinite(values, "values");
        double mean = StatUtils.mean(values);
        double[][] interval = bootstrap(values.length, RESAMPLES, rows -> new double[]{mean(values, rows)});
        return new Interval(mean, Math.min(mean, interval[0][0]), Math.max(mean, interval[0][1]), values.length);
    }

    /**
     * Percentile-bootstrap 95% intervals of statistics of {@code n} items, seeded with {@link #SEED}: each resample
     * draws {@code n} row indices with replacement and {@code statistics} returns one value per statistic; a
     * non-finite value (a fit that failed on that resample) is left out of that statistic's interval.
     *
     * @return per statistic {low, high}; NaN when no resample gave a finite value
     */
    public static double[][] bootstrap(int n, int resamples, Function<int[], double[]> statistics) {
        if (n < 1 || resamples < 100) {
            throw new IllegalArgumentException("bootstrap of " + n + " items with " + resamples
                    + " resamples; expected at least 1 item and 100 resamples");
        }
        RandomDataGenerator random = new RandomDataGenerator(new Well19937c(SEED));
        double[][] values = null;
        int[] finite = null;
        for (int b = 0; b < resamples; b++) {
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = random.nextInt(0, n - 1);
            }
            double[] result = statistics.apply(rows);
            if (values == null) {
                values = new double[result.length][resamples];
                finite = new int[result.length];
            }
            for (int k = 0; k < result.length; k++) {
                if (Double.isFinite(result[k])) {
                    values[k][finite[k]++] = result[k];
                }
            }
        }
        double[][] intervals = new double[values.length][];
        for (int k = 0; k < values.length; k++) {
            double[] kept = Arrays.copyOf(values[k], finite[k]);
            intervals[k] = kept.length == 0 ? new double[]{Double.NaN, Double.NaN}
                    : new double[]{StatUtils.percentile(kept, 2.5), StatUtils.percentile(kept, 97.5)};
        }
        return intervals;
    }

    /**
     * One-sided Mann-Whitney U test that {@code x} tends to be larger than {@code y}. Commons Math's
     * {@link MannWhitneyUTest} gives the two-sided p from the normal approximation (no exact distribution, no
     * continuity or tie correction), and a U that is the larger of the two samples' U; the direction comes from
     * U of x, computed with the same ranking (ties averaged). Infinite values are allowed: a run that never
     * grokked ranks above every run that did.
     *
     * @throws IllegalArgumentException when a sample is empty or holds NaN
     */
    public static MannWhitney mannWhitneyGreater(double[] x, double[] y) {
        requireNumbers(x, "x");
        requireNumbers(y, "y");
        double twoSided = new MannWhitneyUTest().mannWhitneyUTest(x, y);
        double[] pooled = new double[x.length + y.length];
        System.arraycopy(x, 0, pooled, 0, x.length);
        System.arraycopy(y, 0, pooled, x.length, y.length);
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(pooled);
        double rankSum = 0;
        for (int i = 0; i < x.length; i++) {
            rankSum += ranks[i];
        }
        double u = rankSum - x.length * (x.length + 1) / 2.0;
        double oneSided = u > x.length * (double) y.length / 2 ? twoSided / 2 : 1 - twoSided / 2;
        return new MannWhitney(u, twoSided, oneSided, x.length, y.length);
    }

    /**
     * The smallest one-sided p {@link #mannWhitneyGreater} can give with samples of these sizes: every x above
     * every y. When it is not below {@link #ALPHA}, no outcome can be significant.
     */
    public static double bestOneSidedP(int n1, int n2) {
        if (n1 < 1 || n2 < 1) {
            return 1.0;
        }
        double[] x = new double[n1];
        double[] y = new double[n2];
        for (int i = 0; i < n1; i++) {
            x[i] = n2 + i;
        }
        for (int i = 0; i < n2; i++) {
            y[i] = i;
        }
        return mannWhitneyGreater(x, y).oneSidedP();
    }

    /** The fewest runs per arm (equal arms) with which {@link #bestOneSidedP} falls below {@link #ALPHA}. */
    public static int minimumRunsPerArm() {
        int n = 1;
        while (bestOneSidedP(n, n) >= ALPHA) {
            n++;
        }
        return n;
    }

    /**
     * Pearson's r ({@link PearsonsCorrelation}) with the Fisher-z 95% interval tanh(atanh r ± 1.96/√(n − 3)). The
     * interval assumes independent pairs: for evaluations of the same runs (serially correlated) it is too narrow.
     *
     * @throws IllegalArgumentException when the lengths differ, a value is not finite, or n &lt; 4
     */
    public static Interval pearson(double[] x, double[] y) {
        requireFinite(x, "x");
        requireFinite(y, "y");
        if (x.length != y.length || x.length < 4) {
            throw new IllegalArgumentException("Pearson's r of " + x.length + " and " + y.length
                    + " values; expected pairs, at least 4 for the Fisher-z interval");
        }
        double r = new PearsonsCorrelation().correlation(x, y);
        if (Double.isNaN(r)) {
            throw new IllegalArgumentException("Pearson's r is undefined: one of the " + x.length
                    + " pairs' coordinates is constant; expected both to vary");
        }
        if (Math.abs(r) >= 1) {
            return new Interval(r, r, r, x.length);
        }
        double z = 0.5 * Math.log((1 + r) / (1 - r));
        double half = Z_975 / Math.sqrt(x.length - 3);
        return new Interval(r, Math.tanh(z - half), Math.tanh(z + half), x.length);
    }

    /**
     * Cohen's d of x against y: (mean x − mean y) / pooled sd, with pooled variance
     * ((n1 − 1)·s1² + (n2 − 1)·s2²) / (n1 + n2 − 2) from the sample variances.
     *
     * @return d, or {@code null} when a sample has fewer than 2 values or the pooled sd is 0
     * @throws IllegalArgumentException when a value is not finite
     */
    public static Double cohensD(double[] x, double[] y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("Cohen's d of " + x + " and " + y + "; expected two samples");
        }
        if (x.length < 2 || y.length < 2) {
            return null;
        }
        requireFinite(x, "x");
        requireFinite(y, "y");
        double pooled = ((x.length - 1) * StatUtils.variance(x) + (y.length - 1) * StatUtils.variance(y))
                / (x.length + y.length - 2);
        return pooled > 0 ? (StatUtils.mean(x) - StatUtils.mean(y)) / Math.sqrt(pooled) : null;
    }

    private static double mean(double[] values, int[] rows) {
        double sum = 0;
        for (int row : rows) {
            sum += values[row];
        }
        return sum / rows.length;
    }

    private static void requireFinite(double[] values, String name) {
        requireNumbers(values, name);
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(name + " holds " + v + "; expected finite numbers");
            }
        }
    }

    private static void requireNumbers(double[] values, String name) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(name + " is empty; expected at least one value");
        }
        for (double v : values) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException(name + " holds NaN; expected numbers");
            }
        }
    }
}
