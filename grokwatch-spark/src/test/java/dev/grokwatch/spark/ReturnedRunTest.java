package dev.grokwatch.spark;

import dev.grokwatch.examples.sweep.RunOutcome;
import dev.grokwatch.examples.sweep.SweepRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A task's result on the driver: its files where the run's line says, its failures worded as a local run's. */
class ReturnedRunTest {

    private static SweepRun run(Path folder) {
        return new SweepRun("r", folder, List.of("--out", folder.toString()));
    }

    @Test
    void aFailedProcessLeavesItsLogInTheRunFolder(@TempDir Path dir) throws IOException {
        SweepRun run = run(dir.resolve("r"));
        RunOutcome outcome = ReturnedRun.land(run, RunTask.of(run, 1), TaskResult.ended(2, 1.5,
                Map.of(SweepRun.LOG, "--steps is 0; expected at least 1\n".getBytes(StandardCharsets.UTF_8))));

        assertEquals(RunOutcome.Status.FAILED, outcome.status());
        assertEquals("r: FAILED (exit code 2), log " + run.log(), outcome.line());
        assertEquals("--steps is 0; expected at least 1\n", Files.readString(run.log()));
    }

    @Test
    void exitCodeZeroWithoutASummaryAndUnstartedRunsFail(@TempDir Path dir) {
        SweepRun run = run(dir.resolve("r"));
        assertEquals("exit code 0 but no finished summary.json",
                ReturnedRun.land(run, RunTask.of(run, 1), TaskResult.ended(0, 1, Map.of())).reason());
        assertEquals("could not start: no java",
                ReturnedRun.land(run, RunTask.of(run, 1), TaskResult.failed("could not start: no java")).reason());
    }

    @Test
    void aRunFolderThatCannotBeWrittenFailsTheRun(@TempDir Path dir) throws IOException {
        Path blocked = Files.writeString(dir.resolve("r"), "a file where the run folder should be");
        SweepRun run = run(blocked);

        RunOutcome outcome = ReturnedRun.land(run, RunTask.of(run, 1), TaskResult.ended(0, 1,
                Map.of("metrics.csv", new byte[]{1})));

        assertEquals(RunOutcome.Status.FAILED, outcome.status());
        assertTrue(outcome.reason().startsWith("could not write its files into " + blocked + ": "), outcome.reason());
    }
}
