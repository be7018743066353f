package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A task calibrated on finished runs, with an honest measure of how well each forecaster predicts
 * (arXiv 2604.13123, §8 and appendix D.1): each grokked run is left out in turn, the others calibrate, and
 * the held-out run is forecast from its history cut at 8,000 / 4,000 / 2,000 / 1,000 / 500 steps before its
 * actual grokking step and at its first confident forecast. The two naive baselines
 * ({@link BaselineForecaster}: the prior and the survival mean) are forecast from the same other runs and scored
 * alike, and every forecaster's summary sets its error beside the best baseline's on the same runs. Each forecast's
 * 80% and 95% intervals come from the other held-out runs' errors ({@link ConformalForecaster}), so their coverage
 * here is measured on runs that did not size them. Also holds the paper's Table 2 (arXiv 2604.13123, §7) (the power law with other
 * predictors). Numbers only: how they are shown is the caller's business.
 *
 * <pre>{@code
 * CalibrationReport report = CalibrationReport.evaluate(runs);      // RunHistory: name, task, EntropyHistory
 * report.summary(report.best(), report.selectionHorizon()).mape();   // its error where it was selected, percent
 * report.calibration().write(Path.of("calibration.json"));         // all runs, the best forecaster selected
 * }</pre>
 *
 * <p>Selection, at the {@link #selectionHorizon() selection horizon} (the largest of {@link #HORIZONS} no longer than
 * a third of the runs' median grokking step: 2,000 steps for runs that grok at about 7,000, 500 for runs that grok
 * at about 1,500): of the label-free forecasters whose MAPE is below the best baseline's on the same runs, the one
 * with forecasts for the most held-out runs, then the lowest MAPE; when no forecaster beats the best baseline, that
 * baseline (the lower MAPE) is selected, and {@code calibration.json} names it. The forecaster that reads test accuracy ({@link ForecastMethod#readsTestAccuracy()}) is evaluated beside
 * the others but never selected: the default needs no test data.
 *
 * @param calibration   H̃*, every forecaster fitted on all grokked runs and their held-out errors, selecting
 *                      {@link #best()}
 * @param predictions   every held-out forecast of each forecaster and baseline: per grokked run (in the order
 *                      given), one per {@link #HORIZONS horizon} then the first confident one
 * @param predictorFits the paper's Table 2 on the grokked runs
 * @param notGrokked    the runs given that did not grok (never generalised, or generalised without a delay), with
 *                      what the selected forecaster said on them
 */
public record CalibrationReport(Calibration calibration, Map<ForecastMethod, List<HeldOutPrediction>> predictions,
                                List<PredictorFit> predictorFits, List<NotGrokkedRun> notGrokked) {

    /** Steps before the actual grokking step at which each held-out run's history is cut. */
    public static final List<Long> HORIZONS = List.of(8_000L, 4_000L, 2_000L, 1_000L, 500L);

    public CalibrationReport {
        if (calibration == null || predictions == null || predictorFits == null || notGrokked == null) {
            throw new IllegalArgumentException("a calibration report needs calibration, predictions, predictorFits"
                    + " and notGrokked; got calibration " + calibration + ", predictions " + predictions
                    + ", predictorFits " + predictorFits + ", notGrokked " + notGrokked);
        }
        Map<ForecastMethod, List<HeldOutPrediction>> copy = new EnumMap<>(ForecastMethod.class);
        for (ForecastMethod method : ForecastMethod.values()) {
            if (!predictions.containsKey(method)) {
                throw new IllegalArgumentException("no held-out predictions of " + method.label()
                        + "; expected a list (possibly empty) for each of " + List.of(ForecastMethod.values()));
            }
            copy.put(method, List.copyOf(predictions.get(method)));
        }
        predictions = Collections.unmodifiableMap(copy);
        predictorFits = List.copyOf(predictorFits);
        notGrokked = List.copyOf(notGrokked);
    }

    /** Evaluates runs of one task; at least {@value RunSet#MIN_GROKKED_RUNS} must have grokked. */
    public static CalibrationReport evaluate(List<RunHistory> runs) {
        return evaluate(runs, false);
    }

    /**
     * As {@link #evaluate(List)}; {@code allowMixed} accepts runs of different tasks.
     *
     * @throws IllegalArgumentException when the runs are fewer than needed, of mixed tasks without
     *                                  {@code allowMixed}, or cannot be fitted, saying which
     */
    public static CalibrationReport evaluate(List<RunHistory> runs, boolean allowMixed) {
        RunSet set = RunSet.of(runs, allowMixed);
        LeaveOneRunOut folds = LeaveOneRunOut.of(set);
        Map<ForecastMethod, List<HeldOutPrediction>> predictions = new EnumMap<>(ForecastMethod.class);
        for (ForecastMethod method : ForecastMethod.values()) {
            predictions.put(method, new ArrayList<>());
        }
        for (int i = 0; i < folds.runs().size(); i++) {
            Calibration fold = folds.fold(i).withHeldOutErrors(folds.errorQuantilesWithout(i));
            for (ForecastMethod method : ForecastMethod.values()) {
                predictions.get(method).addAll(predict(fold, fold.forecaster(method), folds.runs().get(i)));
            }
        }
        long horizon = selectionHorizon(set.grokked().stream().map(r -> r.grokStep().getAsLong()).toList());
        Calibration all = Calibration.pointFit(set, best(predictions, horizon))
                .withHeldOutErrors(folds.errorQuantiles());
        GrokForecaster selected = all.toForecaster();
        List<NotGrokkedRun> notGrokked = set.notGrokked().stream().map(r -> new NotGrokkedRun(r.name(),
                r.history().latest().map(EntropyRecord::step).orElse(0L),
                firstConfident(selected, r.history(), Long.MAX_VALUE), generalisedStep(r))).toList();
        return new CalibrationReport(all, predictions, PredictorFit.compare(set.grokked(), all.threshold().mean()),
                notGrokked);
    }

    private static List<HeldOutPrediction> predict(Calibration fold, GrokForecaster forecaster, RunHistory run) {
        long grok = run.grokStep().getAsLong();
        List<HeldOutPrediction> made = new ArrayList<>();
        for (long horizon : HORIZONS) {
            EntropyHistory cut = run.history().upTo(grok - horizon);
            made.add(heldOut(fold, run, horizon, cut.isEmpty() ? null : forecaster.forecast(cut).orElse(null)));
        }
        made.add(heldOut(fold, run, null, firstConfident(forecaster, run.history(), grok)));
        return made;
    }

    /** The prediction with the fold's baselines from the same step. */
    private static HeldOutPrediction heldOut(Calibration fold, RunHistory run, Long horizon, Forecast forecast) {
        Map<ForecastMethod, Long> baselines = new EnumMap<>(ForecastMethod.class);
        if (forecast != null) {
            Arrays.stream(ForecastMethod.values()).filter(ForecastMethod::baseline).forEach(b ->
                    baselines.put(b, BaselineForecaster.of(b, fold.grokSteps()).predict(forecast.step())));
        }
        return new HeldOutPrediction(run.name(), run.grokStep().getAsLong(), horizon, forecast, baselines);
    }

    private static Long generalisedStep(RunHistory run) {
        OptionalLong step = run.history().generalisedStep();
        return step.isPresent() ? step.getAsLong() : null;
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

    /**
     * The selection at the {@link #selectionHorizon() selection horizon}: the label-free forecaster that beats the best
     * baseline there with forecasts for the most runs, then the lowest MAPE; the best baseline when none beats it.
     */
    public ForecastMethod best() {
        return best(predictions, selectionHorizon());
    }

    /**
     * Steps before grokking at which {@link #best()} selects: {@link #selectionHorizon(List)} of the calibration's
     * grokked runs.
     */
    public long selectionHorizon() {
        return selectionHorizon(calibration.runs().stream().map(CalibratedRun::grokStep).toList());
    }

    /**
     * The largest of {@link #HORIZONS} no longer than a third of the median grokking step, so that at the median the
     * history cut there holds two thirds of the way to grokking; the shortest horizon (500) for runs that grok within
     * 1,500 steps. A fixed horizon would select a baseline for every model faster than it: a run cut 2,000 steps
     * before it groks at 1,500 has no history to forecast from. E.g. median 7,100 steps → 2,000; 1,500 → 500.
     *
     * @param grokSteps the grokked runs' grokking steps, at least one
     * @throws IllegalArgumentException when there are none
     */
    public static long selectionHorizon(List<Long> grokSteps) {
        if (grokSteps == null || grokSteps.isEmpty()) {
            throw new IllegalArgumentException("no grokking steps; expected those of the grokked runs, at least one");
        }
        List<Long> sorted = grokSteps.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        return HORIZONS.stream().filter(h -> h <= median / 3).max(Long::compare)
                .orElse(HORIZONS.stream().min(Long::compare).orElseThrow());
    }

    private static ForecastMethod best(Map<ForecastMethod, List<HeldOutPrediction>> predictions, long horizon) {
        Map<ForecastMethod, HorizonSummary> at = new EnumMap<>(ForecastMethod.class);
        predictions.forEach((m, p) -> at.put(m, HorizonSummary.of(m, horizon, p)));
        Comparator<ForecastMethod> lowestMape = Comparator.comparingDouble(m -> {
            double mape = at.get(m).mape();
            return Double.isNaN(mape) ? Double.POSITIVE_INFINITY : mape;
        });
        return at.keySet().stream().filter(m -> !m.readsTestAccuracy() && at.get(m).beatsBaseline())
                .min(Comparator.<ForecastMethod>comparingInt(m -> -at.get(m).forecasts()).thenComparing(lowestMape))
                .orElseGet(() -> at.keySet().stream().filter(ForecastMethod::baseline).min(lowestMape).orElseThrow());
    }

    /** The task label the runs share, or {@code "mixed: ..."}. */
    public String task() {
        return calibration.task();
    }

    /** Every held-out forecast of one forecaster. */
    public List<HeldOutPrediction> predictions(ForecastMethod method) {
        return predictions.get(method);
    }

    /**
     * Accuracy of a forecaster at a horizon ({@code null}: the first confident forecast).
     *
     * @throws IllegalArgumentException when the horizon is not one of {@link #HORIZONS}
     */
    public HorizonSummary summary(ForecastMethod method, Long horizon) {
        if (horizon != null && !HORIZONS.contains(horizon)) {
            throw new IllegalArgumentException("no evaluation at " + horizon + " steps before grokking; expected one of "
                    + HORIZONS + " or null for the first confident forecast");
        }
        return HorizonSummary.of(method, horizon, predictions.get(method));
    }

    /**
     * Every forecaster and baseline at every horizon, then at its first confident forecast: the leave-one-run-out
     * table.
     */
    public List<HorizonSummary> summaries() {
        List<HorizonSummary> all = new ArrayList<>();
        for (ForecastMethod method : ForecastMethod.values()) {
            HORIZONS.forEach(h -> all.add(summary(method, h)));
            all.add(summary(method, null));
        }
        return all;
    }

    /** Short: the task, how many runs and the selected forecaster (the record's parts are long lists). */
    @Override
    public String toString() {
        return "CalibrationReport(" + task() + ", " + calibration.runs().size() + " grokked runs, best "
                + best().label() + ")";
    }
}
