package dev.grokwatch.examples.reproduce;

import dev.grokwatch.examples.run.ModelKind;
import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunSummary;
import dev.grokwatch.examples.sweep.LocalRunExecutor;
import dev.grokwatch.models.Initialisation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plan's time: step costs measured from finished or timing runs, expected steps, runs scheduled on the jobs. */
class PlanEstimateTest {

    private static final double NORM_MATCHED_PRIOR = 6_540 * 22_664 / 14_360.0;

    /**
     * Three baselines of 65.4 s and three norm-matched runs of 206.4 s on two workers, each norm-matched run after
     * its baseline: b0, b1 0-65.4 | b2 65.4-130.8 | n0 65.4-271.8 | n1 130.8-337.2 | n2 271.8-478.3.
     */
    @Test
    void schedulesThePriorsOnTheJobsAfterWhatTheyRequire(@TempDir Path dir) {
        ReproductionPlan plan = PlannedRuns.plan(Profile.QUICK, dir, Experiment.E4);
        PlanEstimate estimate = PlanEstimate.of(plan, Map.of(
                RunGroup.BASELINE, new StepTimes.Cost(10, "test"),
                RunGroup.NORM_MATCHED, new StepTimes.Cost(20, "test")), 2);

        double normMatched = NORM_MATCHED_PRIOR * 0.020;
        assertEquals(65.4 + normMatched + normMatched, estimate.wallSeconds(), 1e-9);
        assertEquals(3 * 65.4 + 3 * normMatched, estimate.trainingSeconds(), 1e-9);
        PlanEstimate.Group baseline = estimate.groups().get(0);
        assertEquals(6_540, baseline.expectedSteps());
        assertEquals("prior", baseline.stepsSource());
        assertEquals(3, baseline.toTrain());
        List<String> lines = estimate.lines();
        assertEquals(4, lines.size());
        assertEquals("6 runs, 0 finished, 6 to train: 14 min of training, about 8 min at 2 at a time", lines.get(3));
        assertTrue(lines.get(2).matches("norm-matched +3  0-2 +3 +30,000  grokked +10,322 \\(prior\\) "
                + "+20\\.0 \\(test\\) "
                + "+10 min"), lines.get(2));
    }

    /** Finished runs are not scheduled and give their group's expected steps; without a cost the time is unknown. */
    @Test
    void finishedRunsGiveTheStepsAndUnknownCostsSaySo(@TempDir Path dir) throws IOException {
        ReproductionPlan plan = PlannedRuns.plan(Profile.QUICK, dir, Experiment.E4);
        for (PlannedRun run : plan.runs(RunGroup.BASELINE)) {
            PlannedRuns.write(run, "grokked", 40, 4_000);
        }
        PlanEstimate estimate = PlanEstimate.of(plan, Map.of(RunGroup.NORM_MATCHED, new StepTimes.Cost(20, "test")), 2);
        double normMatched = NORM_MATCHED_PRIOR * 0.020;
        assertEquals(2 * normMatched, estimate.wallSeconds(), 1e-9, "two workers, three runs, nothing to wait for");
        PlanEstimate.Group baseline = estimate.groups().get(0);
        assertEquals(4_000, baseline.expectedSteps());
        assertEquals("mean of 3 finished", baseline.stepsSource());
        assertEquals(0, baseline.toTrain());
        String baselineLine = estimate.lines().get(1);
        assertTrue(baselineLine.matches(".* 4,000 \\(mean of 3 finished\\) +unknown +-"), baselineLine);

        PlanEstimate unknown = PlanEstimate.of(plan, Map.of(), 2);
        assertTrue(Double.isNaN(unknown.wallSeconds()));
        assertTrue(unknown.lines().get(3).endsWith("unknown of training, about unknown at 2 at a time"),
                unknown.lines().get(3));
    }

    /** A group's cost is its finished runs' median, else its model's, as wall time per step of the training loop. */
    @Test
    void stepCostsFromFinishedRuns(@TempDir Path dir) throws IOException {
        ReproductionPlan plan = PlannedRuns.plan(Profile.QUICK, dir, Experiment.E4, Experiment.E8);
        PlannedRuns.write(plan.runs(RunGroup.BASELINE).get(0), "grokked", 12.5, 4_000); // 3.125 ms per step
        PlannedRuns.write(plan.runs(RunGroup.BASELINE).get(1), "grokked", 25, 4_000); // 6.25
        Map<RunGroup, StepTimes.Cost> costs = StepTimes.fromFinished(plan);
        assertEquals(new StepTimes.Cost((3.125 + 6.25) / 2, "2 finished runs"), costs.get(RunGroup.BASELINE));
        assertEquals(new StepTimes.Cost((3.125 + 6.25) / 2, "finished transformer runs"),
                costs.get(RunGroup.NORM_MATCHED));
        assertFalse(costs.containsKey(RunGroup.MLP), "no MLP has finished");
    }

