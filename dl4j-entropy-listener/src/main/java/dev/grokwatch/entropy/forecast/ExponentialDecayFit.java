package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.forecast.SeparableCurveFit.Parameter;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;

import java.util.List;

/**
 * The solution of the paper's ODE {@code dH̃/dt = −κ(H̃ − H̃∞)} (arXiv 2604.13123, §8),
 * {@code H̃(t) = H̃∞ + A·e^{−κ(t − t0)}}, fitted by Levenberg-Marquardt to a stretch of the curve.
 *
 * <p>κ is fitted as log κ so it stays positive. Given κ the model is linear in H̃∞ and A, so the start
 * is the best κ of a log-spaced grid (κ·span from 0.001 to 100) with H̃∞, A from a linear regression.
 * A decline that still looks straight is fitted with a small κ and an asymptote far below: the
 * forecast then extrapolates it as nearly linear, which is what the data say.
 *
 * @param t0         first step of the fitted stretch
 * @param asymptote  H̃∞
 * @param amplitude  A = H̃(t0) − H̃∞
 * @param kappa      κ, per step
 * @param rms        root mean square of the residuals
 * @param points     number of evaluations fitted
 * @param covariance covariance of (H̃∞, A, log κ), scaled by the residual variance
 */
public record ExponentialDecayFit(long t0, double asymptote, double amplitude, double kappa, double rms, int points,
                                  RealMatrix covariance) implements java.io.Serializable {

    private static final double MIN_RATE_SPAN = 1e-3;
    private static final double MAX_RATE_SPAN = 100;

    public double value(double step) {
        return asymptote + amplitude * Math.exp(-kappa * (step - t0));
    }

    /** The step at which the fitted curve reaches {@code level}; NaN when it never does (level at or below H̃∞). */
    public double stepReaching(double level) {
        if (!(level > asymptote) || !(amplitude > 0)) {
            return Double.NaN;
        }
        return t0 + Math.log(amplitude / (level - asymptote)) / kappa;
    }

    /** Standard deviation of {@link #stepReaching} by the delta method on the parameter covariance. */
    public double stepReachingSd(double level) {
        double step = stepReaching(level);
        if (Double.isNaN(step) || covariance == null) {
            return Double.NaN;
        }
        RealVector gradient = new ArrayRealVector(new double[]{
                1 / (kappa * (level - asymptote)), // ∂/∂H̃∞
                1 / (kappa * amplitude),           // ∂/∂A
                -(step - t0)});                    // ∂/∂log κ
        return Math.sqrt(Math.max(0, covariance.operate(gradient).dotProduct(gradient)));
    }

    /** Fits steps (increasing) and H̃ values; needs more than the 3 parameters. */
    public static ExponentialDecayFit fit(long[] steps, double[] h) {
        if (steps.length != h.length) {
            throw new IllegalArgumentException(steps.length + " steps and " + h.length + " H̃ values; expected one each");
        }
        if (steps.length < 4) {
            throw new IllegalArgumentException("the decay H̃∞ + A·e^{−κ(t−t0)} needs at least 4 evaluations, got "
                    + steps.length);
        }
        long t0 = steps[0];
        double span = steps[steps.length - 1] - t0;
        if (!(span > 0)) {
            throw new IllegalArgumentException("the evaluations span no time; expected increasing steps");
        }
        double[] tau = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            tau[i] = steps[i] - t0;
        }
        LeastSquaresOptimizer.Optimum optimum = SeparableCurveFit.fit(DECAY, tau, h, Math.log(MIN_RATE_SPAN / span),
                Math.log(MAX_RATE_SPAN / span),
                () -> new IllegalArgumentException("H̃ values that are not finite cannot be fitted; expected finite H̃"));
        RealVector p = optimum.getPoint();
        double residualVariance = optimum.getCost() * optimum.getCost() / (steps.length - 3);
        RealMatrix covariance;
        try {
            covariance = optimum.getCovariances(1e-14).scalarMultiply(residualVariance);
        } catch (SingularMatrixException | MathIllegalStateException e) {
            covariance = null; // parameters not identifiable from these points: no interval
        }
        return new ExponentialDecayFit(t0, p.getEntry(0), p.getEntry(1), Math.exp(p.getEntry(2)), optimum.getRMS(),
                steps.length, covariance);
    }

    /** H̃∞ + A·e^{−κτ} at p = (H̃∞, A, log κ), τ = t − t0. */
    private static final SeparableCurveFit.Curve DECAY = new SeparableCurveFit.Curve(
            (tau, kappa) -> Math.exp(-kappa * tau), ExponentialDecayFit::model,
            List.of(Parameter.INTERCEPT, Parameter.SLOPE, Parameter.LOG_THETA));

    private static double model(RealVector p, double tau, double[] jacobianRow) {
        double a = p.getEntry(1);
        double kappa = Math.exp(p.getEntry(2));
        double decay = Math.exp(-kappa * tau);
        jacobianRow[0] = 1;
        jacobianRow[1] = decay;
        jacobianRow[2] = -a * decay * tau * kappa; // d/d(log κ) = κ · d/dκ
        return p.getEntry(0) + a * decay;
    }
}
