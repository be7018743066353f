package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyCurve;
import dev.grokwatch.entropy.EntropyEventType;
import dev.grokwatch.entropy.EntropyRecord;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Forecasts the steps left until grokking from what the run shows so far, learned from finished runs of the
 * task: a regression of ln(T_grok − t) on the run's signals at step t ({@link RemainingTimeFit}),
 * {@code ln(T_grok − t) = b0 + b1·age + b2·rate [+ b3·ln eta]}, so predicted T_grok = t + e^(b·x).
 * <ul>
 *   <li>age: thousands of steps since the parameter norm ‖θ‖ peaked (0 while it is still rising; arXiv
 *       2604.13123, §7);</li>
 *   <li>rate: how fast H̃ falls, −dH̃/dt per 1,000 steps over the last 5 evaluations (0 while flat or
 *       rising; the collapse of §3.2);</li>
 *   <li>eta, only in the variant {@value #TEST_ACCURACY_NAME}: the steps test accuracy needs to reach the
 *       grokking criterion if its logit keeps its pace over the last 5 evaluations.</li>
 * </ul>
 * The default, {@value #NAME}, is label-free like the paper's signal: it reads the parameter norm and H̃ (the
 * probe), never test accuracy, so it needs no test data. Both fall back to the calibration runs' typical remaining
 * time while the norm rises and H̃ is flat (age and rate 0), and never look further ahead than the latest T_grok
 * among them.
 *
 * <p>Evidence: leave-one-run-out on ten runs of addition mod 97 (1-layer Transformer, training fraction 0.3,
 * seeds 0-9, T_grok 3,400-9,800), each run forecast from its history cut N steps before its grokking step by the
 * forecasters calibrated on the other nine; MAPE of T_grok over the runs with a forecast (8 at 4,000 steps, where
 * two runs had not started, 10 at the others). The naive rules: prior, the mean T_grok of the other runs;
 * survival, the mean of those still possible at step t, E[T | T > t].
 * <pre>
 * forecast made               4,000 before  2,000 before  1,000 before  500 before
 * remaining-time (label-free)         8.0%         17.2%          7.9%        4.9%
 * remaining-time-test-acc            10.2%         15.0%          7.8%        4.4%
 * power-law (arXiv 2604.13123, §8)   10.7%         26.6%         19.7%       12.8%
 * prior mean T_grok                  18.6%         32.2%         32.2%       32.2%
 * survival E[T | T > t]              15.4%         28.6%         28.3%       32.3%
 * </pre>
 * Better than either naive rule at every horizon; the aims of 10% at 2,000 steps and the paper's 4.1% at 1,000
 * are not met. Most of the error at 2,000 and 1,000 steps is the two fastest runs (T_grok 3,400 and 4,000),
 * which grok 2,200-2,600 steps after the norm's peak where the others take 3,000-4,800. The two signals and the
 * windows (5 evaluations, ‖θ‖ averaged over 3) were chosen on these same runs; only the coefficients are
 * refitted without the held-out run, so expect somewhat larger errors on new runs. The model assumes H̃ falls faster
 * as grokking nears, as on these runs; on a curve that decays fastest at its onset (exponentially) it does worse than
 * the baselines. Calibrated, it gave a confident forecast on 4 of the ten runs, 950 steps ahead on average with 6.9%
 * error, and none on six runs that never grokked (no weight decay; 10% of the pairs for training).
 *
 * <p>A point forecast: a {@link Calibration} gives it intervals from held-out errors ({@link ConformalForecaster}).
 * Confident (its own conditions, before the interval's width): the collapse is under way, that is the collapse onset
 * has been seen (Phase II, as for the power law) and H̃ is falling, and the norm has turned, its average at least
 * {@value #NORM_TURN} below its peak as a share of it, no longer ago than the latest peak the regression was fitted
 * on (no extrapolation). So a run whose norm keeps growing or saturates (no weight decay) or whose H̃ never collapses
 * gets forecasts but no confident one: with the signals at rest the forecast is the calibration runs' typical
 * remaining time, not a reading of the run.
 */
public final class RemainingTimeForecaster implements GrokForecaster {

    private static final long serialVersionUID = 1L;
    /** The label-free forecaster: parameter norm and H̃ only. */
    public static final String NAME = "remaining-time";
    /** The variant that also reads the test-accuracy curve (needs test data). */
    public static final String TEST_ACCURACY_NAME = "remaining-time-test-acc";
    /**
     * The share of its peak the norm must have lost to count as turned: the ten default runs' norm falls 18-40% after
     * its peak (the first 1% of it 1,600-5,400 steps before grokking), a saturated norm without weight decay drifts by
     * 0.1%.
     */
    public static final double NORM_TURN = 0.01;

    private final RemainingTimeFit fit;

    /** @param fit the regression ({@link #calibrate}) */
    public RemainingTimeForecaster(RemainingTimeFit fit) {
        if (fit == null) {
            throw new IllegalArgumentException("fit is null; expected a RemainingTimeFit (RemainingTimeForecaster.calibrate)");
        }
        this.fit = fit;
    }

    /**
     * Fits the regression on grokked runs of one task ({@link RemainingTimeFit#fit}).
     *
     * @param testAccuracy {@code true} for the variant that also reads test accuracy
     * @throws IllegalArgumentException when a run never grokked or there is too little to fit, saying which
     */
    public static RemainingTimeForecaster calibrate(List<RunHistory> grokkedRuns, boolean testAccuracy) {
        return new RemainingTimeForecaster(RemainingTimeFit.fit(grokkedRuns, testAccuracy));
    }

    /**
     * Empty for an empty curve, when the latest H̃ is not a number, and in the test-accuracy variant when none of
     * the last evaluations measured test accuracy.
     */
    @Override
    public Optional<Forecast> forecast(EntropyCurve curve) {
        List<EntropyRecord> records = curve.records();
        if (records.isEmpty() || !Double.isFinite(records.get(records.size() - 1).normalisedEntropy())) {
            return Optional.empty();
        }
        double[] signals = fit.signals(records);
        if (signals == null) {
            return Optional.empty();
        }
        long t = records.get(records.size() - 1).step();
        boolean confident = curve.stepOf(EntropyEventType.COLLAPSE_ONSET).isPresent() && signals[1] > 0
                && RunSignals.normFallFromPeak(records, fit.normSmoothing()) >= NORM_TURN
                && signals[0] <= fit.maxNormPeakAge();
        return Optional.of(new Forecast(t, t + Math.round(Math.exp(fit.logRemaining(signals))), name(), confident));
    }

    @Override
    public String name() {
        return fit.testAccuracy() ? TEST_ACCURACY_NAME : NAME;
    }

    public RemainingTimeFit fit() {
        return fit;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "RemainingTimeForecaster(%s: ln(T_grok − t) = %.4g %+.4g·age %+.4g·rate%s,"
                        + " R² %.3f, %d evaluations of %d runs)", name(), fit.intercept(), fit.normPeakAge(),
                fit.entropyDeclineRate(), fit.testAccuracy() ? String.format(Locale.ROOT, " %+.4g·ln eta",
                        fit.testAccuracyEta()) : "", fit.rSquared(), fit.points(), fit.runs());
    }
}
