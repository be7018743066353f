package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.forecast.SeparableCurveFit.Parameter;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.StatUtils;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The paper's power law {@code y = C1·x^γ + C2} (arXiv 2604.13123, §8; there x is the entropy gap H̃ − H̃*
 * and y the remaining steps T_grok − t), fitted by Levenberg-Marquardt.
 *
 * <p>γ is fitted as log γ so that it stays positive; C1 and C2 are free. Given γ the model is linear
 * in C1 and C2, so the start is the best γ of a log-spaced grid with C1, C2 from a linear
 * regression: LM then refines from a point near the optimum instead of wandering from a guess.
 *
 * @param c1           scale C1
 * @param gamma        exponent γ (paper: ≈ 1.65)
 * @param c2           offset C2: y at x = 0
 * @param rSquared     1 − SS_res / SS_tot on the fitted points (paper: 0.543)
 * @param residualSd   standard deviation of the residuals y − ŷ
 * @param residualLow  2.5th percentile of the residuals
 * @param residualHigh 97.5th percentile of the residuals
 * @param points       number of (x, y) pairs fitted
 * @param xMax         the largest x fitted: beyond it the law is extrapolated
 */
public record PowerLawFit(@JsonProperty("c1") double c1, @JsonProperty("gamma") double gamma,
                          @JsonProperty("c2") double c2, @JsonProperty("rSquared") double rSquared,
                          @JsonProperty("residualSd") double residualSd, @JsonProperty("residualLow") double residualLow,
                          @JsonProperty("residualHigh") double residualHigh, @JsonProperty("points") int points,
                          @JsonProperty("xMax") double xMax)
        implements java.io.Serializable {

    static final double MIN_GAMMA = 0.02;
    static final double MAX_GAMMA = 50;

    /** ŷ at x (x below 0 counts as 0: the curve is not defined past its origin). */
    public double value(double x) {
        return c1 * Math.pow(Math.max(x, 0), gamma) + c2;
    }

    /** Fits the pairs; x must be non-negative and there must be more pairs than the 3 parameters. */
    public static PowerLawFit fit(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " values and y " + y.length
                    + "; expected one y per x");
        }
        if (x.length < 4) {
            throw new IllegalArgumentException("a power law C1·x^γ + C2 needs at least 4 points, got " + x.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= 0) || !Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("point " + i + " is (" + x[i] + ", " + y[i]
                        + "); expected finite values with x >= 0");
            }
        }
        LeastSquaresOptimizer.Optimum optimum = SeparableCurveFit.fit(POWER, x, y, Math.log(MIN_GAMMA),
                Math.log(MAX_GAMMA), () -> new IllegalArgumentException("the " + x.length
                        + " x values do not vary; expected a spread of x to fit a power law to"));
        RealVector p = optimum.getPoint();
        double c1 = p.getEntry(0);
        double gamma = Math.exp(p.getEntry(1));
        double c2 = p.getEntry(2);
        double[] residuals = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            residuals[i] = y[i] - (c1 * Math.pow(x[i], gamma) + c2);
        }
        double ssRes = StatUtils.sumSq(residuals);
        double ssTot = StatUtils.variance(y) * (y.length - 1);
        return new PowerLawFit(c1, gamma, c2, ssTot > 0 ? 1 - ssRes / ssTot : Double.NaN,
                Math.sqrt(StatUtils.variance(residuals)), StatUtils.percentile(residuals, 2.5),
                StatUtils.percentile(residuals, 97.5), x.length, StatUtils.max(x));
    }

    /** C1·x^γ + C2 at p = (C1, log γ, C2). */
    private static final SeparableCurveFit.Curve POWER = new SeparableCurveFit.Curve(Math::pow, PowerLawFit::model,
            List.of(Parameter.SLOPE, Parameter.LOG_THETA, Parameter.INTERCEPT));

    private static double model(RealVector p, double x, double[] jacobianRow) {
        double c1 = p.getEntry(0);
        double gamma = Math.exp(p.getEntry(1));
        double power = Math.pow(x, gamma);
        jacobianRow[0] = power;
        jacobianRow[1] = x > 0 ? c1 * power * Math.log(x) * gamma : 0; // d/d(log γ) = γ · d/dγ
        jacobianRow[2] = 1;
        return c1 * power + p.getEntry(2);
    }
}
