package dev.grokwatch.examples.bench;

import org.apache.commons.math3.stat.descriptive.rank.Median;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Median wall time of repeated calls, for comparing in one process. Several calls are timed
 * interleaved (one of each in turn), so a change in machine load hits all of them alike; the median
 * is reported, which a garbage collection or a scheduler hiccup does not move.
 */
final class StepTimer {

    private final LongSupplier nanoTime;

    /** Timed with {@link System#nanoTime()}. */
    StepTimer() {
        this(System::nanoTime);
    }

    /** Timed with {@code nanoTime}, a clock in nanoseconds. */
    StepTimer(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Runs {@code warmup} untimed rounds, then {@code measured} timed rounds; a round is one call of each
     * entry of {@code calls}, in the map's order.
     *
     * @param calls e.g. one training step per model ({@code () -> model.fit(nextBatch())}), by name
     * @return the median time of each call in milliseconds (the mean of the two middle values for an even
     *         count), in the map's order
     * @throws IllegalArgumentException when {@code calls} is empty, {@code warmup < 0} or {@code measured < 1}
     */
    Map<String, Double> medianMs(Map<String, Runnable> calls, int warmup, int measured) {
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("no calls to time, expected at least one");
        }
        if (warmup < 0 || measured < 1) {
            throw new IllegalArgumentException("warmup " + warmup + " and measured " + measured
                    + " rounds, expected warmup >= 0 and measured >= 1");
        }
        for (int round = 0; round < warmup; round++) {
            calls.values().forEach(Runnable::run);
        }
        Map<String, double[]> ms = new LinkedHashMap<>();
        calls.keySet().forEach(name -> ms.put(name, new double[measured]));
        for (int round = 0; round < measured; round++) {
            for (Map.Entry<String, Runnable> call : calls.entrySet()) {
                long start = nanoTime.getAsLong();
                call.getValue().run();
                ms.get(call.getKey())[round] = (nanoTime.getAsLong() - start) / 1e6;
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        ms.forEach((name, times) -> medians.put(name, new Median().evaluate(times)));
        return medians;
    }

    /** {@link #medianMs(Map, int, int)} of one call alone. */
    double medianMs(Runnable call, int warmup, int measured) {
        return medianMs(Map.of("call", call), warmup, measured).get("call");
    }
}
