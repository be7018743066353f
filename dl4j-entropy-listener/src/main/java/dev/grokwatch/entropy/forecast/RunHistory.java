package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.PhaseCriteria;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * One finished (or running) run as calibration sees it: a name, the task it learned and its history.
 *
 * @param name    how reports refer to the run (its folder name when read from disk)
 * @param task    task label; runs calibrated together must share it (see {@link RunSummary#taskLabel()})
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
            throw new IllegalArgumentException("run " + name + " has no history");
        }
    }

    /** Reads {@code metrics.csv} and {@code summary.json} from a run folder, with the default criteria. */
    public static RunHistory read(Path runDir) {
        return read(runDir, PhaseCriteria.defaults());
    }

    /** Reads a run folder; the criteria (grokking accuracy, collapse δ) decide how its curve is read. */
    public static RunHistory read(Path runDir, PhaseCriteria criteria) {
        if (!Files.isDirectory(runDir)) {
            throw new IllegalArgumentException(runDir + " is not a folder; expected a run folder with metrics.csv"
                    + " and summary.json");
        }
        Path metrics = runDir.resolve("metrics.csv");
        if (!Files.isRegularFile(metrics)) {
            throw new IllegalArgumentException(runDir + " has no metrics.csv; expected a finished grokwatch run folder");
        }
        RunSummary summary = RunSummary.read(runDir.resolve("summary.json"));
        Path fileName = runDir.toAbsolutePath().normalize().getFileName();
        return new RunHistory(fileName == null ? runDir.toString() : fileName.toString(), summary.taskLabel(),
                MetricsCsv.read(metrics, criteria));
    }

    /** First evaluation with test accuracy at or above the grokking criterion. */
    public OptionalLong grokStep() {
        return history.grokStep();
    }

    /** The history as it stood at {@code step}: the records up to and including that step. */
    public EntropyHistory historyUpTo(long step) {
        return new EntropyHistory(history.criteria(),
                history.records().stream().filter(r -> r.step() <= step).toList());
    }
}
