package dev.grokwatch.entropy.verdict;

import dev.grokwatch.entropy.EntropyEventType;
import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.PhaseCriteria;
import dev.grokwatch.entropy.PhaseTracker;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static dev.grokwatch.entropy.verdict.LabelledCurves.THRESHOLD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where each verdict fires and how long a grokked run waited, on curves whose events are on known steps. */
class VerdictRuleTest {

    private static final EntropyHistory B = LabelledCurves.grokked("B", 3_000, 6_000).history(); // onset 3,200, crossing 3,800
    private static final EntropyHistory FLAT = LabelledCurves.notGrokked("F", 1_000_000, 0.3).history();
    private static final EntropyHistory STUCK = LabelledCurves.notGrokked("N", 2_000, 0.7).history(); // onset 2,200

    @Test
    void theCurvesHaveTheirEventsWhereTheHelperSays() {
        PhaseTracker tracker = PhaseTracker.replay(B.withCriteria(PhaseCriteria.defaults().withThreshold(THRESHOLD)));
        assertEquals(OptionalLong.of(1_000), tracker.stepOf(EntropyEventType.MEMORISED));
        assertEquals(OptionalLong.of(3_200), tracker.stepOf(EntropyEventType.COLLAPSE_ONSET));
        assertEquals(OptionalLong.of(3_800), tracker.stepOf(EntropyEventType.THRESHOLD_CROSSED));
        assertEquals(OptionalLong.of(6_000), tracker.stepOf(EntropyEventType.GROKKED));
    }

    @Test
    void waitsRunFromTheReferenceToTheAwaitedEventOrGrokking() {
        assertEquals(OptionalLong.of(1_000), VerdictRule.NOT_MEMORISING.waitOf(B, THRESHOLD), "from step 0");
        assertEquals(OptionalLong.of(2_200), VerdictRule.NO_COLLAPSE.waitOf(B, THRESHOLD), "3,200 − 1,000");
        assertEquals(OptionalLong.of(2_800), VerdictRule.NO_CROSSING.waitOf(B, THRESHOLD), "3,800 − 1,000");
        assertEquals(OptionalLong.of(2_200), VerdictRule.COLLAPSE_WITHOUT_GENERALISATION.waitOf(B, THRESHOLD),
                "6,000 − 3,800");
        assertEquals(OptionalLong.of(5_000), VerdictRule.NOT_GROKKED.waitOf(B, THRESHOLD), "6,000 − 1,000");
        // below the floor of 0.3 nothing crosses: the run groks first, and the crossing rule waits for grokking
        assertEquals(OptionalLong.of(5_000), VerdictRule.NO_CROSSING.waitOf(B, 0.25));
        assertTrue(VerdictRule.COLLAPSE_WITHOUT_GENERALISATION.waitOf(B, 0.25).isEmpty(), "never crossed");
        assertTrue(VerdictRule.NO_COLLAPSE.waitOf(FLAT, THRESHOLD).isEmpty(), "never grokked");
    }

    /** At the wait the rule is quiet on the run; one evaluation earlier it fires, before the run grokked. */
    @Test
    void theWaitIsTheSmallestSafeHorizonOnTheEvaluationGrid() {
        for (VerdictRule rule : VerdictRule.values()) {
            long wait = rule.waitOf(B, THRESHOLD).orElseThrow();
            assertTrue(rule.firesAt(B, THRESHOLD, wait).isEmpty(), rule + " at its wait " + wait);
            OptionalLong early = rule.firesAt(B, THRESHOLD, wait - LabelledCurves.EVERY);
            assertTrue(early.isPresent() && early.getAsLong() < 6_000, rule + " fires at " + early);
        }
    }

