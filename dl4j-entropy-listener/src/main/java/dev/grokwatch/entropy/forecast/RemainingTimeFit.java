package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyRecord;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The regression of {@link RemainingTimeForecaster}: the log of the steps left until grokking, linear in
 * the run's signals at the evaluation ({@link RunSignals}),
 * {@code ln(T_grok − t) = b0 + b1·age + b2·rate [+ b3·ln eta]}, fitted by ordinary least squares (Commons
 * Math) on every evaluation of the calibration runs from memorisation until grokking. In survival-analysis
 * terms, an accelerated-failure-time model of the residual time with time-varying covariates.
 *
 * <p>A signal that does not vary over the fitted evaluations says nothing and cannot be fitted: its
 * coefficient is 0.
 *
 * @param testAccuracy       whether the test-accuracy signal is used (the variant that needs test data)
 * @param intercept          b0, ln steps
 * @param normPeakAge        b1, per 1,000 steps since the peak of ‖θ‖
 * @param entropyDeclineRate b2, per unit of −dH̃/dt in H̃ per 1,000 steps
 * @param testAccuracyEta    b3, per unit of ln(steps test accuracy needs to reach the criterion at its pace);
 *                           0 without test accuracy
 * @param residualSd         standard deviation of the residuals of ln(T_grok − t)
 * @param rSquared           R² of ln(T_grok − t)
 * @param points             evaluations fitted
 * @param maxNormPeakAge     the largest age fitted, thousands of steps: beyond it the regression is extrapolated
 * @param runs               runs they came from
 * @param window             evaluations the slopes of H̃ and of the test accuracy's logit are read over
 * @param normSmoothing      evaluations ‖θ‖ is averaged over before its peak is found
 * @param grokAccuracy       the runs' grokking criterion (test accuracy), which the test-accuracy signal aims at
 * @param longestGrokStep    the latest T_grok among the runs: no forecast looks further ahead than this many steps,
 *                           and the test-accuracy signal is capped at it
 */
@JsonPropertyOrder({"testAccuracy", "intercept", "normPeakAge", "entropyDeclineRate", "testAccuracyEta", "residualSd",
        "rSquared", "points", "maxNormPeakAge", "runs", "window", "normSmoothing", "grokAccuracy", "longestGrokStep"})
