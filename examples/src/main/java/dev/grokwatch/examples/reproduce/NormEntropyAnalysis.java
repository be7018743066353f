package dev.grokwatch.examples.reproduce;

import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.forecast.Predictor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * E5, norm versus entropy (arXiv 2604.13123, §3.2, §7, Table 2): Pearson's r between the parameter norm and H̃ over
 * every evaluation of the baseline runs (and within each run), and Table 2, the power law's R² with the H̃ gap, the
 * absolute norm and the norm gap as predictor, from the library's forecast evaluation with bootstrap intervals.
 */
final class NormEntropyAnalysis {

    /** "Weak" correlation: |r| below 0.3, Cohen's small effect. */
    static final double WEAK = 0.3;

    private NormEntropyAnalysis() {
    }

    static ExperimentResult analyse(Runs runs) {
        GroupRuns baseline = runs.group(RunGroup.BASELINE);
        List<String> notes = runs.notes(Experiment.E5.groups());
        String absent = baseline.absence();
        if (absent != null) {
            return new ExperimentResult(Experiment.E5, List.of(
                    VerdictRules.inconclusive(PaperClaim.E5_WEAK_CORRELATION, Estimate.none(Unit.CORRELATION), absent),
                    VerdictRules.inconclusive(PaperClaim.E5_BEATS_NORM, Estimate.none(Unit.R_SQUARED), absent),
                    VerdictRules.inconclusive(PaperClaim.E5_BEATS_NORM_GAP, Estimate.none(Unit.R_SQUARED), absent)),
                    List.of(), List.of(), notes);
        }
        List<Claim> claims = new ArrayList<>();
        List<Measurement> measurements = new ArrayList<>();
        List<double[]> pooled = new ArrayList<>();
        List<Double> withinRun = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (AnalysedRun run : baseline.finished()) {
            List<double[]> pairs = normAndEntropy(run);
            pooled.addAll(pairs);
            Statistics.Interval r = correlation(pairs);
            if (r != null) {
                withinRun.add(r.value());
            }
            rows.add(List.of(run.name(), Integer.toString(pairs.size()),
                    r == null ? "-" : Unit.CORRELATION.format(r.value())));
        }
        Statistics.Interval r = correlation(pooled);
        Estimate ours = r == null ? Estimate.none(Unit.CORRELATION) : Estimate.of(Unit.CORRELATION, r);
        claims.add(VerdictRules.bound(PaperClaim.E5_WEAK_CORRELATION, ours,
                String.format(Locale.ROOT, "weak and negative (-%.1f <= r < 0)", WEAK), v -> v >= -WEAK && v < 0,
                ours.present() && ours.value() > 0 ? "ours is positive: norm and H̃ move together here, within each"
                        + " run as well" : null));
        measurements.add(new Measurement("Pearson r within each run (mean over runs)",
                Numbers.mean(Unit.CORRELATION, Numbers.values(withinRun))));
        notes = new ArrayList<>(notes);
        notes.add("r pools every evaluation of every run; its Fisher-z interval treats the evaluations as independent,"
                + " which successive evaluations of one run are not, so it is too narrow.");

        BaselineFits fits = runs.baselineFits();
        if (fits.problem() != null) {
            claims.add(VerdictRules.inconclusive(PaperClaim.E5_BEATS_NORM, Estimate.none(Unit.R_SQUARED),
                    fits.problem()));
            claims.add(VerdictRules.inconclusive(PaperClaim.E5_BEATS_NORM_GAP, Estimate.none(Unit.R_SQUARED),
                    fits.problem()));
        } else {
            claims.add(VerdictRules.bound(PaperClaim.E5_BEATS_NORM, fits.entropyGapLead(Predictor.PARAM_NORM),
                    "above 0", v -> v > 0, "the absolute norm explains as much of the remaining time here"));
            claims.add(VerdictRules.bound(PaperClaim.E5_BEATS_NORM_GAP, fits.entropyGapLead(Predictor.NORM_GAP),
                    "above 0", v -> v > 0, "the norm gap explains as much of the remaining time here"));
            for (Predictor p : Predictor.values()) {
                measurements.add(new Measurement("Table 2: R² with " + p.label(), fits.rSquared(p)));
            }
            notes.add(String.format(Locale.ROOT, "Table 2's fits use the %d evaluations before grokking with H̃ above"
                    + " the calibrated H̃* = %.3f of the %d grokked runs; intervals from %,d bootstrap resamples of"
                    + " the runs.", fits.fit(Predictor.ENTROPY_GAP) == null ? 0 : fits.fit(Predictor.ENTROPY_GAP)
                    .points(), fits.report().calibration().threshold().mean(), fits.grokked().size(),
                    BaselineFits.RESAMPLES));
        }
        return new ExperimentResult(Experiment.E5, claims, measurements,
                List.of(new DetailTable("Pearson r of norm and H̃ within each baseline run", List.of("run",
                        "evaluations", "r"), rows)), notes);
    }

    /** {‖θ‖, H̃} of every evaluation where both are finite. */
    static List<double[]> normAndEntropy(AnalysedRun run) {
        List<double[]> pairs = new ArrayList<>();
        for (EntropyRecord r : run.history().records()) {
            if (Double.isFinite(r.paramNorm()) && Double.isFinite(r.normalisedEntropy())) {
                pairs.add(new double[]{r.paramNorm(), r.normalisedEntropy()});
            }
        }
        return pairs;
    }

    /** r with its interval, or null when there are fewer than 4 pairs or a coordinate is constant. */
    private static Statistics.Interval correlation(List<double[]> pairs) {
        if (pairs.size() < 4) {
            return null;
        }
        try {
            return Statistics.pearson(pairs.stream().mapToDouble(p -> p[0]).toArray(),
                    pairs.stream().mapToDouble(p -> p[1]).toArray());
        } catch (IllegalArgumentException constant) {
            return null;
        }
    }
}
