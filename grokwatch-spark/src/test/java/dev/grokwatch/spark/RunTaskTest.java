package dev.grokwatch.spark;

import dev.grokwatch.examples.GrokwatchCli;
import dev.grokwatch.examples.run.NormControlOption;
import dev.grokwatch.examples.sweep.SweepRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A run as a task: its arguments rewritten for the executor's scratch folder, the files it reads shipped. */
class RunTaskTest {

    @Test
    void outAndInputFilesBecomeScratchPaths(@TempDir Path dir) throws IOException {
        Path baseline = Files.writeString(dir.resolve("metrics.csv"), "step,param_norm\n");
        Path calibration = Files.writeString(dir.resolve("calibration.json"), "{}");
        SweepRun run = new SweepRun("norm", dir.resolve("norm"), List.of("--seed", "3", "--norm-control",
                baseline.toString(), "--calibration=" + calibration, "--out", dir.resolve("norm").toString()));

        RunTask task = RunTask.of(run, 2);

        assertEquals(List.of("--seed", "3", "--norm-control", "inputs/0/metrics.csv", "--calibration",
                "inputs/1/calibration.json", "--out", "run"), task.trainArgs());
        assertEquals(Set.of("inputs/0/metrics.csv", "inputs/1/calibration.json"), task.inputs().keySet());
        assertArrayEquals(Files.readAllBytes(baseline), task.inputs().get("inputs/0/metrics.csv"));
        assertEquals(baseline.toString(), task.normControl(), "summary.json records the value as given");
        assertEquals(2, task.threads());
        assertEquals("norm", task.name());
    }

    /** A constant norm stays a constant even when a file of that name exists; a missing file is train's to report. */
    @Test
    void constantsAndMissingFilesStayAsGiven(@TempDir Path dir) throws IOException {
        Path relative = Path.of("40");
        boolean made = !Files.exists(relative) && Files.writeString(relative, "not a metrics.csv") != null;
        try {
            RunTask task = RunTask.of(new SweepRun("c", dir, List.of("--norm-control", "40", "--calibration",
                    dir.resolve("missing.json").toString())), 1);
            assertEquals(List.of("--norm-control", "40", "--calibration", dir.resolve("missing.json").toString(),
                    "--out", "run"), task.trainArgs(), "no --out given: the scratch folder's is added");
            assertEquals(Map.of(), task.inputs());
            assertNull(task.normControl());
        } finally {
            if (made) {
                Files.delete(relative);
            }
        }
    }

    /**
     * Every option of train that names a file is --out or an input option: a new one must be shipped too, or a run
     * would read a path that only exists on the driver.
     */
    @Test
    void everyFileOptionOfTrainIsKnown() {
        Set<String> fileOptions = new TreeSet<>();
        for (OptionSpec option : GrokwatchCli.commandLine().getSubcommands().get("train").getCommandSpec().options()) {
            if (option.type() == Path.class || option.type() == NormControlOption.class) {
                fileOptions.addAll(Arrays.asList(option.names()));
            }
        }
        Set<String> known = new TreeSet<>(RunTask.INPUT_OPTIONS);
        known.add("--out");
        assertEquals(known, fileOptions);
    }
}
