package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyCurve;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * A forecaster whose forecasts carry intervals that mean what they say: 80% and 95% intervals sized by how far the
 * same forecaster missed on held-out runs ({@link ErrorQuantiles}, split-conformal), not by a fit's own
 * covariance. A forecast T̂ made at step t gets {@code [T̂ − q, T̂ + q]} with q the quantile at the level, its lower
 * end raised to t when T̂ ≥ t (the run has not grokked yet).
 *
 * <p>The errors were measured at fixed horizons (steps before the actual grokking step, which a live run does not
 * know), so a forecast uses those of the smallest horizon at least as far as its own T̂ − t, or of the largest
 * horizon when it looks further ahead than any: between two horizons, the farther, whose errors are the larger
 * as a rule. Nor is a forecast that looks further ahead given a narrower interval than one that looks less far:
 * the quantile is the largest of those of that horizon and every nearer one (with a few runs, a far horizon's
 * errors can come out smaller by chance).
 *
 * <p>Confident: the point forecast is (the forecaster's own conditions hold) and the 80% interval is narrow: its
 * half-width q80 is at most {@code maxRelativeHalfWidth} of T̂ (by default 10%: held-out runs put T_grok within
 * ±10% of such a forecast four times in five). Without errors at any horizon (the forecaster forecast fewer than
 * {@value ErrorQuantiles#MIN_RUNS} held-out runs at each) there is no interval, and no forecast is confident.
 */
public final class ConformalForecaster implements GrokForecaster {

    private static final long serialVersionUID = 1L;
    public static final double DEFAULT_MAX_RELATIVE_HALF_WIDTH = 0.10;

    private final GrokForecaster pointForecaster;
    private final List<ErrorQuantiles> errors;
    private final double maxRelativeHalfWidth;

    /** With the default width rule, ±{@value #DEFAULT_MAX_RELATIVE_HALF_WIDTH} of the forecast. */
    public ConformalForecaster(GrokForecaster pointForecaster, List<ErrorQuantiles> errors) {
        this(pointForecaster, errors, DEFAULT_MAX_RELATIVE_HALF_WIDTH);
    }

    /**
     * @param pointForecaster      the forecaster whose point forecasts get intervals
     * @param errors               its held-out errors, each horizon once; empty: no intervals, never confident
     * @param maxRelativeHalfWidth the width rule: confident when q80 <= this share of the predicted step
     */
    public ConformalForecaster(GrokForecaster pointForecaster, List<ErrorQuantiles> errors,
                               double maxRelativeHalfWidth) {
        if (pointForecaster == null || errors == null) {
            throw new IllegalArgumentException("forecaster " + pointForecaster + " with held-out errors " + errors
                    + "; expected a forecaster and its error quantiles (a list, possibly empty)");
        }
        if (errors.stream().map(ErrorQuantiles::horizon).distinct().count() != errors.size()) {
            throw new IllegalArgumentException("held-out errors " + errors + " name a horizon twice; expected one"
                    + " ErrorQuantiles per horizon");
        }
        if (!(maxRelativeHalfWidth > 0)) {
            throw new IllegalArgumentException("maxRelativeHalfWidth must be positive, got " + maxRelativeHalfWidth);
        }
        this.pointForecaster = pointForecaster;
        this.errors = errors.stream().sorted(Comparator.comparingLong(ErrorQuantiles::horizon)).toList();
        this.maxRelativeHalfWidth = maxRelativeHalfWidth;
    }

    @Override
    public Optional<Forecast> forecast(EntropyCurve curve) {
        return pointForecaster.forecast(curve).map(this::withIntervals);
    }

    /** The point forecast with its intervals, confident only when it was and the 80% interval is narrow. */
    public Forecast withIntervals(Forecast point) {
        if (errors.isEmpty()) {
            return new Forecast(point.step(), point.predictedGrokStep(), point.method(), false);
        }
        long q80 = quantileAt(point.stepsAhead(), ErrorQuantiles::q80);
        long q95 = quantileAt(point.stepsAhead(), ErrorQuantiles::q95);
        long predicted = point.predictedGrokStep();
        return new Forecast(point.step(), predicted, interval(point, q80), interval(point, q95), point.method(),
                point.confident() && q80 <= maxRelativeHalfWidth * predicted);
    }

    /** T̂ ± q, its lower end not before the step the forecast was made at unless T̂ itself is. */
    private static PredictionInterval interval(Forecast point, long q) {
        long predicted = point.predictedGrokStep();
        long low = predicted - q;
        return new PredictionInterval(predicted >= point.step() ? Math.max(point.step(), low) : low, predicted + q);
    }

    /**
     * The quantile for a forecast {@code stepsAhead}: the largest at the smallest horizon at least that far (else the
     * largest horizon) and at every nearer one.
     */
    long quantileAt(long stepsAhead, ToLongFunction<ErrorQuantiles> level) {
        long horizon = errors.stream().mapToLong(ErrorQuantiles::horizon).filter(h -> h >= stepsAhead).findFirst()
                .orElse(errors.get(errors.size() - 1).horizon());
        return errors.stream().filter(e -> e.horizon() <= horizon).mapToLong(level).max().orElseThrow();
    }

    /** Without held-out errors there is no interval, so no forecast is confident. */
    @Override
    public Optional<String> whyNeverConfident() {
        return errors.isEmpty() ? Optional.of("its calibration measured no held-out errors for the " + name()
                + " forecaster (it forecast fewer than " + ErrorQuantiles.MIN_RUNS + " held-out runs at every"
                + " horizon), so its forecasts carry no interval and are never confident") : Optional.empty();
    }

    public GrokForecaster pointForecaster() {
        return pointForecaster;
    }

    @Override
    public OptionalDouble threshold() {
        return pointForecaster.threshold();
    }

    @Override
    public String name() {
        return pointForecaster.name();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ConformalForecaster(%s, confident when q80 <= %.2f of the forecast, held-out |error| %s)",
                pointForecaster, maxRelativeHalfWidth, errors.stream().map(e -> String.format(Locale.ROOT, "%d steps before: q80 %d,"
                        + " q95 %d (%d runs)", e.horizon(), e.q80(), e.q95(), e.runs()))
                        .collect(Collectors.joining("; ")));
    }
}
