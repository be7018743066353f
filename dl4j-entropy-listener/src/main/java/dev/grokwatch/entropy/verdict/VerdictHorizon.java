package dev.grokwatch.entropy.verdict;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A verdict's horizon calibrated on runs that grokked, with the evidence. Each grokked run waited some steps
 * for the rule's awaited event ({@link VerdictRule#waitOf}); at a horizon of the longest wait the rule would
 * have stopped none of them (on evaluations every k steps, the smallest such horizon to within k). The
 * horizon adds a margin for runs slower than any seen: h = ⌈longest wait × (1 + margin)⌉.
 *
 * @param rule              the verdict
 * @param horizon           h, steps
 * @param margin            the relative margin added to the longest wait
 * @param waits             each grokked run's wait in steps, by name, for the runs that reached the reference
 *                          event before grokking (in the order given)
 * @param score             the rule at h on the labelled runs (in-sample: no false kills by construction)
 * @param heldOutFalseKills the grokked runs the rule would have stopped had h been calibrated without them
 *                          (leave-one-run-out), each with the step it fired: how often a new run slower than
 *                          the calibration runs is killed
 */
public record VerdictHorizon(VerdictRule rule, long horizon, double margin, Map<String, Long> waits,
                             VerdictScore score, List<RunVerdict> heldOutFalseKills) {

    /** A quarter of the longest wait: with ten runs, the next run is the slowest one time in eleven. */
    public static final double DEFAULT_MARGIN = 0.25;

    public VerdictHorizon {
        if (rule == null || waits == null || waits.isEmpty() || score == null || heldOutFalseKills == null) {
            throw new IllegalArgumentException("a calibrated horizon needs its rule, at least one wait, its score and"
                    + " its held-out false kills; got rule " + rule + ", waits " + waits + ", score " + score
                    + ", heldOutFalseKills " + heldOutFalseKills);
        }
        waits = Collections.unmodifiableMap(new LinkedHashMap<>(waits));
        heldOutFalseKills = List.copyOf(heldOutFalseKills);
    }

    /** ⌈longest wait × (1 + margin)⌉, at least one step; in decimal, so that 4,200 × 1.1 is 4,620, not 4,621. */
    static long of(long longestWait, double margin) {
        checkMargin(margin);
        BigDecimal h = BigDecimal.valueOf(longestWait).multiply(BigDecimal.ONE.add(BigDecimal.valueOf(margin)));
        return Math.max(1, h.setScale(0, RoundingMode.CEILING).longValueExact());
    }

    static void checkMargin(double margin) {
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("margin must be a finite fraction >= 0 of the longest wait (e.g. "
                    + DEFAULT_MARGIN + "), got " + margin);
        }
    }

    /** The longest wait among the grokked runs: the horizon without margin. */
    public long longestWait() {
        return waits.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    /** The run that waited longest (the first of them on a tie). */
    public String slowestRun() {
        long longest = longestWait();
        return waits.entrySet().stream().filter(e -> e.getValue() == longest).findFirst().orElseThrow().getKey();
    }
}
