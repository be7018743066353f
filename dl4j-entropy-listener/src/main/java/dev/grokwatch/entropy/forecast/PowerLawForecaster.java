package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyCurve;
import dev.grokwatch.entropy.EntropyEventType;
import dev.grokwatch.entropy.EntropyRecord;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The paper's forecaster (arXiv 2604.13123, §8): the remaining time follows the height of the curve above
 * the threshold, {@code ΔT(t) = C1·(H̃(t) − H̃*)^γ + C2}, fitted on (H̃(t), T_grok − t) pairs of
 * finished runs; online, predicted T_grok = t + ΔT(t) from the latest H̃.
 *
 * <p>Once H̃ ≤ H̃* the gap is 0 and ΔT = C2, the lag the fit puts between crossing and grokking;
 * ΔT is never negative ("now" at the latest). A point forecast: a {@link Calibration} gives it intervals from
 * held-out errors ({@link ConformalForecaster}).
 *
 * <p>Confident: the collapse onset has been seen (the paper switches the predictor on in Phase II;
 * in Phase I H̃ is flat and says little about time) and the latest H̃ lies within the range of H̃ the
 * law was fitted on (no extrapolation).
 */
public final class PowerLawForecaster implements GrokForecaster {

    private static final long serialVersionUID = 1L;
    public static final String NAME = "power-law";

    private final double threshold;
    private final PowerLawFit fit;

    /**
     * @param threshold H̃*
     * @param fit       the law, x = H̃ − H̃*, y = T_grok − t
     */
    public PowerLawForecaster(double threshold, PowerLawFit fit) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold H̃* must lie in (0, 1), got " + threshold);
        }
        if (fit == null) {
            throw new IllegalArgumentException("fit is null; expected a PowerLawFit (PowerLawForecaster.calibrate)");
        }
        this.threshold = threshold;
        this.fit = fit;
    }

    /** Fits the law on the evaluations before grokking with H̃ > H̃* of runs that grokked. */
    public static PowerLawForecaster calibrate(List<RunHistory> grokkedRuns, double threshold) {
        List<double[]> pairs = Predictor.ENTROPY_GAP.pairs(grokkedRuns, threshold);
        if (pairs.size() < 4) {
            throw new IllegalArgumentException("only " + pairs.size() + " evaluations of runs " + RunSet.names(grokkedRuns)
                    + " lie before grokking with H̃ above H̃* = " + threshold
                    + "; expected at least 4 to fit the power law");
        }
        double[] gaps = pairs.stream().mapToDouble(p -> p[0]).toArray();
        double[] remaining = pairs.stream().mapToDouble(p -> p[1]).toArray();
        return new PowerLawForecaster(threshold, PowerLawFit.fit(gaps, remaining));
    }

    @Override
    public Optional<Forecast> forecast(EntropyCurve curve) {
        Optional<EntropyRecord> latest = curve.latest();
        if (latest.isEmpty() || !Double.isFinite(latest.get().normalisedEntropy())) {
            return Optional.empty();
        }
        long t = latest.get().step();
        double h = latest.get().normalisedEntropy();
        double deltaT = Math.max(0, fit.value(h - threshold));
        long predicted = t + Math.round(deltaT);
        boolean confident = curve.stepOf(EntropyEventType.COLLAPSE_ONSET).isPresent() && h - threshold <= fit.xMax();
        return Optional.of(new Forecast(t, predicted, NAME, confident));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public OptionalDouble threshold() {
        return OptionalDouble.of(threshold);
    }

    public PowerLawFit fit() {
        return fit;
    }

    @Override
    public String toString() {
        return String.format("PowerLawForecaster(ΔT = %.4g·(H̃ − %.4f)^%.3f + %.4g, R² %.3f)", fit.c1(), threshold,
                fit.gamma(), fit.c2(), fit.rSquared());
    }
}
