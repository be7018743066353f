package dev.grokwatch.examples.reproduce;

import dev.grokwatch.examples.run.LogitScaleCsv;
import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.models.Initialisation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupRunsTest {

    private static final String SEED = "add97-transformer-seed";

    @Test
    void anAbsentGroupIsSaidNotThrown(@TempDir Path dir) {
        GroupRuns mix = GroupRuns.read(PlannedRuns.plan(Profile.QUICK, dir, Experiment.E3), RunGroup.MIX);
        assertFalse(mix.present());
        assertEquals("no runs of group 'mix' (folder runs/mix absent)", mix.absence());
        assertEquals("add mod 97, transformer, fraction 0.3, mix 0.3", mix.setting());
        assertEquals(List.of(SEED + "0-mix0.3", SEED + "1-mix0.3", SEED + "2-mix0.3"),
                mix.failed().stream().map(GroupRuns.FailedRun::name).toList(), "the plan's runs, missing");
    }

    @Test
    void finishedRunsBySeedAndTheOthersNamedWithWhatWentWrong(@TempDir Path dir) throws IOException {
        ReproductionPlan plan = PlannedRuns.plan(Profile.QUICK, dir, Experiment.E1);
        Path group = dir.resolve("runs").resolve("baseline");
        SyntheticRun.grokking(2, 4_000, 400).write(group, "a-seed2");
        SyntheticRun.grokking(0, 5_000, 400).logitScale(9).write(group, SEED + "0");
        Path interrupted = SyntheticRun.grokking(1, 4_000, 400).write(group, SEED + "1");
        Files.writeString(interrupted.resolve(RunFolder.SUMMARY), Files.readString(interrupted
                .resolve(RunFolder.SUMMARY)).replace("\"grokked\"", "\"interrupted\""));
        Path noMetrics = SyntheticRun.grokking(3, 4_000, 400).write(group, "d-seed3");
        Files.delete(noMetrics.resolve(RunFolder.METRICS));
        Files.createDirectories(group.resolve("e-crashed"));
        Files.writeString(group.resolve("sweep.csv"), "not a run\n");

        GroupRuns read = GroupRuns.read(plan, RunGroup.BASELINE);
        assertNull(read.absence());
        assertEquals(3, read.planned());
        assertEquals(List.of(SEED + "0", "a-seed2"), read.finished().stream().map(AnalysedRun::name).toList());
        assertEquals(List.of(0L, 2L), List.copyOf(read.bySeed().keySet()));
        assertNotNull(read.bySeed().get(0L).logitScale());
        assertNull(read.bySeed().get(2L).logitScale());
        assertEquals(List.of(SEED + "1", SEED + "2", "d-seed3", "e-crashed"), read.failed().stream()
                .map(GroupRuns.FailedRun::name).toList());
        assertEquals("interrupted before it finished", read.failed().get(0).reason());
        assertEquals("planned, not trained (no folder)", read.failed().get(1).reason());
        assertTrue(read.failed().get(2).reason().startsWith("unreadable: runs/baseline/d-seed3 has summary.json but"
                + " no metrics.csv"), read.failed().get(2).reason());
        assertEquals("no summary.json: not finished (stopped or crashed)", read.failed().get(3).reason());
        assertEquals("runs/baseline/" + SEED + "2 (planned, not trained (no folder))", read.lacking().get(1));
    }

    /**
     * A finished run whose metrics.csv a crash cut mid-line is not finished: the plan trains it again (not done) and
     * the analysis names it among the runs the group lacks, one predicate for both.
     */
    @Test
    void aRunWithATruncatedMetricsCsvIsNotFinishedForThePlanNorForTheAnalysis(@TempDir Path dir) throws IOException {
        ReproductionPlan plan = PlannedRuns.plan(Profile.QUICK, dir, Experiment.E1);
        PlannedRun run = plan.runs(RunGroup.BASELINE).get(1);
        SyntheticRun.grokking(1, 4_000, 400).write(run.folder().getParent(), run.folder().getFileName().toString());
        assertTrue(run.done());
        Path metrics = run.folder().resolve(RunFolder.METRICS);
        String whole = Files.readString(metrics);
        Files.writeString(metrics, whole.substring(0, whole.length() - 30));

        assertFalse(run.done(), "trained again");
        GroupRuns read = GroupRuns.read(plan, RunGroup.BASELINE);
        assertTrue(read.finished().isEmpty());
        GroupRuns.FailedRun cut = read.failed().stream().filter(f -> f.name().equals(SEED + "1")).findFirst()
                .orElseThrow();
        assertTrue(cut.reason().startsWith("unreadable: runs/baseline/" + SEED + "1/metrics.csv line "),
                cut.reason());
    }

    /**
     * Only the runs of the group's setting are read: a run with PyTorch's initialisation beside today's in
     * runs/baseline, or a subtraction run in runs/mix, is left out, with both settings named; under --init torch
     * the roles swap. The torch-init group is always PyTorch's.
     */
    @Test
    void runsOfAnotherSettingAreLeftOutNamingBothSettings(@TempDir Path dir) throws IOException {
        Path runs = dir.resolve("runs");
        SyntheticRun.grokking(0, 4_000, 400).write(runs.resolve("baseline"), SEED + "0");
        SyntheticRun.grokking(0, 15_000, 400).init(Initialisation.TORCH).write(runs.resolve("baseline"),
                SEED + "0-torch");
        SyntheticRun.grokking(0, 9_000, 400).task("sub").write(runs.resolve("mix"), "sub97-transformer-seed0");
        SyntheticRun.grokking(1, 5_000, 400).write(runs.resolve("mix"), SEED + "1-mix0.3");

        ReproductionPlan defaults = PlannedRuns.plan(Profile.QUICK, dir, Experiment.E3);
        GroupRuns baseline = GroupRuns.read(defaults, RunGroup.BASELINE);
        assertEquals(List.of(SEED + "0"), baseline.finished().stream().map(AnalysedRun::name).toList());
        assertEquals(List.of(new GroupRuns.FailedRun(SEED + "0-torch", "a run of another setting (add mod 97,"
                + " transformer, torch init, fraction 0.3), not the group's (add mod 97, transformer, fraction 0.3)")),
                baseline.otherSetting());
        GroupRuns mix = GroupRuns.read(defaults, RunGroup.MIX);
        assertEquals(List.of(SEED + "1-mix0.3"), mix.finished().stream().map(AnalysedRun::name).toList());
        assertEquals("a run of another setting (sub mod 97, transformer, fraction 0.3, mix 0.3), not the group's"
                + " (add mod 97, transformer, fraction 0.3, mix 0.3)", mix.otherSetting().get(0).reason());

        ReproductionPlan torch = ReproductionPlan.of(Profile.QUICK, Initialisation.TORCH, Set.of(Experiment.E1), dir);
        GroupRuns torchBaseline = GroupRuns.read(torch, RunGroup.BASELINE);
        assertEquals(List.of(SEED + "0-torch"), torchBaseline.finished().stream().map(AnalysedRun::name).toList());
        assertEquals(List.of(SEED + "0"), torchBaseline.otherSetting().stream().map(GroupRuns.FailedRun::name)
                .toList());
        assertEquals("add mod 97, transformer, torch init, fraction 0.3", defaults.setting(RunGroup.TORCH_INIT));
        assertEquals(defaults.setting(RunGroup.TORCH_INIT), torch.setting(RunGroup.TORCH_INIT));
    }

    @Test
    void theLogitScaleIsAveragedOverAWindowOfStepsAndAnUnreadableOneLeftOut(@TempDir Path dir) throws IOException {
        Path group = dir.resolve("runs").resolve("norm-matched");
        Path run = SyntheticRun.grokking(0, 4_000, 400).write(group, "seed0");
        LogitScaleCsv.write(List.of(new LogitScaleCsv.Point(200, 4.0), new LogitScaleCsv.Point(400, 6.0),
                new LogitScaleCsv.Point(600, 11.0)), run.resolve(RunFolder.LOGIT_SCALE));
        Path broken = SyntheticRun.grokking(1, 4_000, 400).write(group, "seed1");
        Files.writeString(broken.resolve(RunFolder.LOGIT_SCALE), "step,logits\n200,4.0\n");

        GroupRuns read = GroupRuns.read(PlannedRuns.plan(Profile.QUICK, dir, Experiment.E4), RunGroup.NORM_MATCHED);
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
    void aGroupWhoseRunsAllFailedSaysSo(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("runs").resolve("s5").resolve("s5-seed0"));
        SyntheticRun.grokking(1, 4_000, 400).task("add").write(dir.resolve("runs").resolve("s5"), "add-seed1");
        assertEquals("no finished run of the setting s5, transformer, fraction 0.5 in runs/s5 (4 failed or missing:"
                + " s5-seed0, s5-transformer-seed0, s5-transformer-seed1, s5-transformer-seed2; 1 of another setting:"
                + " add-seed1)", GroupRuns.read(PlannedRuns.plan(Profile.QUICK, dir, Experiment.E7), RunGroup.S5)
                .absence());
    }
}
