package dev.grokwatch.models;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall time of training steps, for comparing models in one run. The steps of the models are
 * interleaved (one step of each in turn), so a change in machine load hits all of them alike, and
 * the median is reported, which a garbage collection or a scheduler hiccup does not move.
 */
public final class ModelBenchmark {

    /** Step times of one model, in milliseconds. */
    public record StepTimes(String model, int steps, double medianMs, double p10Ms, double p90Ms) {
        @Override
        public String toString() {
            return String.format("%s: median %.2f ms/step (p10 %.2f, p90 %.2f, %d steps)", model, medianMs, p10Ms,
                    p90Ms, steps);
        }
    }

    private ModelBenchmark() {
    }

    /**
     * Runs {@code warmup} untimed rounds, then {@code measured} timed rounds; a round is one call of each
     * step, in the map's order.
     *
     * @param steps one training step per model (e.g. {@code () -> model.fit(nextBatch())}), by name
     * @return the step times per model, in the map's order
     */
    public static Map<String, StepTimes> interleaved(Map<String, Runnable> steps, int warmup, int measured) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("no models to time, expected at least one step");
        }
        if (warmup < 0 || measured < 1) {
            throw new IllegalArgumentException("warmup " + warmup + " and measured " + measured
                    + " rounds, expected warmup >= 0 and measured >= 1");
        }
        for (int round = 0; round < warmup; round++) {
            steps.values().forEach(Runnable::run);
        }
        Map<String, long[]> nanos = new LinkedHashMap<>();
        steps.keySet().forEach(name -> nanos.put(name, new long[measured]));
        for (int round = 0; round < measured; round++) {
            for (Map.Entry<String, Runnable> step : steps.entrySet()) {
                long start = System.nanoTime();
                step.getValue().run();
                nanos.get(step.getKey())[round] = System.nanoTime() - start;
            }
        }
        Map<String, StepTimes> times = new LinkedHashMap<>();
        nanos.forEach((name, ns) -> times.put(name, summarise(name, ns)));
        return times;
    }

    private static StepTimes summarise(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new StepTimes(name, sorted.length, quantile(sorted, 0.5), quantile(sorted, 0.1), quantile(sorted, 0.9));
    }

    /** Nearest-rank quantile in milliseconds. */
    private static double quantile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, rank)] / 1e6;
    }
}
