package dev.grokwatch.examples.cli;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.entropy.PhaseCriteria;
import dev.grokwatch.entropy.forecast.RunHistory;
import dev.grokwatch.examples.run.RunFolder;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code metrics.csv} written outside {@code grokwatch train}, e.g. by {@code MetricsCsv.write(listener.history(),
 * path)} on a user's own model, read as a run {@code calibrate} fits: no {@code summary.json}, so the run's name
 * comes from the path and its task label from the command line, and its grokking step from its own test accuracy.
 */
final class MetricsFileRun {

    /** The task label of plain metrics files when {@code --task-label} is not given. */
    static final String DEFAULT_TASK_LABEL = "your task";

    private MetricsFileRun() {
    }

    /**
     * The run in {@code csv}, read with the default criteria (grokking: test accuracy ≥ 0.99 after a delay past
     * memorisation) and without a threshold, as calibration finds H̃*.
     *
     * @param taskLabel the task the run learned, shared by the runs calibrated together
     * @throws IllegalArgumentException naming the file when it does not exist, is not a metrics.csv, has no
     *                                  evaluation or no test accuracy
     */
    static RunHistory read(Path csv, String taskLabel) {
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException(csv + " does not exist; expected a metrics.csv written by "
                    + "MetricsCsv.write(listener.history(), path)");
        }
        EntropyHistory history = MetricsCsv.read(csv, PhaseCriteria.defaults());
        if (history.isEmpty()) {
            throw new IllegalArgumentException(csv + " has no evaluations; expected the metrics.csv of a finished run,"
                    + " one row per evaluation");
        }
        if (history.records().stream().allMatch(r -> r.testAccuracy() == null)) {
            throw new IllegalArgumentException(csv + " has no test_acc values; expected the metrics.csv of a listener"
                    + " built with .evaluateOn(testData): the grokking step is where test accuracy reaches 0.99");
        }
        return new RunHistory(name(csv), taskLabel, history);
    }

    /**
     * How reports name the run: the folder of a file called {@code metrics.csv} ({@code runs/seed3/metrics.csv}
     * is {@code seed3}), else the file's name without {@code .csv} ({@code seed3.csv} is {@code seed3}).
     */
    static String name(Path csv) {
        Path absolute = csv.toAbsolutePath().normalize();
        String file = absolute.getFileName().toString();
        Path folder = absolute.getParent();
        if (file.equals(RunFolder.METRICS) && folder != null && folder.getFileName() != null) {
            return folder.getFileName().toString();
        }
        return file.endsWith(".csv") && file.length() > ".csv".length() ? file.substring(0, file.length() - 4) : file;
    }
}
