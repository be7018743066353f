package dev.grokwatch.examples.reproduce;

import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.sweep.LocalRunExecutor;
import dev.grokwatch.examples.sweep.RunOutcome;
import dev.grokwatch.models.Initialisation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runs of each profile: counts, seeds, budgets, options, folders, order and the norm-matched dependency. */
class ReproductionPlanTest {

    private static final Path OUT = Path.of("repro");
    private static final Set<Experiment> ALL = EnumSet.allOf(Experiment.class);

    private static List<Long> seeds(int count) {
        return LongStream.range(0, count).boxed().toList();
    }

    /** Group to seeds, in the plan's order of groups. */
    private static Map<RunGroup, List<Long>> seedsByGroup(ReproductionPlan plan) {
        Map<RunGroup, List<Long>> seeds = new LinkedHashMap<>();
        plan.runs().forEach(r -> seeds.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r.config().seed()));
        return seeds;
    }

    @Test
    void paperProfileHasThePapersSeedCounts() {
        ReproductionPlan plan = ReproductionPlan.of(Profile.PAPER, Initialisation.DEFAULT, ALL, OUT);
        Map<RunGroup, List<Long>> expected = new LinkedHashMap<>();
        expected.put(RunGroup.MLP, List.of(0L));
        expected.put(RunGroup.BASELINE, seeds(10));
        expected.put(RunGroup.NORM_MATCHED, seeds(10));
        expected.put(RunGroup.MIX, seeds(10));
        expected.put(RunGroup.TORCH_INIT, seeds(3));
        expected.put(RunGroup.SUB, seeds(5));
        expected.put(RunGroup.MUL, seeds(5));
        expected.put(RunGroup.S5, seeds(10));
        assertEquals(expected, seedsByGroup(plan));
        assertEquals(54, plan.runs().size());
        assertEquals("0-9", plan.seeds(RunGroup.BASELINE));
        assertEquals(80_000, plan.runs(RunGroup.MLP).get(0).config().steps());
    }

    @Test
    void quickProfileHasThreeSeedsOfEachOneTorchSeedAndAShorterMlp() {
        ReproductionPlan plan = ReproductionPlan.of(Profile.QUICK, Initialisation.DEFAULT, ALL, OUT);
        for (Map.Entry<RunGroup, List<Long>> group : seedsByGroup(plan).entrySet()) {
            boolean one = group.getKey() == RunGroup.MLP || group.getKey() == RunGroup.TORCH_INIT;
            assertEquals(one ? List.of(0L) : seeds(3), group.getValue(), group.getKey().folder());
        }
        assertEquals(3 * 6 + 2, plan.runs().size());
        assertEquals(10_000, plan.runs(RunGroup.MLP).get(0).config().steps());
    }

    /** Each group's train options, read back from the arguments a child is given. */
    @Test
    void eachGroupTrainsItsSetting() {
        ReproductionPlan plan = ReproductionPlan.of(Profile.PAPER, Initialisation.DEFAULT, ALL, OUT);
        Path runs = OUT.resolve("runs");
        assertEquals(List.of("--task", "add", "--model", "transformer", "--seed", "3", "--mix", "0.0",
                        "--steps", "30000", "--test-probe", "--logit-scale",
                        "--out", runs.resolve("baseline/add97-transformer-seed3").toString()),
                plan.runs(RunGroup.BASELINE).get(3).config().toArguments());
        assertEquals(List.of("--task", "add", "--model", "transformer", "--seed", "3", "--mix", "0.3",
                        "--steps", "40000", "--out", runs.resolve("mix/add97-transformer-seed3-mix0.3").toString()),
                plan.runs(RunGroup.MIX).get(3).config().toArguments());
        assertEquals(List.of("--task", "add", "--model", "transformer", "--seed", "3", "--mix", "0.0",
                        "--steps", "40000", "--test-probe", "--logit-scale", "--norm-control",
                        runs.resolve("baseline/add97-transformer-seed3/metrics.csv").toString(),
                        "--out", runs.resolve("norm-matched/add97-transformer-seed3-normctl").toString()),
                plan.runs(RunGroup.NORM_MATCHED).get(3).config().toArguments());
        assertEquals(List.of("--task", "s5", "--model", "transformer", "--seed", "4", "--mix", "0.0",
                        "--train-fraction", "0.5", "--steps", "30000",
                        "--out", runs.resolve("s5/s5-transformer-seed4").toString()),
                plan.runs(RunGroup.S5).get(4).config().toArguments());
        assertEquals(List.of("--task", "add", "--model", "mlp", "--seed", "0", "--mix", "0.0", "--steps", "80000",
                        "--stop", "none", "--out", runs.resolve("mlp/add97-mlp-seed0").toString()),
                plan.runs(RunGroup.MLP).get(0).config().toArguments());
        assertEquals(List.of("--task", "add", "--model", "transformer", "--seed", "2", "--mix", "0.0",
                        "--init", "torch", // --steps 50000 is train's default
                        "--out", runs.resolve("torch-init/add97-transformer-seed2-torch").toString()),
                plan.runs(RunGroup.TORCH_INIT).get(2).config().toArguments());
        assertEquals("sub", plan.runs(RunGroup.SUB).get(0).config().task());
        assertEquals("mul", plan.runs(RunGroup.MUL).get(0).config().task());
        assertEquals("sub/sub97-transformer-seed1", plan.runs(RunGroup.SUB).get(1).name());
        for (PlannedRun run : plan.runs()) {
            assertEquals(runs.resolve(run.group().folder()), run.folder().getParent(), run.name());
            assertEquals(run.group() == RunGroup.MLP ? "none" : "grokked", run.config().stop().toString(), run.name());
        }
    }

    /** A norm-matched run requires its seed's baseline folder, which comes before it in the start order. */
    @Test
    void normMatchedRunsFollowTheirBaseline() {
        ReproductionPlan plan = ReproductionPlan.of(Profile.PAPER, Initialisation.DEFAULT, ALL, OUT);
        List<PlannedRun> runs = plan.runs();
        for (PlannedRun run : plan.runs(RunGroup.NORM_MATCHED)) {
            PlannedRun baseline = plan.runs(RunGroup.BASELINE).get((int) run.config().seed());
            assertEquals(List.of(baseline.folder()), run.requires());
            assertEquals(baseline.folder().resolve(RunFolder.METRICS).toString(),
                    run.config().normControl().argument());
            assertTrue(runs.indexOf(baseline) < runs.indexOf(run), run.name());
            assertEquals(run.requires(), run.sweepRun().requires());
        }
        assertTrue(runs.stream().filter(r -> r.group() != RunGroup.NORM_MATCHED).allMatch(r -> r.requires().isEmpty()));
        assertEquals(RunGroup.MLP, runs.get(0).group(), "the longest run starts first");
    }

    /**
     * --init torch switches every run (folders -torch, the norm-matched runs following the torch baselines), and
     * the torch-init group, then the baseline itself, is left out.
     */
    @Test
    void torchInitialisationSwitchesTheWholeProfile() {
        ReproductionPlan plan = ReproductionPlan.of(Profile.PAPER, Initialisation.TORCH, ALL, OUT);
        assertEquals(54 - 3, plan.runs().size());
        assertFalse(plan.groups().contains(RunGroup.TORCH_INIT), plan.groups().toString());
        for (PlannedRun run : plan.runs()) {
            assertEquals(Initialisation.TORCH, run.config().init(), run.name());
            assertTrue(run.folder().getFileName().toString().endsWith("-torch"), run.name());
            assertTrue(String.join(" ", run.config().toArguments()).contains("--init torch"), run.name());
        }
        PlannedRun normMatched = plan.runs(RunGroup.NORM_MATCHED).get(4);
        Path baseline = OUT.resolve("runs/baseline/add97-transformer-seed4-torch");
        assertEquals(List.of(baseline), normMatched.requires());
        assertEquals(baseline.resolve(RunFolder.METRICS).toString(), normMatched.config().normControl().argument());
        assertEquals(Initialisation.TORCH, plan.init());
        assertTrue(plan.commands().startsWith("# grokwatch reproduce --profile paper --init torch --experiments "),
                plan.commands());
        assertEquals(Initialisation.DEFAULT, ReproductionPlan.of(Profile.PAPER, Initialisation.DEFAULT, ALL, OUT)
                .runs(RunGroup.BASELINE).get(0).config().init());
    }

    @Test
    void experimentsSelectTheUnionOfTheirGroups() {
        assertEquals(List.of(RunGroup.SUB, RunGroup.MUL, RunGroup.S5),
                PlannedRuns.plan(Profile.QUICK, OUT, Experiment.E7).groups());
        assertEquals(List.of(RunGroup.BASELINE, RunGroup.NORM_MATCHED),
                PlannedRuns.plan(Profile.QUICK, OUT, Experiment.E4).groups());
        assertEquals(List.of(RunGroup.MLP, RunGroup.BASELINE, RunGroup.MIX, RunGroup.TORCH_INIT),
                PlannedRuns.plan(Profile.QUICK, OUT, Experiment.E1, Experiment.E3, Experiment.E8)
                        .groups());
        assertEquals(List.of(RunGroup.BASELINE),
                PlannedRuns.plan(Profile.QUICK, OUT, Experiment.PROBE, Experiment.OVERHEAD).groups());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ReproductionPlan.of(Profile.QUICK, Initialisation.DEFAULT, Set.of(), OUT));
        assertTrue(none.getMessage().startsWith("no experiments; expected at least one of [E1, E2"), none.getMessage());
    }

    /** The plan's file: a header, then per group a comment and one train command line per run, quoted for a shell. */
    @Test
    void planFileHasTheCommandLineOfEveryRun() {
        ReproductionPlan plan = PlannedRuns.plan(Profile.QUICK, Path.of("my runs"), Experiment.E4);
        List<String> lines = plan.commands().lines().toList();
        assertEquals("# grokwatch reproduce --profile quick --init default --experiments E4 --out 'my runs': 6 runs",
                lines.get(0));
        List<String> commands = lines.stream().filter(l -> l.startsWith("grokwatch train ")).toList();
        assertEquals(plan.runs().stream().map(r -> "grokwatch train " + r.config().toArguments().stream()
                .map(a -> a.contains(" ") ? "'" + a + "'" : a).collect(Collectors.joining(" "))).toList(), commands);
        assertTrue(lines.contains("# norm-matched: 3 runs, seeds 0-2"), lines.toString());
        assertTrue(commands.get(3).contains(
                        "--norm-control 'my runs/runs/baseline/add97-transformer-seed0/metrics.csv'"),
                commands.get(3));
    }

    /**
     * Resumption: a finished run is done; an interrupted one, or one that used up a smaller budget than the plan's
     * (the quick profile's MLP met by the paper's), is trained again.
     */
    @Test
    void doneRunsAreFinishedOnesOfTheirOwnBudget(@TempDir Path dir) throws IOException {
        ReproductionPlan quick = PlannedRuns.plan(Profile.QUICK, dir, Experiment.E8);
        ReproductionPlan paper = PlannedRuns.plan(Profile.PAPER, dir, Experiment.E8);
        PlannedRun baseline = quick.runs(RunGroup.BASELINE).get(0);
        assertFalse(baseline.done(), "nothing trained yet");
        PlannedRuns.write(baseline, "grokked", 12.5, 4_000);
        assertTrue(baseline.done());
        assertTrue(paper.runs(RunGroup.BASELINE).get(0).done(), "a grokked run is done under either budget");

        PlannedRun interrupted = quick.runs(RunGroup.BASELINE).get(1);
        PlannedRuns.write(interrupted, "interrupted", 12.5, 4_000);
        assertFalse(interrupted.done());

        PlannedRun quickMlp = quick.runs(RunGroup.MLP).get(0);
        PlannedRuns.write(quickMlp, "max_steps", 400, 10_000); // the quick budget used up
        assertTrue(quickMlp.done());
        assertFalse(paper.runs(RunGroup.MLP).get(0).done(), "80,000 steps asked, 10,000 run");
    }

    /**
     * A norm-matched run follows its baseline's metrics.csv: a baseline whose metrics.csv a crash cut mid-line does
     * not satisfy it. The plan trains that baseline again, and a norm-matched run given alone is not started.
     */
    @Test
    void aBaselineWithATruncatedMetricsCsvDoesNotSatisfyItsNormMatchedRun(@TempDir Path dir) throws IOException {
        ReproductionPlan plan = PlannedRuns.plan(Profile.QUICK, dir, Experiment.E4);
        PlannedRun baseline = plan.runs(RunGroup.BASELINE).get(0);
        PlannedRuns.write(baseline, "grokked", 12.5, 4_000);
        Path metrics = baseline.folder().resolve(RunFolder.METRICS);
        String whole = Files.readString(metrics);
        Files.writeString(metrics, whole.substring(0, whole.length() - 20));
        assertFalse(baseline.done(), "trained again");

        PlannedRun normMatched = plan.runs(RunGroup.NORM_MATCHED).get(0);
        StringWriter progress = new StringWriter();
        List<RunOutcome> outcomes = new LocalRunExecutor(1, 1).execute(List.of(normMatched.sweepRun()),
                new PrintWriter(progress));
        assertEquals(RunOutcome.Status.NOT_RUN, outcomes.get(0).status());
        assertEquals("needs the finished run in " + baseline.folder() + ", which did not finish",
                outcomes.get(0).reason());
        assertFalse(Files.exists(normMatched.folder()), "never started");
    }

    /** Step budgets: generous for the runs that stop at grokking, more for the delayed settings; the MLP's fixed. */
    @Test
    void budgetsPerProfile() {
        Map<RunGroup, Integer> paper = Map.of(RunGroup.BASELINE, 30_000, RunGroup.SUB, 30_000, RunGroup.MUL, 30_000,
                RunGroup.S5, 30_000, RunGroup.MIX, 40_000, RunGroup.NORM_MATCHED, 40_000, RunGroup.TORCH_INIT, 50_000,
                RunGroup.MLP, 80_000);
        Map<RunGroup, Integer> quick = Map.of(RunGroup.BASELINE, 20_000, RunGroup.SUB, 20_000, RunGroup.MUL, 20_000,
                RunGroup.S5, 20_000, RunGroup.MIX, 30_000, RunGroup.NORM_MATCHED, 30_000, RunGroup.TORCH_INIT, 40_000,
                RunGroup.MLP, 10_000);
        for (PlannedRun run : ReproductionPlan.of(Profile.PAPER, Initialisation.DEFAULT, ALL, OUT).runs()) {
            assertEquals(paper.get(run.group()), run.config().steps(), run.name());
        }
        for (PlannedRun run : ReproductionPlan.of(Profile.QUICK, Initialisation.DEFAULT, ALL, OUT).runs()) {
            assertEquals(quick.get(run.group()), run.config().steps(), run.name());
        }
        assertEquals("quick", Profile.QUICK.toString());
        assertEquals("paper", Profile.PAPER.toString());
    }

    /**
     * Under PyTorch's initialisation, which groks about three times later (the committed runs: 18,400 against
     * 6,540), every budget of a run that stops at grokking is three times longer, in the plan's file as well; the
     * MLP keeps its fixed budget.
     */
    @Test
    void budgetsUnderPyTorchsInitialisationAreThreeTimesLonger() {
        for (Profile profile : Profile.values()) {
            ReproductionPlan today = ReproductionPlan.of(profile, Initialisation.DEFAULT, ALL, OUT);
            ReproductionPlan torch = ReproductionPlan.of(profile, Initialisation.TORCH, ALL, OUT);
            for (RunGroup group : torch.groups()) {
                int budget = today.runs(group).get(0).config().steps();
                assertEquals(group == RunGroup.MLP ? budget : 3 * budget, torch.runs(group).get(0).config().steps(),
                        profile + " " + group.folder());
            }
        }
        assertEquals(60_000, ReproductionPlan.of(Profile.QUICK, Initialisation.TORCH, ALL, OUT)
                .runs(RunGroup.BASELINE).get(0).config().steps());
        assertTrue(ReproductionPlan.of(Profile.PAPER, Initialisation.TORCH, Set.of(Experiment.E3), OUT).commands()
                .contains(" --steps 120000 "), "mix at 3 × 40,000");
        assertEquals(Profile.QUICK.steps(RunGroup.TORCH_INIT, Initialisation.DEFAULT),
                Profile.QUICK.steps(RunGroup.TORCH_INIT, Initialisation.TORCH), "made for PyTorch's already");
    }

    /** One plan file per profile, initialisation and choice of experiments: no plan overwrites another's record. */
    @Test
    void planFilesAreNamedByProfileInitialisationAndExperiments() {
        assertEquals("plan-paper.txt", ReproductionPlan.of(Profile.PAPER, Initialisation.DEFAULT, ALL, OUT).fileName());
        assertEquals("plan-quick.txt", ReproductionPlan.of(Profile.QUICK, Initialisation.DEFAULT, ALL, OUT).fileName());
        assertEquals("plan-quick-torch.txt", ReproductionPlan.of(Profile.QUICK, Initialisation.TORCH, ALL, OUT)
                .fileName());
        assertEquals("plan-paper-torch-E1-E3.txt", ReproductionPlan.of(Profile.PAPER, Initialisation.TORCH,
                Set.of(Experiment.E3, Experiment.E1), OUT).fileName());
        assertEquals("grokwatch reproduce --profile paper --init torch --experiments E1,E3 --out repro",
                ReproductionPlan.of(Profile.PAPER, Initialisation.TORCH, Set.of(Experiment.E3, Experiment.E1), OUT)
                        .reproduceCommand());
    }

    /** The committed paper profile's plan file is the plan's, under its own name. */
    @Test
    void theCommittedPlanIsThePaperProfilesPlan() throws IOException {
        ReproductionPlan paper = ReproductionPlan.of(Profile.PAPER, Initialisation.DEFAULT, ALL,
                Path.of("docs", "reproduction"));
        assertEquals(paper.commands(), Files.readString(Path.of("..", "docs", "reproduction", paper.fileName())));
    }
}
