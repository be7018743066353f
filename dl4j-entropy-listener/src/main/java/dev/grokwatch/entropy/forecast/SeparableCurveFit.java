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

import java.util.EnumSet;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
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

    /** The three parameters, which a curve may lay out in any order. */
    enum Parameter { INTERCEPT, SLOPE, LOG_THETA }

    /** The curve at x for parameters p, writing ∂value/∂p into {@code jacobianRow}. */
    @FunctionalInterface
    interface Model {
        double value(RealVector p, double x, double[] jacobianRow);
    }

    /**
     * One curve.
     *
     * @param basis basis(x; θ), the term that multiplies the slope
     * @param model the curve with its Jacobian, reading p in {@code order}
     * @param order where each parameter sits in p, e.g. (SLOPE, LOG_THETA, INTERCEPT)
     */
    record Curve(DoubleBinaryOperator basis, Model model, List<Parameter> order) {

        Curve {
            if (order.size() != 3 || !order.containsAll(EnumSet.allOf(Parameter.class))) {
                throw new IllegalArgumentException("parameter order " + order
                        + "; expected each of INTERCEPT, SLOPE, LOG_THETA once");
            }
        }

        private double[] parameters(double intercept, double slope, double logTheta) {
            double[] p = new double[3];
            p[order.indexOf(Parameter.INTERCEPT)] = intercept;
            p[order.indexOf(Parameter.SLOPE)] = slope;
            p[order.indexOf(Parameter.LOG_THETA)] = logTheta;
            return p;
        }
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
        int log = curve.order().indexOf(Parameter.LOG_THETA);
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
            value[i] = curve.model().value(p, x[i], jacobian[i]);
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
                regression.addData(curve.basis().applyAsDouble(x[i], theta), y[i]);
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
