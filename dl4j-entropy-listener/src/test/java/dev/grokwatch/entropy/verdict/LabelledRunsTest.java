package dev.grokwatch.entropy.verdict;

import dev.grokwatch.entropy.forecast.RunHistory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.grokwatch.entropy.verdict.LabelledCurves.BUDGET;
import static dev.grokwatch.entropy.verdict.LabelledCurves.THRESHOLD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scores and calibrated horizons on {@link LabelledCurves#set()}, computed by hand: memorisation at 1,000;
 * A, B, C have onsets at 2,200 / 3,200 / 5,200, crossings at 2,800 / 3,800 / 5,800 and grok at 4,000 / 6,000 /
 * 7,000; F never collapses, N collapses at 2,200 but never crosses H̃*; budget 20,000.
 */
class LabelledRunsTest {

    private static final LabelledRuns RUNS = LabelledRuns.of(LabelledCurves.set(), false, THRESHOLD);

    @Test
    void theBudgetIsTheShortestRunThatNeverGrokkedAndTheLabelsFollowIt() {
        assertEquals(BUDGET, RUNS.budget());
        assertEquals(List.of("A", "B", "C"), RUNS.positives());
        assertEquals(List.of("F", "N"), RUNS.negatives());
        assertEquals(LabelledCurves.TASK, RUNS.task());
    }

    /**
     * G memorises at 1,000 and reaches test accuracy 1.0 at the same evaluation, where it stops: it
     * generalised without a delay, so it never grokked, but a verdict that stopped it before 1,000 stopped
     * a run that was going to generalise. It is a positive, its end before the budget is not refused, the
     * default budget ignores it, and "not memorising within 800 steps" killing it at 800 is a false kill.
     */
    @Test
    void aRunThatGeneralisedWithoutADelayIsAPositiveAndStoppingItIsAFalseKill() {
        RunHistory g = LabelledCurves.run("G", LabelledCurves.TASK, 1_000_000, 0.3, 1_000L, 1_000);
        assertTrue(g.grokStep().isEmpty());
        assertEquals(1_000, g.history().generalisedStep().getAsLong());
        List<RunHistory> runs = new ArrayList<>(LabelledCurves.set());
        runs.add(g);
        LabelledRuns labelled = LabelledRuns.of(runs, false, THRESHOLD);
        assertEquals(BUDGET, labelled.budget());
        assertEquals(List.of("A", "B", "C", "G"), labelled.positives());
        VerdictScore s = labelled.score(VerdictRule.NOT_MEMORISING, 800);
        assertTrue(s.falseKills().contains(new RunVerdict("G", 1_000L, 800L)), s.falseKills().toString());
        assertEquals(1_000, VerdictRule.NOT_MEMORISING.waitOf(g.history(), THRESHOLD).getAsLong());
        assertEquals(0, VerdictRule.NOT_GROKKED.waitOf(g.history(), THRESHOLD).getAsLong());
    }

    /** No collapse within 2,000 steps: fires at 3,000 on B (onset 3,200), C (5,200) and F; not on A or N. */
    @Test
    void aShortHorizonKillsGrokkedRunsAndItCounts() {
        VerdictScore s = RUNS.score(VerdictRule.NO_COLLAPSE, 2_000);
        assertEquals(List.of(new RunVerdict("A", 4_000L, null), new RunVerdict("B", 6_000L, 3_000L),
                new RunVerdict("C", 7_000L, 3_000L), new RunVerdict("F", null, 3_000L), new RunVerdict("N", null, null)),
                s.runs());
        assertEquals(1, s.truePositives());
        assertEquals(2, s.falsePositives());
        assertEquals(1.0 / 3, s.precision(), 1e-12);
        assertEquals(0.5, s.recall(), 1e-12);
        assertEquals(17_000, s.stepsSaved());
        assertEquals(8_500, s.meanStepsSaved(), 1e-9);
        assertEquals(List.of("B", "C"), s.falseKills().stream().map(RunVerdict::run).toList());
    }

    /**
     * A budget of 6,500 makes C (grokking at 7,000) a run that did not grok within it: killing it at 3,000 is
     * a true positive and still a false kill.
     */
    @Test
    void aRunGrokkingAfterTheBudgetIsANegativeAndItsKillStillAFalseKill() {
        VerdictScore s = LabelledRuns.of(LabelledCurves.set(), false, THRESHOLD, 6_500).score(VerdictRule.NO_COLLAPSE, 2_000);
        assertEquals(3, s.negatives());
        assertEquals(2, s.truePositives());
        assertEquals(1, s.falsePositives());
        assertEquals(2.0 / 3, s.precision(), 1e-12);
        assertEquals(2.0 / 3, s.recall(), 1e-12);
        assertEquals(2 * (6_500 - 3_000), s.stepsSaved());
        assertEquals(List.of("B", "C"), s.falseKills().stream().map(RunVerdict::run).toList());
    }

    @Test
    void aRuleThatNeverFiresHasRecallZeroAndNoPrecision() {
        VerdictScore s = RUNS.score(VerdictRule.COLLAPSE_WITHOUT_GENERALISATION, 5_000);
        assertEquals(0, s.recall());
        assertTrue(Double.isNaN(s.precision()));
        assertEquals(0, s.stepsSaved());
    }

    /**
     * No collapse: the waits are 1,200 / 2,200 / 4,200, so h = ⌈4,200 × 1.25⌉ = 5,250; it fires on F at 6,400
     * (saving 13,600) and not on N. Held out, C faces the others' h = ⌈2,200 × 1.25⌉ = 2,750 and is killed at 3,800.
     */
    @Test
    void theNoCollapseHorizonIsTheLongestWaitPlusTheMarginWithItsEvidence() {
        VerdictHorizon h = RUNS.calibrate(VerdictRule.NO_COLLAPSE, 0.25);
        assertEquals(Map.of("A", 1_200L, "B", 2_200L, "C", 4_200L), h.waits());
        assertEquals(List.of("A", "B", "C"), List.copyOf(h.waits().keySet()));
        assertEquals(4_200, h.longestWait());
        assertEquals("C", h.slowestRun());
        assertEquals(5_250, h.horizon());
        assertEquals(1.0, h.score().precision());
        assertEquals(0.5, h.score().recall());
        assertEquals(13_600, h.score().stepsSaved());
        assertTrue(h.score().falseKills().isEmpty());
        assertEquals(List.of(new RunVerdict("C", 7_000L, 3_800L)), h.heldOutFalseKills());
    }

    /**
     * No crossing: waits 1,800 / 2,800 / 4,800, h = 6,000, firing at 7,000 on F and N (13,000 saved each).
     * Not grokked: waits 3,000 / 5,000 / 6,000, h = 7,500, firing at 8,600; held out, C faces h = 6,250 and
     * fires at 7,400, after it grokked: no kill.
     */
    @Test
    void theCrossingRuleCatchesBothFailuresAndTheBaselineLater() {
        VerdictHorizon crossing = RUNS.calibrate(VerdictRule.NO_CROSSING, 0.25);
        assertEquals(6_000, crossing.horizon());
        assertEquals(1.0, crossing.score().recall());
        assertEquals(26_000, crossing.score().stepsSaved());
        assertEquals(13_000, crossing.score().meanStepsSaved(), 1e-9);
        assertEquals(List.of(new RunVerdict("C", 7_000L, 4_600L)), crossing.heldOutFalseKills(), "h = 3,500 from A, B");

        VerdictHorizon baseline = RUNS.calibrate(VerdictRule.NOT_GROKKED, 0.25);
        assertEquals(7_500, baseline.horizon());
        assertEquals(2 * (BUDGET - 8_600), baseline.score().stepsSaved());
        assertTrue(baseline.heldOutFalseKills().isEmpty());
    }

    /**
     * Not memorising: every grokked run memorised at 1,000, so h = 1,250; it fires at 1,400 only on a run that
     * never memorises (saving 18,600 steps), on which every rule counted from memorisation stays silent.
     */
    @Test
    void aRunThatNeverMemorisesIsCaughtByNotMemorisingAlone() {
        List<RunHistory> runs = new ArrayList<>(LabelledCurves.set());
        runs.add(LabelledCurves.notMemorising("slow"));
        LabelledRuns labelled = LabelledRuns.of(runs, false, THRESHOLD);
        VerdictHorizon h = labelled.calibrate(VerdictRule.NOT_MEMORISING, 0.25);
        assertEquals(Map.of("A", 1_000L, "B", 1_000L, "C", 1_000L), h.waits());
        assertEquals(1_250, h.horizon());
        assertEquals(List.of(new RunVerdict("slow", null, 1_400L)),
                h.score().runs().stream().filter(RunVerdict::killed).toList());
        assertEquals(18_600, h.score().stepsSaved());
        assertEquals(1.0 / 3, h.score().recall(), 1e-12);
        for (VerdictRule rule : List.of(VerdictRule.NO_COLLAPSE, VerdictRule.NO_CROSSING, VerdictRule.NOT_GROKKED)) {
            assertEquals(null, labelled.score(rule, 100).runs().get(5).firedStep(), rule.label());
        }
    }

    @Test
    void withoutMarginTheHorizonIsTheLongestWaitAndWithOneItIsRoundedUp() {
        assertEquals(4_200, RUNS.calibrate(VerdictRule.NO_COLLAPSE, 0).horizon());
        assertEquals(4_620, RUNS.calibrate(VerdictRule.NO_COLLAPSE, 0.1).horizon(), "not 4,621 from 4,200 × 1.1 in binary");
        assertEquals(4_201, RUNS.calibrate(VerdictRule.NO_COLLAPSE, 0.0001).horizon(), "4,200.42 rounded up");
    }

    @Test
    void noNegativesNoPositivesAndMixedTasksAreRefused() {
        List<RunHistory> grokkedOnly = LabelledCurves.set().subList(0, 3);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> LabelledRuns.of(grokkedOnly, false, THRESHOLD));
        assertTrue(none.getMessage().startsWith("3 runs given all grokked; expected runs that did not grok within the"
                + " budget too"), none.getMessage());
        IllegalArgumentException allWithin = assertThrows(IllegalArgumentException.class,
                () -> LabelledRuns.of(grokkedOnly, false, THRESHOLD, 10_000));
        assertTrue(allWithin.getMessage().startsWith("every run grokked within 10000 steps; expected runs that did not"),
                allWithin.getMessage());

        IllegalArgumentException noPositives = assertThrows(IllegalArgumentException.class,
                () -> LabelledRuns.of(LabelledCurves.set().subList(3, 5), false, THRESHOLD));
        assertTrue(noPositives.getMessage().startsWith("only 0 of 2 runs grokked (not grokked: F, N); expected at least 3"),
                noPositives.getMessage());
        IllegalArgumentException noneWithin = assertThrows(IllegalArgumentException.class,
                () -> LabelledRuns.of(LabelledCurves.set(), false, THRESHOLD, 3_000));
        assertEquals("no run grokked within the budget of 3000 steps; expected runs that grok (a verdict is scored on"
                + " the runs it must not stop, too) or a larger budget", noneWithin.getMessage());

        List<RunHistory> mixed = new ArrayList<>(LabelledCurves.set());
        mixed.add(LabelledCurves.run("S5", "s5, transformer, fraction 0.5", 1_000_000, 0.3, null, BUDGET));
        IllegalArgumentException tasks = assertThrows(IllegalArgumentException.class,
                () -> LabelledRuns.of(mixed, false, THRESHOLD));
        assertTrue(tasks.getMessage().startsWith("runs of different tasks are mixed"), tasks.getMessage());
        assertEquals(List.of("F", "N", "S5"), LabelledRuns.of(mixed, true, THRESHOLD).negatives());
    }

    @Test
    void aRunThatNeverGrokkedMustReachTheBudget() {
        List<RunHistory> runs = new ArrayList<>(LabelledCurves.set());
        runs.add(LabelledCurves.run("short", LabelledCurves.TASK, 1_000_000, 0.3, null, 12_000));
        assertEquals(12_000, LabelledRuns.of(runs, false, THRESHOLD).budget());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelledRuns.of(runs, false, THRESHOLD, BUDGET));
        assertTrue(e.getMessage().startsWith("runs that never grokked end before the budget of 20000 steps: short"
                + " (last step 12000); whether they grok within it is unknown."), e.getMessage());
    }

    @Test
    void badBudgetThresholdMarginAndUncalibratableRulesAreRefused() {
        assertEquals("budget must be a positive number of steps, got 0", assertThrows(IllegalArgumentException.class,
                () -> LabelledRuns.of(LabelledCurves.set(), false, THRESHOLD, 0)).getMessage());
        assertEquals("threshold H̃* must lie in (0, 1), got 0.0", assertThrows(IllegalArgumentException.class,
                () -> LabelledRuns.of(LabelledCurves.set(), false, 0)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RUNS.calibrate(VerdictRule.NO_COLLAPSE, -0.1))
                .getMessage().startsWith("margin must be a finite fraction >= 0 of the longest wait"));
        // below the floor of 0.3 no grokked run crosses H̃*: nothing to calibrate collapse without generalisation on
        LabelledRuns low = LabelledRuns.of(LabelledCurves.set(), false, 0.25);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> low.calibrate(VerdictRule.COLLAPSE_WITHOUT_GENERALISATION, 0.25)).getMessage()
                .startsWith("no grokked run reached the reference event of collapse_without_generalisation"));
    }
    /** Three grokked runs and three that generalised without a delay: all six counted, and each kind named. */
    @Test
    void runsThatGeneralisedWithoutADelayAreCountedAmongTheRunsGiven() {
        List<RunHistory> runs = new ArrayList<>(LabelledCurves.set().subList(0, 3));
        for (String name : List.of("G1", "G2", "G3")) {
            runs.add(LabelledCurves.run(name, LabelledCurves.TASK, 1_000_000, 0.3, 1_000L, 1_000));
        }
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> LabelledRuns.of(runs, false, THRESHOLD));
        assertTrue(none.getMessage().startsWith("all 6 runs given grokked or generalised (3 grokked, 3 generalised"
                + " without a delay); expected runs that did not grok within the budget too"), none.getMessage());
    }
}
