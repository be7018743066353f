package dev.grokwatch.examples.report;

import dev.grokwatch.entropy.forecast.CalibratedRun;
import dev.grokwatch.entropy.forecast.Calibration;
import dev.grokwatch.entropy.forecast.CalibrationReport;
import dev.grokwatch.entropy.forecast.ConformalForecaster;
import dev.grokwatch.entropy.forecast.ErrorQuantiles;
import dev.grokwatch.entropy.forecast.ForecastMethod;
import dev.grokwatch.entropy.forecast.HorizonSummary;
import dev.grokwatch.entropy.forecast.NotGrokkedRun;
import dev.grokwatch.entropy.forecast.PowerLawFit;
import dev.grokwatch.entropy.forecast.PredictorFit;
import dev.grokwatch.entropy.forecast.RemainingTimeFit;
import dev.grokwatch.entropy.forecast.ThresholdEstimate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A {@link CalibrationReport} as {@code grokwatch calibrate} prints it: H̃* and the fitted forecasters, the
 * leave-one-run-out table with each forecaster's MAPE beside the best naive baseline's and its intervals' coverage,
 * the selection (saying so when no forecaster beats the baselines), the held-out errors behind the intervals, each
 * held-out run's errors, the runs that never grokked or generalised without a delay, and the paper's Table 2
 * (arXiv 2604.13123, §8). Numbers use {@link Locale#ROOT}.
 */
public final class CalibrationReportText {

    private CalibrationReportText() {
    }

    /** The report, one line per row, each ending in a newline. */
    public static String format(CalibrationReport report) {
        StringBuilder out = new StringBuilder();
        Calibration calibration = report.calibration();
        ThresholdEstimate h = calibration.threshold();
        PowerLawFit law = calibration.powerLaw();
        line(out, "Calibration of %s on %d grokked runs (%s)", calibration.task(), calibration.runs().size(),
                calibration.runs().stream().map(CalibratedRun::name).collect(Collectors.joining(", ")));
        line(out, "H̃* = %.4f (bootstrap 95%% CI %.4f-%.4f, sd across runs %.4f)", h.mean(), h.low(), h.high(), h.sd());
        line(out, "power law ΔT = C1·(H̃ − H̃*)^γ + C2: C1 = %.4g, γ = %.3f (paper 1.65), C2 = %.4g, R² = %.3f"
                + " (paper 0.543), residual sd %.0f steps, %d points", law.c1(), law.gamma(), law.c2(), law.rSquared(),
                law.residualSd(), law.points());
        line(out, "collapse rate: grokking follows the H̃* crossing by %.0f ± %.0f steps (%d runs)",
                calibration.crossingLag().mean(), calibration.crossingLag().sd(), calibration.crossingLag().runs());
        remainingTime(out, "remaining time", calibration.remainingTime());
        remainingTime(out, "remaining time with test accuracy", calibration.remainingTimeTestAccuracy());
        line(out, "");
        line(out, "Leave-one-run-out: calibrated on the other runs, forecast from the held-out run's history");
        line(out, "%-23s %-20s %10s %10s %8s %10s  %-22s %6s %6s", "forecaster", "made", "forecasts", "confident",
                "MAPE", "warning", "best baseline", "in 80%", "in 95%");
        for (HorizonSummary s : report.summaries()) {
            line(out, "%-23s %-20s %10s %10d %7.1f%% %10.0f  %-22s %5.0f%% %5.0f%%", s.method().label(), when(s.horizon()),
                    s.forecasts() + "/" + s.runs(), s.confident(), s.mape(), s.meanWarning(), baseline(s),
                    s.coverage80(), s.coverage95());
        }
        line(out, "best baseline: the lower MAPE, on the same runs from the same steps, of the prior (mean T_grok of the"
                + " other runs) and the survival mean (mean of their T_grok later than the step, E[T | T > t]; the step"
                + " itself when none is)");
        line(out, "in 80%%, in 95%%: share of the forecasts whose interval held the actual T_grok; the interval is the"
                + " forecast ± the 80%% / 95%% quantile of the other runs' held-out errors. Confident: the forecaster's"
                + " own conditions hold and the 80%% interval is within ±%.0f%% of the forecast",
                100 * ConformalForecaster.DEFAULT_MAX_RELATIVE_HALF_WIDTH);
        line(out, "%s reads test accuracy, so needs test data: shown beside the label-free forecasters, never selected",
                ForecastMethod.REMAINING_TIME_TEST_ACCURACY.label());
        line(out, "%s", selection(report));
        line(out, "intervals (calibration.json): the forecast ± these quantiles of held-out |T_grok − forecast|, by"
                + " steps before grokking, 80%% / 95%% (runs)");
        for (ForecastMethod method : ForecastMethod.values()) {
            line(out, "  %-23s%s", method.label(), calibration.heldOutErrors(method).stream()
                    .sorted(Comparator.comparingLong(ErrorQuantiles::horizon).reversed())
                    .map(e -> String.format(Locale.ROOT, "  %d: ±%d / ±%d (%d)", e.horizon(), e.q80(), e.q95(),
                            e.runs()))
                    .collect(Collectors.joining()));
        }
        line(out, "");
        line(out, "Per held-out run, absolute percentage error (%s):", calibration.method().label());
        for (CalibratedRun run : calibration.runs()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-20s T_grok %6d:", run.name(),
                    run.grokStep()));
            report.predictions(calibration.method()).stream().filter(p -> p.run().equals(run.name())).forEach(p ->
                    row.append(String.format(Locale.ROOT, "  %s %s", p.horizon() == null ? "first" : p.horizon(),
                            p.forecast() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", p.absolutePercentageError()))));
            line(out, "%s", row);
        }
        if (report.notGrokked().isEmpty()) {
            line(out, "runs that never grokked: none");
        }
        for (NotGrokkedRun r : report.notGrokked()) {
            if (r.generalised()) {
                line(out, "generalised without a delay (not grokking): %s at step %d (last evaluation at step %d): %s",
                        r.name(), r.generalisedStep(), r.lastStep(), r.firstConfident() == null ? "no confident forecast"
                                : "confident forecast of step " + r.firstConfident().predictedGrokStep()
                                + " made at step " + r.firstConfident().step());
            } else {
                line(out, "never grokked: %s (last evaluation at step %d): %s", r.name(), r.lastStep(),
                        r.firstConfident() == null ? "no confident forecast (correct)"
                                : "confident forecast of step " + r.firstConfident().predictedGrokStep()
                                + " made at step " + r.firstConfident().step() + " (a false alarm)");
            }
        }
        line(out, "");
        line(out, "Table 2: ΔT = C1·x^γ + C2 with other predictors x (same evaluations)");
        line(out, "%-28s %10s %8s %8s %8s", "predictor x", "C1", "γ", "R²", "points");
        for (PredictorFit f : report.predictorFits()) {
            if (f.fit() == null) {
                line(out, "%-28s not fitted: %s", f.predictor().label(), f.problem());
            } else {
                line(out, "%-28s %10.4g %8.3f %8.3f %8d", f.predictor().label(), f.fit().c1(), f.fit().gamma(),
                        f.fit().rSquared(), f.fit().points());
            }
        }
        return out.toString();
    }

    /** The regression's line; none for a calibration written before it. */
    private static void remainingTime(StringBuilder out, String title, RemainingTimeFit fit) {
        if (fit != null) {
            line(out, "%s ln(T_grok − t) = %.3f %+.3f·age %+.3f·rate%s (age: thousands of steps since ‖θ‖ peaked,"
                    + " rate: −dH̃/dt per 1,000 steps%s): R² = %.3f, residual sd %.3f, %d points", title, fit.intercept(),
                    fit.normPeakAge(), fit.entropyDeclineRate(), fit.testAccuracy()
                            ? String.format(Locale.ROOT, " %+.3f·ln eta", fit.testAccuracyEta()) : "",
                    fit.testAccuracy() ? ", eta: steps for test accuracy to reach the criterion at its pace" : "",
                    fit.rSquared(), fit.residualSd(), fit.points());
        }
    }

    /** e.g. "29.3% survival-mean"; "-" on a baseline's own row and without forecasts. */
    private static String baseline(HorizonSummary s) {
        return s.baseline() == null ? "-" : String.format(Locale.ROOT, "%.1f%% %s", s.baselineMape(),
                s.baseline().label());
    }

    /** What was selected and why, saying plainly when no forecaster beats the best baseline. */
    private static String selection(CalibrationReport report) {
        ForecastMethod selected = report.calibration().method();
        long horizon = report.selectionHorizon();
        if (!selected.baseline()) {
            HorizonSummary s = report.summary(selected, horizon);
            return String.format(Locale.ROOT, "selected: %s (it beats the best baseline %d steps before grokking, %.1f%%"
                    + " against %.1f%% %s; of the forecasters that do, forecasts for the most runs, then the lowest"
                    + " MAPE)", selected.label(), horizon, s.mape(), s.baselineMape(), s.baseline().label());
        }
        return String.format(Locale.ROOT, "selected: %s, a naive baseline: no label-free forecaster beats the best"
                + " baseline %d steps before grokking (%s)", selected.label(), horizon, Arrays.stream(ForecastMethod.values())
                .filter(m -> !m.baseline() && !m.readsTestAccuracy()).map(m -> report.summary(m, horizon))
                .map(s -> s.baseline() == null
                        ? s.method().label() + " no forecast"
                        : String.format(Locale.ROOT, "%s %.1f%% against %.1f%% on its %d runs", s.method().label(),
                        s.mape(), s.baselineMape(), s.forecasts()))
                .collect(Collectors.joining(", ")));
    }

    /** "8000 steps before", or "first confident" for the null horizon. */
    private static String when(Long horizon) {
        return horizon == null ? "first confident" : horizon + " steps before";
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
