package dev.grokwatch.examples.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timer on a clock that each call moves on by a known amount. */
class StepTimerTest {

    private long now;

    /** A call that takes {@code ms[i]} milliseconds on its i-th run and logs its name. */
    private Runnable call(String name, List<String> log, long... ms) {
        int[] run = {0};
        return () -> {
            log.add(name);
            now += ms[Math.min(run[0]++, ms.length - 1)] * 1_000_000L;
        };
    }

    @Test
    void interleavesTheCallsAndTakesEachMedian() {
        List<String> log = new ArrayList<>();
        Map<String, Runnable> calls = new LinkedHashMap<>();
        // one warm-up run (100 ms, not timed), then 4 timed: median of {3, 1, 4, 2} = 2.5; of {7, 9, 8, 5} = 7.5
        calls.put("a", call("a", log, 100, 3, 1, 4, 2));
        calls.put("b", call("b", log, 100, 7, 9, 8, 5));
        Map<String, Double> medians = new StepTimer(() -> now).medianMs(calls, 1, 4);
        assertEquals(List.of("a", "b"), List.copyOf(medians.keySet()));
        assertEquals(2.5, medians.get("a"), 1e-12);
        assertEquals(7.5, medians.get("b"), 1e-12);
        assertEquals(List.of("a", "b", "a", "b", "a", "b", "a", "b", "a", "b"), log);
    }

    @Test
    void oneCallAloneHasTheMiddleTimeOfAnOddCount() {
        List<String> log = new ArrayList<>();
        assertEquals(6.0, new StepTimer(() -> now).medianMs(call("c", log, 9, 6, 1), 0, 3), 1e-12);
        assertEquals(3, log.size());
    }

    @Test
    void refusesNothingToTimeAndBadCounts() {
        StepTimer timer = new StepTimer(() -> now);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> timer.medianMs(Map.of(), 0, 1));
        assertTrue(none.getMessage().contains("no calls to time"), none.getMessage());
        IllegalArgumentException counts = assertThrows(IllegalArgumentException.class,
                () -> timer.medianMs(() -> { }, -1, 0));
        assertTrue(counts.getMessage().contains("warmup -1 and measured 0")
                && counts.getMessage().contains("expected"), counts.getMessage());
    }
}
