package dev.grokwatch.examples.reproduce;

import dev.grokwatch.examples.cli.CliRun;
import dev.grokwatch.examples.sweep.SweepRun;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code grokwatch reproduce} without long training: bad input refused, finished runs skipped, a run that cannot
 * start reported with the norm-matched run that needed it, the report written in every case.
 */
class ReproduceCommandTest {

    private static final String REPORT = "REPORT.md";

    private static CliRun reproduce(String... args) {
        return CliRun.command("reproduce", args);
    }

    @Test
    void refusesBadInputNamingWhatWasExpected(@TempDir Path dir) {
        Path out = dir.resolve("out");
        CliRun profile = reproduce("--profile", "fast", "--out", out.toString());
        assertEquals(2, profile.code());
        assertTrue(profile.err().contains("expected one of quick, paper but was 'fast'"), profile.err());

        CliRun experiment = reproduce("--experiments", "E1,E9", "--out", out.toString());
        assertEquals(2, experiment.code());
        assertTrue(experiment.err().contains("expected one of E1, E2, E3, E4, E5, E6, E7, E8, PROBE, OVERHEAD but was "
                + "'E9'"), experiment.err());

        CliRun init = reproduce("--init", "pytorch", "--out", out.toString());
        assertEquals(2, init.code());
        assertTrue(init.err().contains("expected one of default, torch but was 'pytorch'"), init.err());

        CliRun jobs = reproduce("--jobs", "0", "--out", out.toString());
        assertEquals(2, jobs.code());
        assertTrue(jobs.err().startsWith("--jobs is 0; expected at least 1"), jobs.err());

        CliRun analyse = reproduce("--analyse-only", "--out", out.toString());
        assertEquals(2, analyse.code());
        assertTrue(analyse.err().startsWith("--analyse-only: " + out.resolve("runs") + " does not exist; expected the "
                + "runs of an earlier grokwatch reproduce --out " + out), analyse.err());
        assertFalse(Files.exists(out), "nothing is written on bad input");
    }

