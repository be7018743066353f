package dev.grokwatch.entropy.verdict;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.grokwatch.entropy.verdict.LabelledCurves.THRESHOLD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report bundles each rule at its library default and at its calibrated horizon (numbers in LabelledRunsTest). */
class VerdictReportTest {

    @Test
    void everyRuleAtItsDefaultAndAtItsCalibratedHorizon() {
        LabelledRuns runs = LabelledRuns.of(LabelledCurves.set(), false, THRESHOLD);
        VerdictReport report = VerdictReport.evaluate(LabelledCurves.set(), false, THRESHOLD);

        assertEquals(LabelledCurves.TASK, report.task());
        assertEquals(THRESHOLD, report.threshold());
        assertEquals(20_000, report.budget());
        assertEquals(List.of("A", "B", "C"), report.positives());
        assertEquals(List.of("F", "N"), report.negatives());
        assertEquals(List.of(runs.score(VerdictRule.NOT_MEMORISING, 10_000), runs.score(VerdictRule.NO_COLLAPSE, 10_000),
                runs.score(VerdictRule.COLLAPSE_WITHOUT_GENERALISATION, 5_000)), report.atDefaults());
        assertEquals(List.of(VerdictRule.values()), report.calibrated().stream().map(VerdictHorizon::rule).toList());
        assertEquals(runs.calibrate(VerdictRule.NO_COLLAPSE, VerdictHorizon.DEFAULT_MARGIN),
                report.horizon(VerdictRule.NO_COLLAPSE).orElseThrow());
        assertEquals(5_250, report.horizon(VerdictRule.NO_COLLAPSE).orElseThrow().horizon());
        assertEquals(2_750, report.horizon(VerdictRule.COLLAPSE_WITHOUT_GENERALISATION).orElseThrow().horizon(),
                "waits 1,200 / 2,200 / 1,200 from the crossings at 2,800 / 3,800 / 5,800");
        // today's no-collapse default fires on F at 11,000
        assertEquals(9_000, report.atDefaults().get(1).stepsSaved());
    }

    @Test
    void aRuleThatCannotBeCalibratedIsLeftOut() {
        VerdictReport report = VerdictReport.evaluate(LabelledRuns.of(LabelledCurves.set(), false, 0.25), 0.5);
        assertTrue(report.horizon(VerdictRule.COLLAPSE_WITHOUT_GENERALISATION).isEmpty(), "nothing crosses 0.25");
        assertEquals(6_300, report.horizon(VerdictRule.NO_COLLAPSE).orElseThrow().horizon(), "⌈4,200 × 1.5⌉");
        assertEquals(4, report.calibrated().size());
        assertThrows(IllegalArgumentException.class,
                () -> VerdictReport.evaluate(LabelledRuns.of(LabelledCurves.set(), false, THRESHOLD), Double.NaN));
    }
}
