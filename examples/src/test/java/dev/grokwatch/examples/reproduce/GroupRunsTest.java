package dev.grokwatch.examples.reproduce;

import dev.grokwatch.examples.run.LogitScaleCsv;
import dev.grokwatch.examples.run.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupRunsTest {

    @Test
    void anAbsentGroupIsSaidNotThrown(@TempDir Path runs) {
        GroupRuns mix = GroupRuns.read(runs, RunGroup.MIX);
        assertFalse(mix.present());
        assertEquals("no runs of group 'mix' (folder runs/mix absent)", mix.absence());
    }

    @Test
    void finishedRunsBySeedAndTheOthersNamedWithWhatWentWrong(@TempDir Path runs) throws IOException {
        Path group = runs.resolve("baseline");
        SyntheticRun.grokking(2, 4_000, 400).write(group, "a-seed2");
        SyntheticRun.grokking(0, 5_000, 400).logitScale(9).write(group, "b-seed0");
        Path interrupted = SyntheticRun.grokking(1, 4_000, 400).write(group, "c-seed1");
        Files.writeString(interrupted.resolve(RunFolder.SUMMARY), Files.readString(interrupted
                .resolve(RunFolder.SUMMARY)).replace("\"grokked\"", "\"interrupted\""));
        Path noMetrics = SyntheticRun.grokking(3, 4_000, 400).write(group, "d-seed3");
        Files.delete(noMetrics.resolve(RunFolder.METRICS));
        Files.createDirectories(group.resolve("e-crashed"));
        Files.writeString(group.resolve("sweep.csv"), "not a run\n");

        GroupRuns read = GroupRuns.read(runs, RunGroup.BASELINE);
        assertNull(read.absence());
        assertEquals(List.of("b-seed0", "a-seed2"), read.finished().stream().map(AnalysedRun::name).toList());
        assertEquals(List.of(0L, 2L), List.copyOf(read.bySeed().keySet()));
        assertNotNull(read.bySeed().get(0L).logitScale());
        assertNull(read.bySeed().get(2L).logitScale());
        assertEquals(List.of("c-seed1", "d-seed3", "e-crashed"), read.failed().stream()
                .map(GroupRuns.FailedRun::name).toList());
        assertEquals("interrupted before it finished", read.failed().get(0).reason());
        assertTrue(read.failed().get(1).reason().startsWith("unreadable: runs/baseline/d-seed3 has summary.json but"
                + " no metrics.csv"), read.failed().get(1).reason());
        assertEquals("no summary.json: not finished (stopped or crashed)", read.failed().get(2).reason());
    }

    @Test
    void theLogitScaleIsAveragedOverAWindowOfStepsAndAnUnreadableOneLeftOut(@TempDir Path runs) throws IOException {
        Path group = runs.resolve("norm-matched");
        Path run = SyntheticRun.grokking(0, 4_000, 400).write(group, "seed0");
        LogitScaleCsv.write(List.of(new LogitScaleCsv.Point(200, 4.0), new LogitScaleCsv.Point(400, 6.0),
                new LogitScaleCsv.Point(600, 11.0)), run.resolve(RunFolder.LOGIT_SCALE));
        Path broken = SyntheticRun.grokking(1, 4_000, 400).write(group, "seed1");
        Files.writeString(broken.resolve(RunFolder.LOGIT_SCALE), "step,logits\n200,4.0\n");

        GroupRuns read = GroupRuns.read(runs, RunGroup.NORM_MATCHED);
        AnalysedRun scaled = read.finished().get(0);
        assertEquals(5.0, scaled.logitScaleBetween(200, 400).getAsDouble(), 1e-12);
        assertEquals(7.0, scaled.logitScaleBetween(0, 1_000).getAsDouble(), 1e-12);
        assertFalse(scaled.logitScaleBetween(800, 1_000).isPresent());
        assertEquals(2, read.finished().size(), "a broken recording does not cost the run");
        assertFalse(read.finished().get(1).logitScaleBetween(0, 1_000).isPresent());
        assertEquals(1, read.problems().size());
        assertTrue(read.problems().get(0).startsWith("seed1/logit-scale.csv unreadable, left out: runs/norm-matched"
                + "/seed1/logit-scale.csv has the header"), read.problems().get(0));
    }

    @Test
    void aGroupWhoseRunsAllFailedSaysSo(@TempDir Path runs) throws IOException {
        Files.createDirectories(runs.resolve("s5").resolve("s5-seed0"));
        assertEquals("no finished run in runs/s5 (1 failed: s5-seed0)", GroupRuns.read(runs, RunGroup.S5).absence());
    }
}
