package dev.grokwatch.spark;

import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunSummary;
import dev.grokwatch.examples.sweep.RunOutcome;
import dev.grokwatch.examples.sweep.SweepRun;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A task's result landing on the driver: its files written into the run's folder, where a local run would have
 * written them, and the run's outcome read from that folder as a local run's is.
 */
final class ReturnedRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReturnedRun() {
    }

    /**
     * Writes {@code result}'s files into {@code run}'s folder (created when missing) and gives the outcome. The
     * task's {@code summary.json} names the scratch copy of a {@code --norm-control} file; it is written back with
     * the value as given ({@link RunTask#normControl()}), as the local run records it.
     */
    static RunOutcome land(SweepRun run, RunTask task, TaskResult result) {
        try {
            Files.createDirectories(run.folder());
            for (Map.Entry<String, byte[]> file : result.files().entrySet()) {
                Files.write(run.folder().resolve(file.getKey()), file.getValue());
            }
            if (task.normControl() != null && RunFolder.finished(run.folder())) {
                recordAsGiven(run.folder().resolve(RunFolder.SUMMARY), task.normControl());
            }
        } catch (IOException | UncheckedIOException e) {
            return RunOutcome.failed(run, "could not write its files into " + run.folder() + ": " + e.getMessage());
        }
        return result.failure() != null ? RunOutcome.failed(run, result.failure())
                : RunOutcome.ended(run, result.exitCode(), result.seconds());
    }

    private static void recordAsGiven(Path summaryJson, String normControl) throws IOException {
        ObjectNode summary = JSON.valueToTree(RunSummary.read(summaryJson));
        summary.put("norm_control", normControl);
        JSON.treeToValue(summary, RunSummary.class).write(summaryJson);
    }
}