    @Test
    void helpListsTheExperiments() {
        CliRun help = reproduce("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("\nExperiments:\n  E1        two phases (§3, §5, Fig. 1)\n"), help.out());
        assertTrue(help.out().contains("\n  OVERHEAD  overhead (appendix D.3)\n\nExample: "), help.out());
    }

    /** Every run of the plan finished: nothing trains, nothing is timed; the plan file and the report are written. */
    @Test
    void finishedRunsAreSkippedAndTheReportWritten(@TempDir Path dir) throws IOException {
        ReproductionPlan plan = PlannedRuns.plan(Profile.QUICK, dir, Experiment.E7);
        for (PlannedRun run : plan.runs()) {
            PlannedRuns.write(run, "grokked", 12.5, 4_000);
        }
        CliRun result = reproduce("--experiments", "E7", "--out", dir.toString(), "--jobs", "2");

        assertEquals(0, result.code(), result.out() + result.err());
        assertEquals(List.of("grokwatch reproduce: profile quick, init default, experiments E7 -> " + dir
                        + "; 9 runs (9 finished, skipped), 0 to train, 2 at a time, 1 native thread (OMP_NUM_THREADS) "
                        + "each",
                "wrote " + dir.resolve("plan.txt") + ": the train command line of every run",
                "wrote the report to " + dir + " from the finished runs in " + dir.resolve("runs")),
                result.out().lines().toList());
        assertEquals(plan.commands(), Files.readString(dir.resolve("plan.txt")));
        assertTrue(Files.exists(dir.resolve(REPORT)));
        assertFalse(Files.exists(dir.resolve("timing")), "no step was timed");
        assertFalse(Files.exists(plan.runs().get(0).folder().resolve(SweepRun.LOG)), "nothing was started");
    }

    /** --init torch reaches every run: E1's runs are then the torch baselines alone. */
    @Test
    void torchInitialisationPlansTheTorchBaselines(@TempDir Path dir) throws IOException {
        ReproductionPlan plan = ReproductionPlan.of(Profile.QUICK, Initialisation.TORCH, Set.of(Experiment.E1), dir);
        for (PlannedRun run : plan.runs()) {
            PlannedRuns.write(run, "grokked", 12.5, 4_000);
        }
        CliRun result = reproduce("--experiments", "E1", "--init", "torch", "--out", dir.toString());

        assertEquals(0, result.code(), result.out() + result.err());
        assertTrue(result.out().startsWith("grokwatch reproduce: profile quick, init torch, experiments E1 -> " + dir
                + "; 3 runs (3 finished, skipped), 0 to train"), result.out());
        List<String> commands = Files.readAllLines(dir.resolve("plan.txt")).stream()
                .filter(l -> l.startsWith("grokwatch train")).toList();
        assertEquals(3, commands.size());
        assertTrue(commands.stream().allMatch(c -> c.contains(" --init torch ") && c.endsWith("-torch")),
                commands.toString());
    }

    /**
     * Resumption and failure: two seeds of baseline and norm-matched finished; baseline seed 2 was interrupted and
     * is trained again but cannot start (its log's path is a folder), so norm-matched seed 2 is not run. Both are
     * listed, the report is still written, the exit code is 1.
     */
    @Test
    void interruptedRunIsRetrainedAndAFailureIsReportedNotFatal(@TempDir Path dir) throws IOException {
        ReproductionPlan plan = PlannedRuns.plan(Profile.QUICK, dir, Experiment.E4);
        List<PlannedRun> baselines = plan.runs(RunGroup.BASELINE);
        List<PlannedRun> normMatched = plan.runs(RunGroup.NORM_MATCHED);
        for (int seed = 0; seed < 2; seed++) {
            PlannedRuns.write(baselines.get(seed), "grokked", 12.5, 4_000);
            PlannedRuns.write(normMatched.get(seed), "grokked", 25, 4_000);
        }
        PlannedRun interrupted = baselines.get(2);
        PlannedRuns.write(interrupted, "interrupted", 12.5, 4_000);
        Files.createDirectories(interrupted.folder().resolve(SweepRun.LOG));

        CliRun result = reproduce("--experiments", "E4", "--out", dir.toString(), "--jobs", "1");

        assertEquals(1, result.code(), result.out() + result.err());
        String out = result.out();
        assertTrue(out.startsWith("grokwatch reproduce: profile quick, init default, experiments E4 -> " + dir
                + "; 6 runs (4 finished, skipped), 2 to train, 1 at a time"), out);
        // each group's cost and steps from its finished runs: 4,000 steps at 3.125 and 6.25 ms, one after the other
        assertTrue(out.contains("\nbaseline          3  0-2           1   20,000  grokked  4,000 (mean of 2 finished)"
                + "    3.1 (2 finished runs)             13 s\n"), out);
        assertTrue(out.contains("\nnorm-matched      3  0-2           1   30,000  grokked  4,000 (mean of 2 finished)"
                + "    6.3 (2 finished runs)             25 s\n"), out);
        assertTrue(out.contains("\n6 runs, 4 finished, 2 to train: 38 s of training, about 38 s at 1 at a time\n"),
                out);
        assertFalse(out.contains("measuring"), out);
        Path log = interrupted.folder().resolve(SweepRun.LOG);
        assertTrue(out.contains("\n[1/2] baseline/add97-transformer-seed2: FAILED (could not start: "), out);
        String notRun = "needs the finished run in " + interrupted.folder() + ", which did not finish";
        assertTrue(out.contains("\n[2/2] norm-matched/add97-transformer-seed2-normctl: NOT RUN (" + notRun + ")\n"),
                out);
        assertTrue(out.contains("\nwrote the report to " + dir + " from the finished runs in " + dir.resolve("runs")
                + "\n2 run(s) failed or were not run:\n  baseline/add97-transformer-seed2: could not start: "), out);
        assertTrue(out.contains("; log: " + log + "\n  norm-matched/add97-transformer-seed2-normctl: " + notRun + "\n"),
                out);
        assertTrue(out.endsWith(notRun + "\n"), out);
        assertTrue(Files.exists(dir.resolve(REPORT)));
    }

    /** --analyse-only trains and plans nothing, and writes the report from what is there. */
    @Test
    void analyseOnlyWritesTheReport(@TempDir Path dir) throws IOException {
        ReproductionPlan plan = PlannedRuns.plan(Profile.PAPER, dir, Experiment.E1);
        PlannedRuns.write(plan.runs().get(0), "grokked", 12.5, 4_000);

        CliRun result = reproduce("--analyse-only", "--profile", "paper", "--experiments", "E1",
                "--out", dir.toString());

        assertEquals(0, result.code(), result.out() + result.err());
        assertEquals("wrote the report to " + dir + " from the finished runs in " + dir.resolve("runs") + "\n",
                result.out());
        assertTrue(Files.exists(dir.resolve(REPORT)));
        assertFalse(Files.exists(dir.resolve("plan.txt")));
    }
}