    /** A model without finished runs is timed by a short run, kept and read again on the next start. */
    @Test
    void timingRunMeasuresAModelWithoutFinishedRuns(@TempDir Path dir) throws IOException {
        ReproductionPlan plan = PlannedRuns.plan(Profile.QUICK, dir, Experiment.E8);
        for (PlannedRun run : plan.runs(RunGroup.BASELINE)) {
            PlannedRuns.write(run, "grokked", 12.5, 4_000);
        }
        StringWriter progress = new StringWriter();
        Path timing = dir.resolve("timing");
        Map<RunGroup, StepTimes.Cost> costs = StepTimes.of(plan, 4, 1, timing, new LocalRunExecutor(1, 1),
                new PrintWriter(progress));
        // evaluated at its end, every 4 steps: a setting the folder name says (the real timing runs, of 600 steps,
        // evaluate at the default 200 and keep add97-mlp-seed0)
        assertTrue(progress.toString().startsWith("measuring the cost of a step: 4 steps of add97-mlp-seed0-eval4 in "
                + timing + ", 1 at a time as the runs will train\n[1/1] timing/add97-mlp-seed0-eval4: add mod 97, mlp,"
                + " seed 0: "), progress.toString());
        RunSummary timed = RunFolder.read(timing.resolve("add97-mlp-seed0-eval4")).summary();
        assertEquals(4, timed.stepsRun());
        assertEquals(new StepTimes.Cost(timed.wallSeconds() * 1000 / 4, "timing run"), costs.get(RunGroup.MLP));
        assertEquals(new StepTimes.Cost(3.125, "3 finished runs"), costs.get(RunGroup.BASELINE));

        StringWriter again = new StringWriter();
        assertEquals(costs, StepTimes.of(plan, 4, 1, timing, new LocalRunExecutor(1, 1), new PrintWriter(again)));
        assertEquals("", again.toString(), "the finished timing run is read, not trained again");
        assertEquals(ModelKind.MLP, StepTimes.model(plan, RunGroup.MLP));
    }

    /** Before any run finished: ours for today's initialisation, the paper's timescale for PyTorch's. */
    @Test
    void priorsFollowTheInitialisation() {
        assertEquals(6_540, PlanEstimate.priorSteps(RunGroup.BASELINE, Initialisation.DEFAULT));
        assertEquals(14_360, PlanEstimate.priorSteps(RunGroup.BASELINE, Initialisation.TORCH));
        assertEquals(14_360, PlanEstimate.priorSteps(RunGroup.TORCH_INIT, Initialisation.TORCH));
        assertEquals(5_800, PlanEstimate.priorSteps(RunGroup.S5, Initialisation.DEFAULT));
        assertEquals(14_360 * 5_800 / 6_540.0, PlanEstimate.priorSteps(RunGroup.S5, Initialisation.TORCH), 1e-9);
        // mixing's prior is the baseline's: the paper's delay is not assumed, these runs grokked sooner with it
        assertEquals(14_360, PlanEstimate.priorSteps(RunGroup.MIX, Initialisation.TORCH), 1e-9);
        assertEquals(6_540, PlanEstimate.priorSteps(RunGroup.MIX, Initialisation.DEFAULT), 1e-9);
        assertEquals(22_664, PlanEstimate.priorSteps(RunGroup.NORM_MATCHED, Initialisation.TORCH), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, PlanEstimate.priorSteps(RunGroup.MLP, Initialisation.DEFAULT));
    }

    /** The mix group's line says its prior is the baseline's. */
    @Test
    void theMixPriorIsTheBaselinesAndTheLineSaysSo(@TempDir Path dir) {
        ReproductionPlan plan = PlannedRuns.plan(Profile.QUICK, dir, Experiment.E3);
        PlanEstimate estimate = PlanEstimate.of(plan, Map.of(RunGroup.BASELINE, new StepTimes.Cost(10, "test"),
                RunGroup.MIX, new StepTimes.Cost(10, "test")), 1);
        PlanEstimate.Group mix = estimate.groups().stream().filter(g -> g.group() == RunGroup.MIX).findFirst()
                .orElseThrow();
        assertEquals(6_540, mix.expectedSteps());
        assertEquals("baseline's prior", mix.stepsSource());
        assertTrue(estimate.lines().stream().anyMatch(l -> l.startsWith("mix ") && l.contains("6,540 (baseline's"
                + " prior)")), estimate.lines().toString());
    }

    /**
     * With two jobs, the timing runs train two side by side, as the plan's runs will: a run timed alone steps
     * faster than beside another on the same cores. The cost is their median, and both are kept for the next start.
     */
    @Test
    void timingRunsTrainSideBySideAsManyAsTheJobs(@TempDir Path dir) throws IOException {
        ReproductionPlan plan = PlannedRuns.plan(Profile.QUICK, dir, Experiment.E8);
        for (PlannedRun run : plan.runs(RunGroup.BASELINE)) {
            PlannedRuns.write(run, "grokked", 12.5, 4_000);
        }
        StringWriter progress = new StringWriter();
        Path timing = dir.resolve("timing");
        Map<RunGroup, StepTimes.Cost> costs = StepTimes.of(plan, 4, 2, timing, new LocalRunExecutor(2, 1),
                new PrintWriter(progress));
        assertTrue(progress.toString().startsWith("measuring the cost of a step: 4 steps of add97-mlp-seed0-eval4,"
                + " add97-mlp-seed1-eval4 in " + timing + ", 2 at a time as the runs will train\n"), progress.toString());
        double[] ms = new double[2];
        for (int seed = 0; seed < 2; seed++) {
            RunSummary timed = RunFolder.read(timing.resolve("add97-mlp-seed" + seed + "-eval4")).summary();
            ms[seed] = timed.wallSeconds() * 1000 / timed.stepsRun();
        }
        assertEquals(new StepTimes.Cost((ms[0] + ms[1]) / 2, "2 timing runs side by side"), costs.get(RunGroup.MLP));
    }

    @Test
    void durations() {
        assertEquals("40 s", PlanEstimate.duration(40));
        assertEquals("2 min", PlanEstimate.duration(90));
        assertEquals("59 min", PlanEstimate.duration(59 * 60));
        assertEquals("2 h 05 min", PlanEstimate.duration(2 * 3600 + 5 * 60));
        assertEquals("unknown", PlanEstimate.duration(Double.NaN));
    }
}
