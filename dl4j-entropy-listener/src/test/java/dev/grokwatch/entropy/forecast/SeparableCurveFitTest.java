package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.forecast.SeparableCurveFit.Parameter;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SeparableCurveFitTest {

    /** y = intercept + slope·(1 − e^{−θx}), parameters laid out as (log θ, slope, intercept): neither fit's order. */
    static final SeparableCurveFit.Curve SATURATION = new SeparableCurveFit.Curve(
            (x, theta) -> 1 - Math.exp(-theta * x), SeparableCurveFitTest::saturation,
            List.of(Parameter.LOG_THETA, Parameter.SLOPE, Parameter.INTERCEPT));

    private static double saturation(RealVector p, double x, double[] jacobianRow) {
        double theta = Math.exp(p.getEntry(0));
        double decay = Math.exp(-theta * x);
        jacobianRow[0] = p.getEntry(1) * decay * x * theta;
        jacobianRow[1] = 1 - decay;
        jacobianRow[2] = 1;
        return p.getEntry(2) + p.getEntry(1) * (1 - decay);
    }

    static double[] xs() {
        double[] x = new double[25];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.5 * i;
        }
        return x;
    }

    static double[] saturation(double[] x, double intercept, double slope, double theta) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = intercept + slope * (1 - Math.exp(-theta * x[i]));
        }
        return y;
    }

    @Test
    void recoversTheParametersOfACurveInItsOwnParameterOrder() {
        double[] x = xs();
        LeastSquaresOptimizer.Optimum optimum = SeparableCurveFit.fit(SATURATION, x, saturation(x, 2, -3, 0.4),
                Math.log(1e-3), Math.log(1e3), () -> new IllegalArgumentException("no start"));
        assertEquals(0.4, Math.exp(optimum.getPoint().getEntry(0)), 1e-8);
        assertEquals(-3, optimum.getPoint().getEntry(1), 1e-8);
        assertEquals(2, optimum.getPoint().getEntry(2), 1e-8);
        assertEquals(0, optimum.getRMS(), 1e-9);
    }

    @Test
    void keepsLogThetaWithinItsBounds() {
        double[] x = xs();
        double upper = Math.log(0.1);
        LeastSquaresOptimizer.Optimum optimum = SeparableCurveFit.fit(SATURATION, x, saturation(x, 2, -3, 0.4),
                Math.log(1e-3), upper, () -> new IllegalArgumentException("no start"));
        assertEquals(upper, optimum.getPoint().getEntry(0), 0.0, "θ = 0.4 lies above the bound 0.1");
        assertTrue(optimum.getRMS() > 0.01, "the clamped curve cannot fit: RMS " + optimum.getRMS());
    }

    @Test
    void aParameterOrderWithoutEachParameterOnceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SeparableCurveFit.Curve(
                Math::pow, SeparableCurveFitTest::saturation,
                List.of(Parameter.SLOPE, Parameter.SLOPE, Parameter.INTERCEPT)));
        assertTrue(e.getMessage().contains("expected each of INTERCEPT, SLOPE, LOG_THETA once"), e.getMessage());
    }

    @Test
    void dataNoGridPointCanRegressOnIsRefusedWithTheCallersError() {
        double[] x = xs();
        double[] y = saturation(x, 2, -3, 0.4);
        y[3] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeparableCurveFit.fit(
                SATURATION, x, y, Math.log(1e-3), Math.log(1e3),
                () -> new IllegalArgumentException("y has a NaN; expected finite values")));
        assertEquals("y has a NaN; expected finite values", e.getMessage());
    }
}
