package dev.grokwatch.examples.report;

import dev.grokwatch.entropy.verdict.RunVerdict;
import dev.grokwatch.entropy.verdict.VerdictHorizon;
import dev.grokwatch.entropy.verdict.VerdictReport;
import dev.grokwatch.entropy.verdict.VerdictRule;
import dev.grokwatch.entropy.verdict.VerdictScore;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A {@link VerdictReport} as {@code grokwatch calibrate} prints it after the calibration report: each "will not
 * grok" rule at its library default and at its calibrated horizon, scored against "did not grok within the
 * budget", then the evidence of each calibrated horizon (arXiv 2604.13123, appendix D.2). Numbers use
 * {@link Locale#ROOT}.
 */
public final class VerdictReportText {

    private VerdictReportText() {
    }

    /**
     * The section, one line per row, each ending in a newline, starting with an empty line.
     *
     * @param thresholdSource where the H̃* the runs were read with came from, e.g. "the runs' own"
     */
    public static String format(VerdictReport report, String thresholdSource) {
        StringBuilder out = new StringBuilder();
        line(out, "");
        line(out, "Will it grok? Verdicts on %d runs of %s: %d grokked within the budget of %d steps, %d did not"
                        + " (H̃* %.4f, %s)", report.positives().size() + report.negatives().size(), report.task(),
                report.positives().size(), report.budget(), report.negatives().size(), report.threshold(),
                thresholdSource);
        line(out, "%-32s %8s %-10s %8s %9s %7s %11s %11s %9s", "verdict", "horizon", "set by", "stopped", "precision",
                "recall", "steps saved", "saved/run", "kills");
        for (VerdictRule rule : VerdictRule.values()) {
            report.atDefaults().stream().filter(s -> s.rule() == rule).forEach(s -> row(out, s, "default"));
            report.horizon(rule).ifPresent(h -> row(out, h.score(), "calibrated"));
        }
        line(out, "stopped: runs that did not grok within the budget stopped before it, of all such runs; steps saved:"
                + " budget − step stopped, summed over them; kills: runs stopped that grokked");
        for (VerdictRule rule : VerdictRule.values()) {
            line(out, "%-32s %s", rule.label(), rule.description());
        }
        for (VerdictScore s : report.atDefaults()) {
            if (!s.falseKills().isEmpty()) {
                line(out, "killed at the default %s %d: %s", s.rule().label(), s.horizon(), kills(s.falseKills()));
            }
        }
        line(out, "Calibrated horizon = ⌈longest wait of a grokked run × (1 + margin)⌉; held out: each grokked run"
                + " against the horizon calibrated on the others");
        for (VerdictHorizon h : report.calibrated()) {
            line(out, "%-32s longest wait %d (%s), margin %.2f -> %d; held out: %s", h.rule().label(), h.longestWait(),
                    h.slowestRun(), h.margin(), h.horizon(),
                    h.heldOutFalseKills().isEmpty() ? "no kills" : kills(h.heldOutFalseKills()));
        }
        return out.toString();
    }

    private static void row(StringBuilder out, VerdictScore s, String setBy) {
        line(out, "%-32s %8d %-10s %8s %9s %7.2f %11d %11.0f %9d", s.rule().label(), s.horizon(), setBy,
                s.truePositives() + "/" + s.negatives(),
                Double.isNaN(s.precision()) ? "-" : String.format(Locale.ROOT, "%.2f", s.precision()), s.recall(),
                s.stepsSaved(), s.meanStepsSaved(), s.falseKills().size());
    }

    /** "seed9 at 6000 (grokked 9800), ...". */
    private static String kills(List<RunVerdict> kills) {
        return kills.stream().map(k -> k.run() + " at " + k.firedStep() + " (grokked " + k.grokStep() + ")")
                .collect(Collectors.joining(", "));
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
