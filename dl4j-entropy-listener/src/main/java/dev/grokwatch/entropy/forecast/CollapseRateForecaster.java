package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyCurve;
import dev.grokwatch.entropy.EntropyEventType;
import dev.grokwatch.entropy.EntropyRecord;
import org.apache.commons.math3.exception.MathIllegalStateException;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Forecasts from the shape of the run's own decline rather than its current height: fits the ODE
 * solution {@code H̃(t) = H̃∞ + A·e^{−κ(t − t0)}} ({@link ExponentialDecayFit}) to the evaluations
 * since the collapse onset, solves for the step t* at which it reaches H̃*, and adds the crossing
 * lag learned from finished runs ({@link CrossingLag}): predicted T_grok = t* + lag.
 *
 * <p>The fitted stretch starts one evaluation before the onset: the decline began after it at the
 * earliest that the onset can tell (the onset window reaches further back, but on a sharp bend its
 * first points still lie on the flat Phase I plateau, which is not part of the decay).
 * Once H̃ has crossed H̃* the crossing is data, not a fit: T_grok = interpolated crossing + lag.
 * A prediction earlier than the latest evaluation becomes "now" (that step).
 *
 * <p>No forecast before the onset (there is no decline to read), when the fitted curve levels off
 * above H̃*, or with fewer than 4 evaluations to fit. A point forecast: a {@link Calibration} gives it intervals
 * from held-out errors ({@link ConformalForecaster}).
 *
 * <p>Confident: at least {@code minPoints} evaluations fitted, a fit whose RMS residual is at most
 * {@code maxRelativeRms} of the fall of H̃ over the fitted stretch (the curve is a decay, not noise),
 * and a spread whose 95% half-width, 1.96 standard deviations of t* (delta method on the fit's covariance)
 * and of the lag across runs combined, is at most {@code maxRelativeHalfWidth} of the predicted step (the
 * extrapolation is pinned down to within that percentage error). After an observed crossing only the spread
 * rule applies: the lag's spread across runs is then all the uncertainty.
 */
public final class CollapseRateForecaster implements GrokForecaster {

    private static final long serialVersionUID = 1L;
    public static final String NAME = "collapse-rate";
    public static final int DEFAULT_MIN_POINTS = 8;
    public static final double DEFAULT_MAX_RELATIVE_RMS = 0.1;
    public static final double DEFAULT_MAX_RELATIVE_HALF_WIDTH = 0.05;
    private static final double Z95 = 1.96;

    private final double threshold;
    private final CrossingLag lag;
    private final int minPoints;
    private final double maxRelativeRms;
    private final double maxRelativeHalfWidth;

    public CollapseRateForecaster(double threshold, CrossingLag lag) {
        this(threshold, lag, DEFAULT_MIN_POINTS, DEFAULT_MAX_RELATIVE_RMS, DEFAULT_MAX_RELATIVE_HALF_WIDTH);
    }

    public CollapseRateForecaster(double threshold, CrossingLag lag, int minPoints, double maxRelativeRms,
                                  double maxRelativeHalfWidth) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold H̃* must lie in (0, 1), got " + threshold);
        }
        if (lag == null) {
            throw new IllegalArgumentException("lag is null; expected a CrossingLag (CrossingLag.calibrate)");
        }
        if (minPoints < 4) {
            throw new IllegalArgumentException("minPoints must be at least 4 (3 parameters are fitted), got " + minPoints);
        }
        if (!(maxRelativeRms > 0)) {
            throw new IllegalArgumentException("maxRelativeRms must be positive, got " + maxRelativeRms);
        }
        if (!(maxRelativeHalfWidth > 0)) {
            throw new IllegalArgumentException("maxRelativeHalfWidth must be positive, got " + maxRelativeHalfWidth);
        }
        this.threshold = threshold;
        this.lag = lag;
        this.minPoints = minPoints;
        this.maxRelativeRms = maxRelativeRms;
        this.maxRelativeHalfWidth = maxRelativeHalfWidth;
    }

    /** Learns the crossing lag from grokked runs. */
    public static CollapseRateForecaster calibrate(List<RunHistory> grokkedRuns, double threshold) {
        return new CollapseRateForecaster(threshold, CrossingLag.calibrate(grokkedRuns, threshold));
    }

    @Override
    public Optional<Forecast> forecast(EntropyCurve curve) {
        List<EntropyRecord> records = curve.records();
        OptionalLong onset = curve.stepOf(EntropyEventType.COLLAPSE_ONSET);
        if (records.isEmpty() || onset.isEmpty() || !Double.isFinite(records.get(records.size() - 1).normalisedEntropy())) {
            return Optional.empty();
        }
        long now = records.get(records.size() - 1).step();
        int onsetIndex = indexOf(records, onset.getAsLong());
        List<EntropyRecord> decline = records.subList(Math.max(0, onsetIndex - 1), records.size()).stream()
                .filter(r -> Double.isFinite(r.normalisedEntropy())).toList();
        OptionalDouble crossed = ThresholdCrossing.step(decline, threshold);
        if (crossed.isPresent()) {
            return Optional.of(forecast(now, crossed.getAsDouble(), 0, true));
        }
        if (decline.size() < 4) {
            return Optional.empty();
        }
        ExponentialDecayFit fit;
        try {
            fit = ExponentialDecayFit.fit(decline.stream().mapToLong(EntropyRecord::step).toArray(),
                    decline.stream().mapToDouble(EntropyRecord::normalisedEntropy).toArray());
        } catch (MathIllegalStateException e) {
            return Optional.empty(); // LM did not converge on this stretch: no forecast rather than a stopped run
        }
        double crossing = fit.stepReaching(threshold);
        if (Double.isNaN(crossing)) {
            return Optional.empty();
        }
        double fall = decline.get(0).normalisedEntropy() - decline.get(decline.size() - 1).normalisedEntropy();
        double crossingSd = fit.stepReachingSd(threshold);
        boolean shapeConfident = decline.size() >= minPoints && fall > 0 && fit.rms() <= maxRelativeRms * fall
                && Double.isFinite(crossingSd);
        return Optional.of(forecast(now, crossing, Double.isFinite(crossingSd) ? crossingSd : 0, shapeConfident));
    }

    private Forecast forecast(long now, double crossing, double crossingSd, boolean shapeConfident) {
        long predicted = Math.max(now, Math.round(crossing + lag.mean()));
        double halfWidth = Z95 * Math.sqrt(crossingSd * crossingSd + lag.sd() * lag.sd());
        return new Forecast(now, predicted, NAME, shapeConfident && halfWidth <= maxRelativeHalfWidth * predicted);
    }

    private static int indexOf(List<EntropyRecord> records, long step) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).step() == step) {
                return i;
            }
        }
        throw new IllegalStateException("no record at step " + step);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public OptionalDouble threshold() {
        return OptionalDouble.of(threshold);
    }

    public CrossingLag lag() {
        return lag;
    }

    @Override
    public String toString() {
        return String.format("CollapseRateForecaster(H̃* %.4f, lag %.0f ± %.0f steps, confident from %d points,"
                + " RMS <= %.2f of the fall, 95%% half-width <= %.2f of the forecast)", threshold, lag.mean(), lag.sd(),
                minPoints, maxRelativeRms, maxRelativeHalfWidth);
    }
}
