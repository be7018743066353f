package dev.grokwatch.examples.reproduce;

import dev.grokwatch.entropy.forecast.CalibrationReport;
import dev.grokwatch.entropy.forecast.ConformalForecaster;
import dev.grokwatch.entropy.forecast.ForecastMethod;
import dev.grokwatch.entropy.forecast.HeldOutPrediction;
import dev.grokwatch.entropy.forecast.HorizonSummary;
import dev.grokwatch.entropy.forecast.Predictor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * E6, forecasting (arXiv 2604.13123, §8): the power law's γ and R² with bootstrap intervals, and its leave-one-run-out
 * error and advance warning, read from the library's forecast evaluation ({@link CalibrationReport}), which scores
 * every forecaster beside the naive baselines on the same held-out runs.
 */
final class ForecastAnalysis {

    /** Steps before grokking at which the paper measures its forecast error (claims E6.3 and E6.5, §8). */
    private static final long PAPER_HORIZON = 2_000L;

    private ForecastAnalysis() {
    }

    static ExperimentResult analyse(Runs runs) {
        List<String> notes = new ArrayList<>(runs.notes(Experiment.E6.groups()));
        BaselineFits fits = runs.baselineFits();
        if (fits.problem() != null) {
            String why = fits.problem();
            return new ExperimentResult(Experiment.E6, List.of(
                    VerdictRules.inconclusive(PaperClaim.E6_GAMMA, Estimate.none(Unit.NUMBER), why),
                    VerdictRules.inconclusive(PaperClaim.E6_R_SQUARED, Estimate.none(Unit.R_SQUARED), why),
                    VerdictRules.inconclusive(PaperClaim.E6_MAPE, Estimate.none(Unit.PERCENT), why),
                    VerdictRules.inconclusive(PaperClaim.E6_WARNING, Estimate.none(Unit.STEPS), why),
                    VerdictRules.inconclusive(PaperClaim.E6_BEATS_BASELINES, Estimate.none(Unit.PERCENT), why)),
                    List.of(), List.of(), notes);
        }
        CalibrationReport report = fits.report();
        List<Claim> claims = new ArrayList<>();
        claims.add(VerdictRules.value(PaperClaim.E6_GAMMA, fits.gamma(), null));
        claims.add(VerdictRules.value(PaperClaim.E6_R_SQUARED, fits.rSquared(Predictor.ENTROPY_GAP), null));
        List<HeldOutPrediction> ahead = made(report, ForecastMethod.POWER_LAW, PAPER_HORIZON);
        Estimate mape = Numbers.mean(Unit.PERCENT, ahead.stream()
                .mapToDouble(HeldOutPrediction::absolutePercentageError).toArray());
        claims.add(VerdictRules.value(PaperClaim.E6_MAPE, mape, null));
        HorizonSummary confident = report.summary(ForecastMethod.POWER_LAW, null);
        Estimate warning = Numbers.mean(Unit.STEPS, made(report, ForecastMethod.POWER_LAW, null).stream()
                .mapToDouble(HeldOutPrediction::advanceWarning).toArray());
        claims.add(warning.n() < VerdictRules.MIN_VALUES
                ? VerdictRules.inconclusive(PaperClaim.E6_WARNING, warning, String.format(Locale.ROOT, "the power law"
                        + " made a confident forecast (its own conditions met, its 80%% interval within ±%.0f%%) on %d"
                        + " of %d held-out runs, too few to average a warning", 100 * ConformalForecaster.DEFAULT_MAX_RELATIVE_HALF_WIDTH,
                confident.forecasts(), confident.runs()))
                : VerdictRules.value(PaperClaim.E6_WARNING, warning, "our runs grok sooner, so the warning is"
                + " shorter"));
        claims.add(beatsBaselines(report));

        List<List<String>> rows = new ArrayList<>();
        for (ForecastMethod method : ForecastMethod.values()) {
            HorizonSummary at = report.summary(method, PAPER_HORIZON);
            HorizonSummary first = report.summary(method, null);
            rows.add(List.of(method.label(), at.forecasts() + "/" + at.runs(), percent(at.mape()),
                    at.baseline() == null ? "-" : percent(at.baselineMape()) + " (" + at.baseline().label() + ")",
                    first.forecasts() + "/" + first.runs(), percent(first.mape()),
                    Double.isNaN(first.meanWarning()) ? "-" : Unit.STEPS.format(first.meanWarning())));
        }
        notes.add("Leave-one-run-out: each grokked run is forecast by the forecasters calibrated on the others"
                + " (CalibrationReport). Selected forecaster: " + report.best().label() + ".");
        return new ExperimentResult(Experiment.E6, claims, List.of(new Measurement("H̃* the forecasts use (calibrated,"
                + " mean H̃ at grokking)", new Estimate(Unit.ENTROPY, report.calibration().threshold().mean(),
                report.calibration().threshold().low(), report.calibration().threshold().high(),
                report.calibration().threshold().runs()))),
                List.of(new DetailTable("Every forecaster and baseline, held out run by run", List.of("forecaster",
                        "forecasts 2,000 ahead", "MAPE", "best baseline there", "confident forecasts", "MAPE",
                        "mean warning"), rows)), notes);
    }

    /**
     * E6.5: run by run, the best naive baseline's absolute percentage error 2,000 steps ahead minus the power law's,
     * from the same cut of the same held-out run (a paired comparison: the runs' errors differ far more between runs
     * than between forecasters, so two means with their own intervals would overlap whatever the forecasters do).
     */
    private static Claim beatsBaselines(CalibrationReport report) {
        HorizonSummary at = report.summary(ForecastMethod.POWER_LAW, PAPER_HORIZON);
        if (at.baseline() == null) {
            return VerdictRules.inconclusive(PaperClaim.E6_BEATS_BASELINES, Estimate.none(Unit.PERCENTAGE_POINTS),
                    "the power law made no forecast " + PAPER_HORIZON + " steps before grokking to compare");
        }
        double[] differences = made(report, ForecastMethod.POWER_LAW, PAPER_HORIZON).stream()
                .mapToDouble(p -> p.baselinePercentageError(at.baseline()) - p.absolutePercentageError())
                .filter(Double::isFinite).toArray();
        return VerdictRules.paired(PaperClaim.E6_BEATS_BASELINES, Numbers.mean(Unit.PERCENTAGE_POINTS, differences),
                String.format(Locale.ROOT, "the best naive baseline's (%s, MAPE %s) error minus the power law's (MAPE"
                        + " %s)", at.baseline().label(), percent(at.baselineMape()), percent(at.mape())),
                "knowing only the other runs' T_grok forecasts better here");
    }

    /** The forecasts one forecaster made at a horizon (null: its first confident one). */
    private static List<HeldOutPrediction> made(CalibrationReport report, ForecastMethod method, Long horizon) {
        return report.predictions(method).stream().filter(p -> Objects.equals(p.horizon(), horizon)
                && p.forecast() != null).toList();
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "-" : Unit.PERCENT.format(value);
    }
}
