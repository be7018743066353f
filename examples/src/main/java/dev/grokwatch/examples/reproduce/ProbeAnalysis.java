package dev.grokwatch.examples.reproduce;

import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.examples.run.RunFolder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Probe robustness (arXiv 2604.13123, appendix B): in the baseline runs that also recorded a test-set probe
 * ({@code train --test-probe}, {@link RunFolder#TEST_PROBE_METRICS}), H̃ at grokking from each probe, their mean
 * difference, and Pearson's r between the two curves over the evaluations both recorded.
 */
final class ProbeAnalysis {

    /** "The same curve": r at least this. */
    static final double SAME_CURVE = 0.9;
    /**
     * "The same H̃ at grokking": a mean difference smaller than this, a tenth of how far H̃ falls from its plateau
     * (≈ 0.77) to the threshold (≈ 0.61) in the paper's setting. A test of "exactly 0" would call any real
     * difference, however small, a failure once there are enough runs.
     */
    static final double SAME_VALUE = 0.016;

    private ProbeAnalysis() {
    }

    static ExperimentResult analyse(Runs runs) {
        GroupRuns baseline = runs.group(RunGroup.BASELINE);
        List<String> notes = new ArrayList<>(runs.notes(Experiment.PROBE.groups()));
        String absent = baseline.absence();
        List<AnalysedRun> probed = absent != null ? List.of()
                : baseline.finished().stream().filter(r -> r.testProbe() != null).toList();
        if (absent == null && probed.isEmpty()) {
            absent = "no baseline run recorded " + RunFolder.TEST_PROBE_METRICS + " (train --test-probe)";
        }
        if (absent != null) {
            return new ExperimentResult(Experiment.PROBE, List.of(
                    VerdictRules.inconclusive(PaperClaim.PROBE_SAME_AT_GROK, Estimate.none(Unit.ENTROPY), absent),
                    VerdictRules.inconclusive(PaperClaim.PROBE_CURVES_AGREE, Estimate.none(Unit.CORRELATION),
                            absent)), List.of(), List.of(), notes);
        }
        List<String> without = baseline.finished().stream().filter(r -> r.testProbe() == null)
                .map(AnalysedRun::name).toList();
        if (!without.isEmpty()) {
            notes.add("Without a test-set probe (left out): " + String.join(", ", without) + ".");
        }
        List<Double> train = new ArrayList<>();
        List<Double> test = new ArrayList<>();
        List<double[]> pooled = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (AnalysedRun run : probed) {
            List<double[]> pairs = bothCurves(run);
            pooled.addAll(pairs);
            OptionalDouble atGrokTrain = run.grokked() ? run.entropyAt(run.grokStep().getAsLong())
                    : OptionalDouble.empty();
            OptionalDouble atGrokTest = run.grokked() ? AnalysedRun.valueAt(run.testProbe(),
                    run.grokStep().getAsLong(), EntropyRecord::normalisedEntropy) : OptionalDouble.empty();
            if (atGrokTrain.isPresent() && atGrokTest.isPresent()) {
                train.add(atGrokTrain.getAsDouble());
                test.add(atGrokTest.getAsDouble());
            }
            rows.add(List.of(run.name(), Numbers.cell(Unit.ENTROPY, atGrokTrain), Numbers.cell(Unit.ENTROPY,
                    atGrokTest), atGrokTrain.isPresent() && atGrokTest.isPresent() ? Unit.ENTROPY.format(
                    atGrokTrain.getAsDouble() - atGrokTest.getAsDouble()) : "-", Integer.toString(pairs.size())));
        }
        double[] differences = new double[train.size()];
        for (int i = 0; i < differences.length; i++) {
            differences[i] = train.get(i) - test.get(i);
        }
        Estimate difference = Numbers.mean(Unit.ENTROPY, differences);
        List<Claim> claims = new ArrayList<>();
        claims.add(VerdictRules.bound(PaperClaim.PROBE_SAME_AT_GROK, difference, String.format(Locale.ROOT,
                "within ±%.3f", SAME_VALUE), ProbeAnalysis::sameValue, difference.present()
                ? String.format(Locale.ROOT, "the test-set probe reads H̃ %.3f %s at grokking", Math.abs(
                difference.value()), difference.value() > 0 ? "lower" : "higher") : null));
        Estimate r = pooled.size() < 4 ? Estimate.none(Unit.CORRELATION) : correlation(pooled);
        claims.add(VerdictRules.bound(PaperClaim.PROBE_CURVES_AGREE, r, String.format(Locale.ROOT, "at least %.1f",
                SAME_CURVE), v -> v >= SAME_CURVE, "the two probes' curves part ways"));
        List<Measurement> measurements = List.of(
                new Measurement("H̃ at grokking, training-set probe", Numbers.mean(Unit.ENTROPY,
                        Numbers.values(train))),
                new Measurement("H̃ at grokking, test-set probe", Numbers.mean(Unit.ENTROPY, Numbers.values(test))));
        return new ExperimentResult(Experiment.PROBE, claims, measurements, List.of(new DetailTable("Baseline runs"
                + " with both probes", List.of("run", "H̃ at T_grok, train probe", "test probe", "difference",
                "evaluations in both"), rows)), notes);
    }

    /** {H̃ train probe, H̃ test probe} at every step both recorded with finite values. */
    private static List<double[]> bothCurves(AnalysedRun run) {
        List<double[]> pairs = new ArrayList<>();
        for (EntropyRecord r : run.history().records()) {
            OptionalDouble test = AnalysedRun.valueAt(run.testProbe(), r.step(), EntropyRecord::normalisedEntropy);
            if (Double.isFinite(r.normalisedEntropy()) && test.isPresent()) {
                pairs.add(new double[]{r.normalisedEntropy(), test.getAsDouble()});
            }
        }
        return pairs;
    }

    private static Estimate correlation(List<double[]> pairs) {
        try {
            return Estimate.of(Unit.CORRELATION, Statistics.pearson(pairs.stream().mapToDouble(p -> p[0]).toArray(),
                    pairs.stream().mapToDouble(p -> p[1]).toArray()));
        } catch (IllegalArgumentException constant) {
            return Estimate.none(Unit.CORRELATION);
        }
    }

    /** Whether a mean difference of H̃ at grokking between the two probes counts as the same H̃ (B.1). */
    static boolean sameValue(double meanDifference) {
        return Math.abs(meanDifference) < SAME_VALUE;
    }
}
