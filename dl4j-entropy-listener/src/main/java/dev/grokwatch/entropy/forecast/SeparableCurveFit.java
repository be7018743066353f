package dev.grokwatch.entropy.forecast;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.apache.commons.math3.util.Pair;

import java.util.function.Supplier;

/**
 * The Levenberg-Marquardt fit shared by {@link PowerLawFit} and {@link ExponentialDecayFit}: a curve
 * {@code y = intercept + slope·basis(x; θ)} with θ > 0 (an exponent or a rate) fitted as log θ within bounds.
 *
 * <p>Given θ the curve is linear in intercept and slope, so the start is the best θ of a log-spaced grid with
 * intercept and slope from a linear regression: LM then refines from a point near the optimum instead of
 * wandering from a guess.
 */
final class SeparableCurveFit {

    /** Values of log θ tried for the start, evenly spaced between the bounds. */
    private static final int GRID = 60;
    private static final int MAX_EVALUATIONS = 10_000;
    private static final int MAX_ITERATIONS = 1_000;

    /** One curve: its basis, where its three parameters sit, and its value with the Jacobian row. */
    interface Curve {

        /** basis(x; θ), the term that multiplies the slope. */
        double basis(double x, double theta);

        /** The parameter vector the curve's {@link #value} reads, from intercept, slope and log θ. */
        double[] parameters(double intercept, double slope, double logTheta);

        /** Index of log θ in the parameter vector. */
        int logThetaIndex();

        /** The curve at x for parameters p; writes ∂value/∂p into {@code jacobianRow}. */
        double value(RealVector p, double x, double[] jacobianRow);
    }

    private SeparableCurveFit() {
    }

    /**
     * Fits the curve to (x, y) with log θ kept in [minLogTheta, maxLogTheta].
     *
     * @param noStart the error when no θ of the grid gives a finite regression (e.g. x does not vary)
     * @return the optimum; its point is in the curve's parameter order
     * @throws org.apache.commons.math3.exception.MathIllegalStateException when LM does not converge
     */
    static LeastSquaresOptimizer.Optimum fit(Curve curve, double[] x, double[] y, double minLogTheta,
                                             double maxLogTheta, Supplier<IllegalArgumentException> noStart) {
        int log = curve.logThetaIndex();
        return new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
                .start(gridStart(curve, x, y, minLogTheta, maxLogTheta, noStart))
                .model(p -> model(curve, p, x))
                .parameterValidator(p -> {
                    RealVector clamped = p.copy();
                    clamped.setEntry(log, Math.max(minLogTheta, Math.min(maxLogTheta, p.getEntry(log))));
                    return clamped;
                })
                .target(y)
                .lazyEvaluation(false)
                .maxEvaluations(MAX_EVALUATIONS)
                .maxIterations(MAX_ITERATIONS)
                .build());
    }

    private static Pair<RealVector, RealMatrix> model(Curve curve, RealVector p, double[] x) {
        double[] value = new double[x.length];
        double[][] jacobian = new double[x.length][p.getDimension()];
        for (int i = 0; i < x.length; i++) {
            value[i] = curve.value(p, x[i], jacobian[i]);
        }
        return new Pair<>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(jacobian, false));
    }

    private static double[] gridStart(Curve curve, double[] x, double[] y, double minLogTheta, double maxLogTheta,
                                      Supplier<IllegalArgumentException> noStart) {
        double[] best = null;
        double bestSse = Double.POSITIVE_INFINITY;
        for (int k = 0; k < GRID; k++) {
            double logTheta = minLogTheta + (maxLogTheta - minLogTheta) * k / (GRID - 1);
            double theta = Math.exp(logTheta);
            SimpleRegression regression = new SimpleRegression();
            for (int i = 0; i < x.length; i++) {
                regression.addData(curve.basis(x[i], theta), y[i]);
            }
            double sse = regression.getSumSquaredErrors();
            if (Double.isFinite(sse) && Double.isFinite(regression.getSlope()) && sse < bestSse) {
                bestSse = sse;
                best = curve.parameters(regression.getIntercept(), regression.getSlope(), logTheta);
            }
        }
        if (best == null) {
            throw noStart.get();
        }
        return best;
    }
}
