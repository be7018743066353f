package dev.grokwatch.examples;

import java.util.Map;

/**
 * The threshold H̃* of each task when {@code --threshold} is not given: the paper's calibrated
 * values (arXiv 2604.13123, §9, Table 3). Addition uses 0.61, the paper's headline figure ("falls below 0.61 by the
 * grokking step"), rather than its calibrated 0.605. Division has no value in the paper: 0.6 is a
 * placeholder until it is calibrated from finished runs.
 */
public final class TaskThresholds {

    private static final Map<String, Double> BY_TASK = Map.of(
            "add", 0.61,
            "sub", 0.589,
            "mul", 0.589,
            "div", 0.6,
            "s5", 0.655);

    private TaskThresholds() {
    }

    /** H̃* for a task name as {@code --task} spells it. */
    public static double defaultFor(String task) {
        Double threshold = BY_TASK.get(task);
        if (threshold == null) {
            throw new IllegalArgumentException("no default threshold for task '" + task + "'; expected one of "
                    + BY_TASK.keySet() + ", or pass --threshold");
        }
        return threshold;
    }
}