    @Test
    void eachRuleFiresAtTheFirstEvaluationItsHorizonAfterTheReference() {
        assertEquals(OptionalLong.of(11_000), VerdictRule.NO_COLLAPSE.firesAt(FLAT, THRESHOLD, 10_000));
        assertEquals(OptionalLong.of(6_400), VerdictRule.NO_COLLAPSE.firesAt(FLAT, THRESHOLD, 5_250), "step ≥ 6,250");
        assertTrue(VerdictRule.NO_COLLAPSE.firesAt(STUCK, THRESHOLD, 10_000).isEmpty(), "an onset was seen at 2,200");
        assertEquals(OptionalLong.of(7_000), VerdictRule.NO_CROSSING.firesAt(STUCK, THRESHOLD, 6_000));
        assertEquals(OptionalLong.of(7_000), VerdictRule.NO_CROSSING.firesAt(FLAT, THRESHOLD, 6_000));
        assertEquals(OptionalLong.of(8_600), VerdictRule.NOT_GROKKED.firesAt(FLAT, THRESHOLD, 7_500));
        assertTrue(VerdictRule.COLLAPSE_WITHOUT_GENERALISATION.firesAt(STUCK, THRESHOLD, 100).isEmpty(),
                "H̃ never came below H̃*");
        // B crossed at 3,800 and grokked at 6,000: collapse without generalisation after 1,500 fires at 5,400
        assertEquals(OptionalLong.of(5_400), VerdictRule.COLLAPSE_WITHOUT_GENERALISATION.firesAt(B, THRESHOLD, 1_500));
    }

    /** The three verdicts the tracker reports are its own events, with the horizon as its criterion. */
    @Test
    void trackerVerdictsAreTheTrackersEvents() {
        EntropyHistory slow = LabelledCurves.notMemorising("slow").history();
        assertEquals(OptionalLong.of(10_000), VerdictRule.NOT_MEMORISING.firesAt(slow, THRESHOLD, 10_000));
        assertEquals(PhaseTracker.replay(slow).stepOf(EntropyEventType.NOT_MEMORISING),
                VerdictRule.NOT_MEMORISING.firesAt(slow, THRESHOLD, PhaseCriteria.DEFAULT_NOT_MEMORISED_STEPS));
        assertTrue(VerdictRule.NO_COLLAPSE.firesAt(slow, THRESHOLD, 100).isEmpty(), "it never memorised");
        assertTrue(VerdictRule.NOT_MEMORISING.firesAt(FLAT, THRESHOLD, 1_000).isEmpty(), "memorised at 1,000");
        assertEquals(OptionalLong.of(800), VerdictRule.NOT_MEMORISING.firesAt(FLAT, THRESHOLD, 800));
        PhaseTracker tracker = PhaseTracker.replay(FLAT.withCriteria(PhaseCriteria.defaults().withThreshold(THRESHOLD)));
        assertEquals(tracker.stepOf(EntropyEventType.NO_COLLAPSE),
                VerdictRule.NO_COLLAPSE.firesAt(FLAT, THRESHOLD, PhaseCriteria.DEFAULT_NO_COLLAPSE_STEPS));
        assertEquals(OptionalLong.of(PhaseCriteria.DEFAULT_NO_COLLAPSE_STEPS),
                VerdictRule.NO_COLLAPSE.defaultHorizon());
        assertTrue(VerdictRule.NO_CROSSING.defaultHorizon().isEmpty());
    }

    /** Without training accuracy the reference is step 0, as in the tracker's no-collapse verdict. */
    @Test
    void aRunWithoutTrainingAccuracyCountsFromStepZero() {
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
        for (long t = 200; t <= 4_000; t += 200) {
            history.append(new EntropyRecord(t, 0, 0.8, 1, 1, null, 40, null, null, 0.1, null, null, null, 1));
        }
        assertEquals(OptionalLong.of(3_000), VerdictRule.NO_COLLAPSE.firesAt(history, THRESHOLD, 3_000));
        assertEquals(OptionalLong.of(3_000), VerdictRule.NO_CROSSING.firesAt(history, THRESHOLD, 3_000));
        assertEquals(OptionalLong.of(3_000), VerdictRule.NOT_GROKKED.firesAt(history, THRESHOLD, 3_000));
        assertTrue(VerdictRule.NOT_MEMORISING.firesAt(history, THRESHOLD, 200).isEmpty(), "nothing to judge it on");
    }

    @Test
    void badHorizonsAndThresholdsAreRefused() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> VerdictRule.NO_CROSSING.firesAt(B, THRESHOLD, 0));
        assertEquals("no_crossing horizon must be a positive number of steps, got 0", zero.getMessage());
        IllegalArgumentException threshold = assertThrows(IllegalArgumentException.class,
                () -> VerdictRule.NO_CROSSING.firesAt(B, 1.2, 100));
        assertTrue(threshold.getMessage().contains("threshold H̃* must lie in (0, 1), got 1.2"), threshold.getMessage());
    }
}
