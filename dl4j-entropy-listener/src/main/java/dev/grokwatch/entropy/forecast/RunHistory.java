package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyHistory;

import java.util.OptionalLong;

/**
 * One finished (or running) run as calibration sees it: a name, the task it learned and its history. The
 * history may come from anywhere: a listener's {@code history()} after training, or a {@code metrics.csv}
 * read back.
 *
 * @param name    how reports refer to the run, e.g. {@code "seed3"} or its folder's name
 * @param task    task label, e.g. {@code "add mod 97, transformer, fraction 0.3"}; runs calibrated together
 *                must share it, since H̃* and the time to grok depend on the task, model and training data
 * @param history its evaluations
 */
public record RunHistory(String name, String task, EntropyHistory history) {

    public RunHistory {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("run name is empty; expected e.g. the run folder's name");
        }
        if (task == null || task.isBlank()) {
            throw new IllegalArgumentException("run " + name + " has no task label; expected e.g. \"add mod 97\"");
        }
        if (history == null) {
            throw new IllegalArgumentException("run " + name + " has no history; expected its EntropyHistory");
        }
    }

    /** The grokking step: test accuracy at the criterion after a delay past memorisation ({@link EntropyHistory#grokStep()}). */
    public OptionalLong grokStep() {
        return history.grokStep();
    }
}
