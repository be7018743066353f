package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Calibrates a task on finished runs and measures honestly how well each forecaster predicts:
 * leave one grokked run out, calibrate on the others, and forecast from the held-out run's history
 * cut at 8,000 / 4,000 / 2,000 / 1,000 / 500 steps before its actual grokking step, and at its first
 * confident forecast. Also fits the paper's Table 2 (the power law with other predictors).
 *
 * <pre>{@code
 * CalibrationReport report = CalibrationReport.evaluate(runs, allowMixed);
 * System.out.println(report.format());
 * report.calibration().write(out);   // all runs, the best forecaster selected
 * }</pre>
 *
 * <p>The best forecaster is the one with forecasts for the most held-out runs at
 * {@value #SELECTION_HORIZON} steps before grokking, then the lowest error there.
 */
public final class CalibrationReport {

    public static final List<Long> HORIZONS = List.of(8_000L, 4_000L, 2_000L, 1_000L, 500L);
    public static final long SELECTION_HORIZON = 2_000L;

    private final RunSet runs;
    private final Calibration calibration;
    private final Map<ForecastMethod, List<HeldOutPrediction>> predictions;
    private final List<PredictorFit> predictorFits;
    private final List<NotGrokkedRun> notGrokked;

    private CalibrationReport(RunSet runs, Map<ForecastMethod, List<HeldOutPrediction>> predictions) {
        this.runs = runs;
        this.predictions = predictions;
        Calibration all = Calibration.fit(runs, ForecastMethod.POWER_LAW);
        this.calibration = all.withMethod(best());
        this.predictorFits = PredictorFit.compare(runs.grokked(), all.threshold().mean());
        GrokForecaster selected = calibration.toForecaster();
        this.notGrokked = runs.notGrokked().stream().map(r -> new NotGrokkedRun(r.name(),
                r.history().latest().map(EntropyRecord::step).orElse(0L),
                firstConfident(selected, r.history(), Long.MAX_VALUE))).toList();
    }

    /** Evaluates runs of one task; at least {@value RunSet#MIN_GROKKED_RUNS} must have grokked. */
    public static CalibrationReport evaluate(List<RunHistory> runs) {
        return evaluate(runs, false);
    }

    /** As {@link #evaluate(List)}; {@code allowMixed} accepts runs of different tasks. */
    public static CalibrationReport evaluate(List<RunHistory> runs, boolean allowMixed) {
        RunSet set = RunSet.of(runs, allowMixed);
        Map<ForecastMethod, List<HeldOutPrediction>> predictions = new EnumMap<>(ForecastMethod.class);
        for (ForecastMethod method : ForecastMethod.values()) {
            predictions.put(method, new ArrayList<>());
        }
        for (RunHistory heldOut : set.grokked()) {
            Calibration fold;
            try {
                fold = Calibration.fit(set.without(heldOut), ForecastMethod.POWER_LAW);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("calibrating on the runs other than " + heldOut.name()
                        + " failed: " + e.getMessage(), e);
            }
            for (ForecastMethod method : ForecastMethod.values()) {
                predictions.get(method).addAll(predict(fold.forecaster(method), heldOut));
            }
        }
        return new CalibrationReport(set, predictions);
    }

    private static List<HeldOutPrediction> predict(GrokForecaster forecaster, RunHistory run) {
        long grok = run.grokStep().getAsLong();
        List<HeldOutPrediction> made = new ArrayList<>();
        for (long horizon : HORIZONS) {
            EntropyHistory cut = run.historyUpTo(grok - horizon);
            made.add(new HeldOutPrediction(run.name(), grok, horizon,
                    cut.isEmpty() ? null : forecaster.forecast(cut).orElse(null)));
        }
        made.add(new HeldOutPrediction(run.name(), grok, null, firstConfident(forecaster, run.history(), grok)));
        return made;
    }

    /** The first confident forecast from the history cut at each evaluation before {@code before}, in order. */
    private static Forecast firstConfident(GrokForecaster forecaster, EntropyHistory history, long before) {
        List<EntropyRecord> records = history.records();
        for (int i = 1; i <= records.size() && records.get(i - 1).step() < before; i++) {
            Forecast forecast = forecaster.forecast(new EntropyHistory(history.criteria(), records.subList(0, i)))
                    .orElse(null);
            if (forecast != null && forecast.confident()) {
                return forecast;
            }
        }
        return null;
    }

    /** The forecaster with forecasts for the most held-out runs at 2,000 steps, then the lowest error. */
    public ForecastMethod best() {
        return predictions.keySet().stream().min(Comparator
                .comparingInt((ForecastMethod m) -> -summary(m, SELECTION_HORIZON).forecasts())
                .thenComparingDouble(m -> {
                    double mape = summary(m, SELECTION_HORIZON).mape();
                    return Double.isNaN(mape) ? Double.POSITIVE_INFINITY : mape;
                })).orElseThrow();
    }

    /** Calibration on every grokked run, selecting {@link #best()}. */
    public Calibration calibration() {
        return calibration;
    }

    public String task() {
        return runs.task();
    }

    /** Every held-out forecast of one forecaster. */
    public List<HeldOutPrediction> predictions(ForecastMethod method) {
        return List.copyOf(predictions.get(method));
    }

    /** Accuracy of a forecaster at a horizon ({@code null}: the first confident forecast). */
    public HorizonSummary summary(ForecastMethod method, Long horizon) {
        if (horizon != null && !HORIZONS.contains(horizon)) {
            throw new IllegalArgumentException("no evaluation at " + horizon + " steps before grokking; expected one of "
                    + HORIZONS + " or null for the first confident forecast");
        }
        return HorizonSummary.of(method, horizon, predictions.get(method));
    }

    /** Every forecaster at every horizon, then at its first confident forecast. */
    public List<HorizonSummary> summaries() {
        List<HorizonSummary> all = new ArrayList<>();
        for (ForecastMethod method : ForecastMethod.values()) {
            HORIZONS.forEach(h -> all.add(summary(method, h)));
            all.add(summary(method, null));
        }
        return all;
    }

    /** The paper's Table 2 on these runs. */
    public List<PredictorFit> predictorFits() {
        return predictorFits;
    }

    public List<NotGrokkedRun> notGrokked() {
        return notGrokked;
    }

    /** The report as the {@code calibrate} command prints it. */
    public String format() {
        StringBuilder out = new StringBuilder();
        ThresholdEstimate h = calibration.threshold();
        PowerLawFit law = calibration.powerLaw();
        line(out, "Calibration of %s on %d grokked runs (%s)", runs.task(), runs.grokked().size(),
                RunSet.names(runs.grokked()));
        line(out, "H̃* = %.4f (bootstrap 95%% CI %.4f-%.4f, sd across runs %.4f)", h.mean(), h.low(), h.high(), h.sd());
        line(out, "power law ΔT = C1·(H̃ − H̃*)^γ + C2: C1 = %.4g, γ = %.3f (paper 1.65), C2 = %.4g, R² = %.3f"
                + " (paper 0.543), residual sd %.0f steps, %d points", law.c1(), law.gamma(), law.c2(), law.rSquared(),
                law.residualSd(), law.points());
        line(out, "collapse rate: grokking follows the H̃* crossing by %.0f ± %.0f steps (%d runs)",
                calibration.crossingLag().mean(), calibration.crossingLag().sd(), calibration.crossingLag().runs());
        line(out, "");
        line(out, "Leave-one-run-out: calibrated on the other runs, forecast from the held-out run's history");
        line(out, "%-14s %-20s %10s %10s %8s %10s", "forecaster", "made", "forecasts", "confident", "MAPE", "warning");
        for (HorizonSummary s : summaries()) {
            line(out, "%-14s %-20s %10s %10d %7.1f%% %10.0f", s.method().label(), s.when(), s.forecasts() + "/" + s.runs(),
                    s.confident(), s.mape(), s.meanWarning());
        }
        line(out, "selected: %s (forecasts for the most runs, then the lowest MAPE, %d steps before grokking)",
                calibration.method().label(), SELECTION_HORIZON);
        line(out, "");
        line(out, "Per held-out run, absolute percentage error (%s):", calibration.method().label());
        for (RunHistory run : runs.grokked()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-20s T_grok %6d:", run.name(),
                    run.grokStep().getAsLong()));
            predictions.get(calibration.method()).stream().filter(p -> p.run().equals(run.name())).forEach(p ->
                    row.append(String.format(Locale.ROOT, "  %s %s", p.horizon() == null ? "first" : p.horizon(),
                            p.forecast() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", p.absolutePercentageError()))));
            line(out, "%s", row);
        }
        if (notGrokked.isEmpty()) {
            line(out, "runs that never grokked: none");
        }
        for (NotGrokkedRun r : notGrokked) {
            line(out, "never grokked: %s (last evaluation at step %d): %s", r.name(), r.lastStep(),
                    r.firstConfident() == null ? "no confident forecast (correct)"
                            : "confident forecast of step " + r.firstConfident().predictedGrokStep() + " made at step "
                            + r.firstConfident().step() + " (a false alarm)");
        }
        line(out, "");
        line(out, "Table 2: ΔT = C1·x^γ + C2 with other predictors x (same evaluations)");
        line(out, "%-28s %10s %8s %8s %8s", "predictor x", "C1", "γ", "R²", "points");
        for (PredictorFit f : predictorFits) {
            if (f.fit() == null) {
                line(out, "%-28s not fitted: %s", f.predictor().label(), f.problem());
            } else {
                line(out, "%-28s %10.4g %8.3f %8.3f %8d", f.predictor().label(), f.fit().c1(), f.fit().gamma(),
                        f.fit().rSquared(), f.fit().points());
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    @Override
    public String toString() {
        return "CalibrationReport(" + runs.task() + ", " + runs.grokked().size() + " grokked runs, best "
                + best().label() + ")";
    }
}
