package dev.grokwatch.examples.reproduce;

import dev.grokwatch.entropy.forecast.CalibrationReport;
import dev.grokwatch.entropy.forecast.PowerLawFit;
import dev.grokwatch.entropy.forecast.Predictor;
import dev.grokwatch.entropy.forecast.PredictorFit;
import dev.grokwatch.entropy.forecast.RunHistory;

import java.util.Arrays;
import java.util.List;

/**
 * The baseline's forecast evaluation, shared by E5 and E6: the library's {@link CalibrationReport#evaluate} (H̃*,
 * the power law, leave-one-run-out errors beside the naive baselines, the paper's Table 2), and 95% intervals of
 * the power law's γ and of each predictor's R² from a seeded bootstrap over the grokked runs, each resample
 * fitted by the library's {@link PredictorFit#compare} at the calibrated H̃* (arXiv 2604.13123, §7-8).
 */
final class BaselineFits {

    /** Resamples of the runs; each refits three power laws, so fewer than a mean's. */
    static final int RESAMPLES = 1_000;

    private static final List<Predictor> NORMS = List.of(Predictor.PARAM_NORM, Predictor.NORM_GAP);

    private final CalibrationReport report;
    private final List<RunHistory> grokked;
    private final String problem;
    /** {γ, R² of each predictor in enum order, R² of the H̃ gap minus each norm predictor's}: {low, high}. */
    private final double[][] intervals;

    private BaselineFits(CalibrationReport report, List<RunHistory> grokked, String problem, double[][] intervals) {
        this.report = report;
        this.grokked = grokked;
        this.problem = problem;
        this.intervals = intervals;
    }

    static BaselineFits of(GroupRuns baseline) {
        String absent = baseline.absence();
        if (absent != null) {
            return new BaselineFits(null, List.of(), absent, null);
        }
        List<RunHistory> runs = baseline.finished().stream().map(AnalysedRun::calibrationRun).toList();
        CalibrationReport report;
        try {
            report = CalibrationReport.evaluate(runs);
        } catch (RuntimeException e) { // too few grokked runs, or a fit that did not converge: said, not thrown
            return new BaselineFits(null, List.of(), "the forecast evaluation failed: " + e.getMessage(), null);
        }
        List<RunHistory> grokked = runs.stream().filter(r -> r.grokStep().isPresent()).toList();
        double threshold = report.calibration().threshold().mean();
        double[][] intervals = Statistics.bootstrap(grokked.size(), RESAMPLES, rows ->
                statistics(PredictorFit.compare(Arrays.stream(rows).mapToObj(grokked::get).toList(), threshold)));
        return new BaselineFits(report, grokked, null, intervals);
    }

    /** The evaluation, or {@code null} when there is none ({@link #problem()} says why). */
    CalibrationReport report() {
        return report;
    }

    /** Why there is no evaluation, or {@code null}. */
    String problem() {
        return problem;
    }

    /** The grokked runs fitted. */
    List<RunHistory> grokked() {
        return grokked;
    }

    /** The power law's γ with its bootstrap interval. */
    Estimate gamma() {
        PowerLawFit fit = fit(Predictor.ENTROPY_GAP);
        return estimate(Unit.NUMBER, fit == null ? null : fit.gamma(), intervals == null ? null : intervals[0]);
    }

    /** R² of the power law with one predictor (a row of Table 2), with its bootstrap interval. */
    Estimate rSquared(Predictor predictor) {
        PowerLawFit fit = fit(predictor);
        return estimate(Unit.R_SQUARED, fit == null ? null : fit.rSquared(),
                intervals == null ? null : intervals[1 + predictor.ordinal()]);
    }

    /** R² of the H̃ gap minus that of a norm predictor, with its bootstrap interval. */
    Estimate entropyGapLead(Predictor norm) {
        PowerLawFit entropy = fit(Predictor.ENTROPY_GAP);
        PowerLawFit other = fit(norm);
        Double lead = entropy == null || other == null ? null : entropy.rSquared() - other.rSquared();
        return estimate(Unit.R_SQUARED, lead, intervals == null ? null
                : intervals[1 + Predictor.values().length + NORMS.indexOf(norm)]);
    }

    /** The fit of one predictor on all grokked runs, {@code null} when it failed or there is none. */
    PowerLawFit fit(Predictor predictor) {
        if (report == null) {
            return null;
        }
        return report.predictorFits().stream().filter(f -> f.predictor() == predictor).findFirst()
                .map(PredictorFit::fit).orElse(null);
    }

    private Estimate estimate(Unit unit, Double value, double[] interval) {
        if (value == null) {
            return Estimate.none(unit);
        }
        if (interval == null || Double.isNaN(interval[0])) {
            return Estimate.point(unit, value, grokked.size());
        }
        // the percentiles of a resample can miss the full-sample fit; the interval is widened to hold it
        return new Estimate(unit, value, Math.min(value, interval[0]), Math.max(value, interval[1]), grokked.size());
    }

    private static double[] statistics(List<PredictorFit> fits) {
        double[] r2 = new double[Predictor.values().length];
        double gamma = Double.NaN;
        for (PredictorFit f : fits) {
            r2[f.predictor().ordinal()] = f.fit() == null ? Double.NaN : f.fit().rSquared();
            if (f.predictor() == Predictor.ENTROPY_GAP && f.fit() != null) {
                gamma = f.fit().gamma();
            }
        }
        double[] out = new double[1 + r2.length + NORMS.size()];
        out[0] = gamma;
        System.arraycopy(r2, 0, out, 1, r2.length);
        for (int i = 0; i < NORMS.size(); i++) {
            out[1 + r2.length + i] = r2[Predictor.ENTROPY_GAP.ordinal()] - r2[NORMS.get(i).ordinal()];
        }
        return out;
    }
}
