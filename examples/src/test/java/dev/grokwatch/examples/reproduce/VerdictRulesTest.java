package dev.grokwatch.examples.reproduce;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictRulesTest {

    @Test
    void countMeetsThePapersShareOrFallsShortNamingTheRuns() {
        Claim all = VerdictRules.count(PaperClaim.E1_GROKKED, 10, 10, List.of(), List.of(), null);
        assertEquals(Verdict.REPRODUCED, all.verdict());
        assertEquals("10/10", all.ours().text());
        Claim short1 = VerdictRules.count(PaperClaim.E1_GROKKED, 9, 10, List.of("seed4"), List.of(), "a reason");
        assertEquals(Verdict.NOT_REPRODUCED, short1.verdict());
        assertEquals("only 9 of 10 runs (not: seed4), where the paper has 10/10: a reason", short1.reason());
        // 28/30 is 0.933: 3/3 meets it, 9/10 does not
        assertEquals(Verdict.REPRODUCED, VerdictRules.count(PaperClaim.E4_GROKKED, 3, 3, List.of(), List.of(), null)
                .verdict());
        assertEquals(Verdict.NOT_REPRODUCED, VerdictRules.count(PaperClaim.E4_GROKKED, 9, 10, List.of("s"),
                List.of(), null).verdict());
        assertEquals(Verdict.INCONCLUSIVE, VerdictRules.count(PaperClaim.E1_GROKKED, 0, 0, List.of(), List.of(),
                null).verdict());
    }

    /**
     * Runs the group lacks count both ways: the share with all of them showing the claim and with none. E1.1 (10/10)
     * with 2 of 2 and one lacking could still fail: inconclusive; with 1 of 2 it fails either way. E7.12 (at least
     * half) with 5 of 9 and one lacking holds either way (5/10, 6/10); with 4 of 9 it could go either way.
     */
    @Test
    void runsTheGroupLacksLeaveACountInconclusiveOnlyWhenTheyCouldChangeIt() {
        List<String> lacking = List.of("runs/mix/seed2 (unreadable: metrics.csv line 9)");
        Claim couldFail = VerdictRules.count(PaperClaim.E1_GROKKED, 2, 2, List.of(), lacking, null);
        assertEquals(Verdict.INCONCLUSIVE, couldFail.verdict());
        assertEquals("2 of 2 runs, as the paper has it (10/10), but the 1 run the group lacks (runs/mix/seed2"
                + " (unreadable: metrics.csv line 9)) could go against it", couldFail.reason());
        Claim fails = VerdictRules.count(PaperClaim.E1_GROKKED, 1, 2, List.of("seed1"), lacking, "ctx");
        assertEquals(Verdict.NOT_REPRODUCED, fails.verdict());
        assertEquals("only 1 of 2 runs (not: seed1), where the paper has 10/10; the 1 run the group lacks"
                + " (runs/mix/seed2 (unreadable: metrics.csv line 9)) could not make up the difference: ctx",
                fails.reason());
        Claim holds = VerdictRules.count(PaperClaim.E7_S5_COLLAPSE_FIRST, 5, 9, List.of("a", "b", "c", "d"), lacking,
                null);
        assertEquals(Verdict.REPRODUCED, holds.verdict());
        assertTrue(holds.reason().endsWith("could not change that"), holds.reason());
        Claim open = VerdictRules.count(PaperClaim.E7_S5_COLLAPSE_FIRST, 4, 9, List.of("a", "b", "c", "d", "e"),
                lacking, null);
        assertEquals(Verdict.INCONCLUSIVE, open.verdict());
        assertTrue(open.reason().endsWith("could make up the difference"), open.reason());
        Claim none = VerdictRules.count(PaperClaim.E1_GROKKED, 0, 0, List.of(), lacking, null);
        assertEquals(Verdict.INCONCLUSIVE, none.verdict());
        assertEquals("no finished run to count; 1 run the group lacks (runs/mix/seed2 (unreadable: metrics.csv"
                + " line 9))", none.reason());
    }

    /**
     * The paired rule: E6.5's 26.6% against a baseline's 28.6% on the same runs is a difference of +2.0 points
     * whose interval holds 0, inconclusive; above 0 it is reproduced, at or below 0 not.
     */
    @Test
    void pairedSeparatesOnlyWhenTheIntervalOfTheDifferenceExcludesZero() {
        Claim overlap = VerdictRules.paired(PaperClaim.E6_BEATS_BASELINES, new Estimate(Unit.PERCENTAGE_POINTS, 2.0,
                -6.1, 9.8, 10), "the baseline's error minus the power law's", "ctx");
        assertEquals(Verdict.INCONCLUSIVE, overlap.verdict());
        assertEquals("the baseline's error minus the power law's, mean +2.0 pp, 95% interval [-6.1 pp, +9.8 pp] over"
                + " 10 runs: it holds 0, so these runs do not separate the two", overlap.reason());
        assertEquals(Verdict.REPRODUCED, VerdictRules.paired(PaperClaim.E6_BEATS_BASELINES,
                new Estimate(Unit.PERCENTAGE_POINTS, 5.0, 0.4, 9.8, 10), "d", null).verdict());
        Claim worse = VerdictRules.paired(PaperClaim.E6_BEATS_BASELINES, new Estimate(Unit.PERCENTAGE_POINTS, -5.0,
                -9.0, -1.0, 10), "d", "ctx");
        assertEquals(Verdict.NOT_REPRODUCED, worse.verdict());
        assertTrue(worse.reason().endsWith(": at or below 0: ctx"), worse.reason());
        assertEquals(Verdict.INCONCLUSIVE, VerdictRules.paired(PaperClaim.E6_BEATS_BASELINES,
                new Estimate(Unit.PERCENTAGE_POINTS, 5.0, 1.0, 9.0, 2), "d", null).verdict(), "too few runs");
        assertEquals(Verdict.INCONCLUSIVE, VerdictRules.paired(PaperClaim.E6_BEATS_BASELINES,
                Estimate.none(Unit.PERCENTAGE_POINTS), "d", null).verdict());
    }

    /** A claim that something does not happen is broken by the runs that did it, and our count says what they did. */
    @Test
    void anAtMostCountIsBrokenByTheRunsThatDidIt() {
        Claim none = VerdictRules.countAtMost(PaperClaim.E8_MLP_NO_GROK, "grokked", 0, 1, List.of(), List.of(), null);
        assertEquals(Verdict.REPRODUCED, none.verdict());
        assertEquals("grokked 0/1", none.ours().text());
        Claim grokked = VerdictRules.countAtMost(PaperClaim.E8_MLP_NO_GROK, "grokked", 1, 1,
                List.of("mlp at step 8,400"), List.of(), null);
        assertEquals(Verdict.NOT_REPRODUCED, grokked.verdict());
        assertEquals("grokked 1/1", grokked.ours().text());
        assertTrue(grokked.reason().startsWith("1 of 1 runs grokked, where the paper has grokked 0/1"),
                grokked.reason());
        assertEquals(Verdict.INCONCLUSIVE, VerdictRules.countAtMost(PaperClaim.E8_MLP_NO_GROK, "grokked", 0, 1,
                List.of(), List.of("runs/mlp/x (no summary.json)"), null).verdict(), "the lacking run may have grokked");
    }

    @Test
    void directionReproducedWithThePapersSignAndPBelowFivePercent() {
        Estimate delay = Estimate.point(Unit.STEP_DIFFERENCE, 2_000, 3);
        Claim claim = VerdictRules.direction(PaperClaim.E3_DELAY, delay, new double[]{6000, 7000, 8000},
                new double[]{4000, 5000, 6000}, null);
        assertEquals(Verdict.REPRODUCED, claim.verdict(), claim.reason());
        assertEquals(8.5, claim.test().u(), 1e-12);
        assertEquals(0.040428, claim.test().oneSidedP(), 1e-5);
        assertEquals(2.0, claim.test().cohensD(), 1e-12); // means 7000 and 5000, both sd 1000
        assertTrue(claim.reason().contains("p = 0.040"), claim.reason());
    }

    @Test
    void directionNotReproducedWhenOppositeOrNotSignificant() {
        Estimate none = Estimate.none(Unit.STEP_DIFFERENCE);
        Claim opposite = VerdictRules.direction(PaperClaim.E3_DELAY, none, new double[]{1, 2, 3},
                new double[]{4, 5, 6}, "context");
        assertEquals(Verdict.NOT_REPRODUCED, opposite.verdict());
        assertTrue(opposite.reason().startsWith("the effect goes the other way"), opposite.reason());
        assertTrue(opposite.reason().endsWith(": context"), opposite.reason());
        // {2, 4, 6} against {1, 3, 5}: U = 6 of 9, z = (3 - 4.5) / √5.25, one-sided p = 0.2563 with 3 + 3 runs
        Claim weak = VerdictRules.direction(PaperClaim.E3_DELAY, none, new double[]{2, 4, 6}, new double[]{1, 3, 5},
                null);
        assertEquals(Verdict.NOT_REPRODUCED, weak.verdict());
        assertTrue(weak.reason().contains("not significant"), weak.reason());
        assertEquals(0.2563, weak.test().oneSidedP(), 1e-4);
    }

    @Test
    void directionInconclusiveWhenTheArmsAreTooSmallStatingTheMinimum() {
        Claim small = VerdictRules.direction(PaperClaim.E4_DELAY, Estimate.none(Unit.STEP_DIFFERENCE),
                new double[]{9000, 9500}, new double[]{4000, 5000}, null);
        assertEquals(Verdict.INCONCLUSIVE, small.verdict());
        assertTrue(small.reason().contains("at least 3 runs per arm"), small.reason());
        assertTrue(small.reason().contains("p = 0.061"), small.reason());
        assertEquals(Verdict.INCONCLUSIVE, VerdictRules.direction(PaperClaim.E4_DELAY,
                Estimate.none(Unit.STEP_DIFFERENCE), new double[0], new double[]{1}, null).verdict());
    }

    @Test
    void valueReproducedWhenThePapersValueLiesInOurInterval() {
        Claim inside = VerdictRules.value(PaperClaim.E6_GAMMA, new Estimate(Unit.NUMBER, 1.2, 0.7, 1.9, 10), "x");
        assertEquals(Verdict.REPRODUCED, inside.verdict());
        assertEquals("the paper's 1.65 lies in our 95% interval [0.70, 1.90]", inside.reason());
        Claim outside = VerdictRules.value(PaperClaim.E2_THRESHOLD, new Estimate(Unit.ENTROPY, 0.462, 0.418, 0.504, 10),
                "why");
        assertEquals(Verdict.NOT_REPRODUCED, outside.verdict());
        assertEquals("the paper's 0.605 lies outside our 95% interval [0.418, 0.504]: ours is lower (0.462, 0.76× the"
                + " paper's): why", outside.reason());
        Claim few = VerdictRules.value(PaperClaim.E6_GAMMA, new Estimate(Unit.NUMBER, 1.6, 1.5, 1.7, 2), null);
        assertEquals(Verdict.INCONCLUSIVE, few.verdict());
        assertTrue(few.reason().contains("at least 3"), few.reason());
        assertEquals(Verdict.INCONCLUSIVE, VerdictRules.value(PaperClaim.E6_GAMMA, Estimate.point(Unit.NUMBER, 1.65,
                5), null).verdict(), "no interval, no verdict");
    }

    @Test
    void boundHoldsOrNot() {
        Claim below = VerdictRules.bound(PaperClaim.OVERHEAD_SHARE, Estimate.point(Unit.PERCENT, 0.4, 10),
                "below 1%", v -> v < 1, "ctx");
        assertEquals(Verdict.REPRODUCED, below.verdict());
        assertEquals("ours 0.4% is below 1%", below.reason());
        Claim above = VerdictRules.bound(PaperClaim.OVERHEAD_SHARE, Estimate.point(Unit.PERCENT, 1.25, 3),
                "below 1%", v -> v < 1, "ctx");
        assertEquals(Verdict.NOT_REPRODUCED, above.verdict());
        assertEquals("ours 1.3% is not below 1%: ctx", above.reason());
        Claim nothing = VerdictRules.bound(PaperClaim.OVERHEAD_SHARE, Estimate.none(Unit.PERCENT), "below 1%",
                v -> v < 1, null);
        assertEquals(Verdict.INCONCLUSIVE, nothing.verdict());
        assertNull(nothing.test());
    }

    @Test
    void aCountNeedsThePapersShareAndAPossibleK() {
        assertThrows(IllegalArgumentException.class, () -> VerdictRules.count(PaperClaim.E5_WEAK_CORRELATION, 1, 2,
                List.of(), List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> VerdictRules.count(PaperClaim.E1_GROKKED, 3, 2,
                List.of(), List.of(), null));
    }
}
