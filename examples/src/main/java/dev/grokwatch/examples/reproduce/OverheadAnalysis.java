package dev.grokwatch.examples.reproduce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Overhead (arXiv 2604.13123, appendix D.3): milliseconds per entropy evaluation (the metrics' {@code wall_ms}: the
 * probe's forward pass and the spectrum) and the share of each run's wall time they took.
 */
final class OverheadAnalysis {

    /** The paper's bound on the share of training time, in percent. */
    static final double PAPER_SHARE = 1.0;

    private OverheadAnalysis() {
    }

    static ExperimentResult analyse(Runs runs) {
        GroupRuns baseline = runs.group(RunGroup.BASELINE);
        List<String> notes = runs.notes(Experiment.OVERHEAD.groups());
        String absent = baseline.absence();
        if (absent != null) {
            return new ExperimentResult(Experiment.OVERHEAD, List.of(
                    VerdictRules.inconclusive(PaperClaim.OVERHEAD_MS, Estimate.none(Unit.MILLISECONDS), absent),
                    VerdictRules.inconclusive(PaperClaim.OVERHEAD_SHARE, Estimate.none(Unit.PERCENT), absent)),
                    List.of(), List.of(), notes);
        }
        List<AnalysedRun> timed = baseline.finished().stream()
                .filter(r -> r.history().size() > 0 && r.summary().wallSeconds() > 0).toList();
        double[] msPerEvaluation = timed.stream().mapToDouble(r -> r.evaluationMs() / r.history().size()).toArray();
        double[] share = timed.stream().mapToDouble(r -> 100 * r.evaluationMs() / (1000 * r.summary().wallSeconds()))
                .toArray();
        List<Claim> claims = List.of(
                VerdictRules.value(PaperClaim.OVERHEAD_MS, Numbers.mean(Unit.MILLISECONDS, msPerEvaluation),
                        "measured on the machine that ran these runs; the paper does not give its hardware"),
                VerdictRules.bound(PaperClaim.OVERHEAD_SHARE, Numbers.mean(Unit.PERCENT, share),
                        String.format(Locale.ROOT, "below %.0f%%", PAPER_SHARE), v -> v < PAPER_SHARE, null));
        double[] msPerStep = timed.stream().filter(r -> r.summary().msPerStep() != null)
                .mapToDouble(r -> r.summary().msPerStep()).toArray();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < timed.size(); i++) {
            AnalysedRun r = timed.get(i);
            rows.add(List.of(r.name(), Integer.toString(r.history().size()), Unit.MILLISECONDS.format(
                    msPerEvaluation[i]), Numbers.cell(Unit.MILLISECONDS, r.summary().msPerStep()),
                    String.format(Locale.ROOT, "%.0f s", r.summary().wallSeconds()), Unit.PERCENT.format(share[i])));
        }
        return new ExperimentResult(Experiment.OVERHEAD, claims, List.of(new Measurement("ms per training step"
                + " without an evaluation (median per run, mean over runs)", Numbers.mean(Unit.MILLISECONDS,
                msPerStep))), List.of(new DetailTable("Baseline runs", List.of("run", "evaluations",
                "ms per evaluation", "ms per step", "wall time", "share"), rows)), notes);
    }
}
