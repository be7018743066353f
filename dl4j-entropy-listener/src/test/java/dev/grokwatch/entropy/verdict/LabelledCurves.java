package dev.grokwatch.entropy.verdict;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.PhaseCriteria;
import dev.grokwatch.entropy.forecast.RunHistory;

import java.util.List;

/**
 * Runs whose events fall on known steps, evaluated every 200 steps. Training accuracy reaches 1.0 at step
 * 1,000 (memorisation); H̃ is 0.8 until the onset o, then falls 0.05 per evaluation down to a floor. With the
 * default δ = 0.02 over 5 evaluations the collapse onset fires at o + 200; with H̃* = 0.62 (and a floor below
 * it) the crossing fires at o + 800, where H̃ = 0.60. Test accuracy is 0.1 until the grokking step, 1.0 from it.
 */
final class LabelledCurves {

    static final long EVERY = 200;
    static final long MEMORISED = 1_000;
    static final double THRESHOLD = 0.62;
    static final long BUDGET = 20_000;
    static final String TASK = "add mod 97, transformer, fraction 0.3";

    private LabelledCurves() {
    }

    /** H̃ at {@code step}: flat, then down 0.05 per evaluation after the onset, never below {@code floor}. */
    static double entropy(long step, long onset, double floor) {
        return step <= onset ? 0.8 : Math.max(floor, 0.8 - 0.05 * (step - onset) / EVERY);
    }

    /** A run that groks at {@code grokStep} and stops there, as with {@code --stop grokked}. */
    static RunHistory grokked(String name, long onset, long grokStep) {
        return run(name, TASK, onset, 0.3, grokStep, grokStep);
    }

    /** A run trained to the budget without grokking; {@code onset} past the budget keeps H̃ flat. */
    static RunHistory notGrokked(String name, long onset, double floor) {
        return run(name, TASK, onset, floor, null, BUDGET);
    }

    /** A run whose training accuracy stays at 0.5 (it never memorises), H̃ flat, trained to the budget. */
    static RunHistory notMemorising(String name) {
        return run(name, TASK, Long.MAX_VALUE, 0.3, null, BUDGET, Long.MAX_VALUE);
    }

    static RunHistory run(String name, String task, long onset, double floor, Long grokStep, long lastStep) {
        return run(name, task, onset, floor, grokStep, lastStep, MEMORISED);
    }

    private static RunHistory run(String name, String task, long onset, double floor, Long grokStep, long lastStep,
                                  long memorised) {
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
        for (long t = EVERY; t <= lastStep; t += EVERY) {
            double h = entropy(t, onset, floor);
            double test = grokStep != null && t >= grokStep ? 1.0 : 0.1;
            history.append(new EntropyRecord(t, 0, h, h * Math.log(128), Math.exp(h * Math.log(128)), null, 40, 0.01,
                    t >= memorised ? 1.0 : 0.5, test, null, null, null, 1.0));
        }
        return new RunHistory(name, task, history);
    }

    /**
     * Three grokked runs, A (onset 2,000, grokking 4,000), B (3,000, 6,000) and C (5,000, 7,000), and two that
     * never grok: F, flat at 0.8, and N, whose H̃ falls at 2,000 (an onset) but stops at 0.7, above H̃*.
     */
    static List<RunHistory> set() {
        return List.of(grokked("A", 2_000, 4_000), grokked("B", 3_000, 6_000), grokked("C", 5_000, 7_000),
                notGrokked("F", 1_000_000, 0.3), notGrokked("N", 2_000, 0.7));
    }
}