public record RemainingTimeFit(@JsonProperty("testAccuracy") boolean testAccuracy,
                               @JsonProperty("intercept") double intercept,
                               @JsonProperty("normPeakAge") double normPeakAge,
                               @JsonProperty("entropyDeclineRate") double entropyDeclineRate,
                               @JsonProperty("testAccuracyEta") double testAccuracyEta,
                               @JsonProperty("residualSd") double residualSd,
                               @JsonProperty("rSquared") double rSquared,
                               @JsonProperty("points") int points,
                               @JsonProperty("maxNormPeakAge") double maxNormPeakAge, @JsonProperty("runs") int runs,
                               @JsonProperty("window") int window, @JsonProperty("normSmoothing") int normSmoothing,
                               @JsonProperty("grokAccuracy") double grokAccuracy,
                               @JsonProperty("longestGrokStep") long longestGrokStep)
        implements java.io.Serializable {

    /** The collapse window of the default criteria: the slopes read over as many evaluations as the onset. */
    public static final int DEFAULT_WINDOW = 5;
    public static final int DEFAULT_NORM_SMOOTHING = 3;

    public RemainingTimeFit {
        double[] coefficients = {intercept, normPeakAge, entropyDeclineRate, testAccuracyEta};
        for (double c : coefficients) {
            if (!Double.isFinite(c)) {
                throw new IllegalArgumentException("coefficient " + c + " is not finite; expected the coefficients of"
                        + " a fitted regression (RemainingTimeFit.fit)");
            }
        }
        if (!(maxNormPeakAge >= 0)) {
            throw new IllegalArgumentException("maxNormPeakAge must be >= 0 thousand steps, got " + maxNormPeakAge);
        }
        if (!testAccuracy && testAccuracyEta != 0) {
            throw new IllegalArgumentException("testAccuracyEta is " + testAccuracyEta
                    + " without the test-accuracy signal; expected 0");
        }
        if (window < 2 || normSmoothing < 1) {
            throw new IllegalArgumentException("window " + window + " and normSmoothing " + normSmoothing
                    + "; expected a window of at least 2 evaluations (a slope) and a smoothing of at least 1");
        }
        if (!(grokAccuracy > 0 && grokAccuracy < 1)) {
            throw new IllegalArgumentException("grokAccuracy must lie in (0, 1), got " + grokAccuracy);
        }
        if (longestGrokStep < 1) {
            throw new IllegalArgumentException("longestGrokStep must be at least 1 step, got " + longestGrokStep);
        }
    }

    /**
     * Fits the regression on every evaluation of grokked runs from memorisation (from the first evaluation when
     * a run measured no training accuracy) until grokking; with {@code testAccuracy}, on those whose last
     * {@link #DEFAULT_WINDOW} evaluations measured test accuracy.
     *
     * @throws IllegalArgumentException when a run never grokked, the runs' grokking criteria differ, or there are
     *                                  too few evaluations, or too alike, to fit
     */
    public static RemainingTimeFit fit(List<RunHistory> grokkedRuns, boolean testAccuracy) {
        if (grokkedRuns == null || grokkedRuns.isEmpty()) {
            throw new IllegalArgumentException("no runs given; expected grokked runs to fit the remaining time on");
        }
        Set<Double> criteria = grokkedRuns.stream().map(r -> r.history().criteria().grokAccuracy())
                .collect(Collectors.toSet());
        if (criteria.size() > 1) {
            throw new IllegalArgumentException("runs " + RunSet.names(grokkedRuns) + " grok at different test accuracies "
                    + criteria + "; expected one grokking criterion");
        }
        double grokAccuracy = criteria.iterator().next();
        long longest = 0;
        for (RunHistory run : grokkedRuns) {
            longest = Math.max(longest, run.grokStep().orElseThrow(() -> new IllegalArgumentException("run "
                    + run.name() + " never grokked; expected only grokked runs to fit the remaining time on")));
        }
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (RunHistory run : grokkedRuns) {
            long grok = run.grokStep().getAsLong();
            long from = run.history().memorisedStep().orElse(Long.MIN_VALUE);
            List<EntropyRecord> records = run.history().records();
            for (int i = 0; i < records.size(); i++) {
                long step = records.get(i).step();
                double[] signals = step >= from && step < grok ? RunSignals.of(records.subList(0, i + 1), testAccuracy,
                        DEFAULT_WINDOW, DEFAULT_NORM_SMOOTHING, grokAccuracy, longest) : null;
                if (signals != null) {
                    x.add(signals);
                    y.add(Math.log(grok - step));
                }
            }
        }
        int count = testAccuracy ? 3 : 2;
        if (y.size() < count + 2) {
            throw new IllegalArgumentException("only " + y.size() + " evaluations of runs " + RunSet.names(grokkedRuns)
                    + " lie between memorisation and grokking" + (testAccuracy ? " with test accuracy" : "")
                    + "; expected at least " + (count + 2) + " to fit the remaining time");
        }
        double[] logRemaining = y.stream().mapToDouble(Double::doubleValue).toArray();
        double[] b = new double[1 + count];
        double[] residuals = leastSquares(x, logRemaining, b, grokkedRuns);
        double ssTot = StatUtils.variance(logRemaining) * (logRemaining.length - 1);
        return new RemainingTimeFit(testAccuracy, b[0], b[1], b[2], testAccuracy ? b[3] : 0,
                Math.sqrt(StatUtils.variance(residuals)), ssTot > 0 ? 1 - StatUtils.sumSq(residuals) / ssTot : 0,
                logRemaining.length, x.stream().mapToDouble(row -> row[0]).max().orElseThrow(), grokkedRuns.size(),
                DEFAULT_WINDOW, DEFAULT_NORM_SMOOTHING, grokAccuracy, longest);
    }

    /**
     * Ordinary least squares of y on the columns of x that vary (the others keep coefficient 0), with an
     * intercept: fills {@code b} (intercept first) and returns the residuals.
     */
    private static double[] leastSquares(List<double[]> x, double[] y, double[] b, List<RunHistory> runs) {
        List<Integer> varying = new ArrayList<>();
        for (int j = 0; j < b.length - 1; j++) {
            int column = j;
            if (StatUtils.variance(x.stream().mapToDouble(row -> row[column]).toArray()) > 0) {
                varying.add(j);
            }
        }
        if (varying.isEmpty()) {
            b[0] = StatUtils.mean(y);
            return Arrays.stream(y).map(v -> v - b[0]).toArray();
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x.stream().map(row -> varying.stream().mapToDouble(j -> row[j]).toArray())
                .toArray(double[][]::new));
        double[] estimated;
        try {
            estimated = ols.estimateRegressionParameters();
        } catch (SingularMatrixException e) {
            throw new IllegalArgumentException("the signals of runs " + RunSet.names(runs) + " are collinear over the "
                    + y.length + " fitted evaluations; expected signals that vary independently", e);
        }
        b[0] = estimated[0];
        for (int k = 0; k < varying.size(); k++) {
            b[1 + varying.get(k)] = estimated[1 + k];
        }
        return ols.estimateResiduals();
    }

    /**
     * The signals at the latest of {@code records} (age, rate and, with test accuracy, ln eta), or {@code null}
     * when the test-accuracy signal is used and the last {@link #window} evaluations did not measure test accuracy.
     */
    double[] signals(List<EntropyRecord> records) {
        return RunSignals.of(records, testAccuracy, window, normSmoothing, grokAccuracy, longestGrokStep);
    }

    /** ln(T_grok − t) predicted from {@link #signals}, within [0, ln longestGrokStep]. */
    double logRemaining(double[] signals) {
        double value = intercept + normPeakAge * signals[0] + entropyDeclineRate * signals[1]
                + (testAccuracy ? testAccuracyEta * signals[2] : 0);
        return Math.min(Math.log(longestGrokStep), Math.max(0, value));
    }
}
