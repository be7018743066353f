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
        Claim all = VerdictRules.count(PaperClaim.E1_GROKKED, 10, 10, false, List.of(), null);
        assertEquals(Verdict.REPRODUCED, all.verdict());
        assertEquals("10/10", all.ours().text());
        Claim short1 = VerdictRules.count(PaperClaim.E1_GROKKED, 9, 10, false, List.of("seed4"), "a reason");
        assertEquals(Verdict.NOT_REPRODUCED, short1.verdict());
        assertEquals("only 9 of 10 runs (not: seed4), where the paper has 10/10: a reason", short1.reason());
        // 28/30 is 0.933: 3/3 meets it, 9/10 does not
        assertEquals(Verdict.REPRODUCED, VerdictRules.count(PaperClaim.E4_GROKKED, 3, 3, false, List.of(), null)
                .verdict());
        assertEquals(Verdict.NOT_REPRODUCED, VerdictRules.count(PaperClaim.E4_GROKKED, 9, 10, false, List.of("s"),
                null).verdict());
        assertEquals(Verdict.INCONCLUSIVE, VerdictRules.count(PaperClaim.E1_GROKKED, 0, 0, false, List.of(), null)
                .verdict());
    }

    @Test
    void anAtMostCountIsBrokenByTheRunsThatDidIt() {
        assertEquals(Verdict.REPRODUCED, VerdictRules.count(PaperClaim.E8_MLP_NO_GROK, 0, 1, true, List.of(), null)
                .verdict());
        Claim grokked = VerdictRules.count(PaperClaim.E8_MLP_NO_GROK, 1, 1, true, List.of("mlp at step 8,400"), null);
        assertEquals(Verdict.NOT_REPRODUCED, grokked.verdict());
        assertTrue(grokked.reason().startsWith("1 of 1 runs, where the paper has 0/1"), grokked.reason());
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
                false, List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> VerdictRules.count(PaperClaim.E1_GROKKED, 3, 2, false,
                List.of(), null));
    }
}
