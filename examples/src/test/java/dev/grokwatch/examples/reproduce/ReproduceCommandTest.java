package dev.grokwatch.examples.reproduce;

import dev.grokwatch.examples.GrokwatchCli;
import dev.grokwatch.examples.cli.CliRun;
import dev.grokwatch.examples.sweep.SweepRun;
import dev.grokwatch.models.Initialisation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** --jobs and --threads are checked with --analyse-only as well, before anything is read or written. */
    @Test
    void jobsAndThreadsAreCheckedWithAnalyseOnlyToo(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("runs"));
        CliRun jobs = reproduce("--analyse-only", "--jobs", "0", "--out", dir.toString());
        assertEquals(2, jobs.code());
        assertTrue(jobs.err().startsWith("--jobs is 0; expected at least 1"), jobs.err());
        CliRun threads = reproduce("--analyse-only", "--threads", "0", "--out", dir.toString());
        assertEquals(2, threads.code());
        assertTrue(threads.err().startsWith("--threads is 0; expected"), threads.err());
        assertEquals("", jobs.out() + threads.out());
        assertFalse(Files.exists(dir.resolve(REPORT)));
    }

    /** An --out that is a file, or under one, is refused before the plan is printed: exit 2, one message, no trace. */
    @Test
    void anOutThatIsAFileIsRefusedBeforeThePlan(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine\n");
        CliRun result = reproduce("--experiments", "E7", "--out", file.toString());
        assertEquals(2, result.code());
        assertEquals("", result.out(), "no plan printed");
        assertEquals("--out " + file + " is a file; expected a folder (created if absent)\nTry 'grokwatch reproduce"
                + " --help' for the options.\n", result.err());
        CliRun under = reproduce("--experiments", "E7", "--out", file.resolve("out").toString());
        assertEquals(2, under.code());
        assertTrue(under.err().startsWith("--out " + file.resolve("out") + ": " + file + " is a file; expected a"
                + " folder"), under.err());
        assertEquals("mine\n", Files.readString(file));
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
        Files.writeString(dir.resolve("plan-paper.txt"), "# the paper profile's plan\n");
        CliRun result = reproduce("--experiments", "e7", "--out", dir.toString(), "--jobs", "2");

        assertEquals(0, result.code(), result.out() + result.err());
        assertEquals(List.of("grokwatch reproduce: profile quick, init default, experiments E7 -> " + dir
                        + "; 9 runs (9 finished, skipped), 0 to train, 2 at a time, 1 native thread (OMP_NUM_THREADS) "
                        + "each",
                "wrote " + dir.resolve("plan-quick-E7.txt") + ": the train command line of every run",
                "wrote the report to " + dir + " from the finished runs in " + dir.resolve("runs")),
                result.out().lines().toList());
        assertEquals(plan.commands(), Files.readString(dir.resolve("plan-quick-E7.txt")));
        assertEquals("# the paper profile's plan\n", Files.readString(dir.resolve("plan-paper.txt")),
                "another profile's plan is left as it was");
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
        List<String> commands = Files.readAllLines(dir.resolve("plan-quick-torch-E1.txt")).stream()
                .filter(l -> l.startsWith("grokwatch train")).toList();
        assertEquals(3, commands.size());
        assertTrue(commands.stream().allMatch(c -> c.contains(" --init torch ") && c.endsWith("-torch")
                        && c.contains(" --steps 60000 ")), commands.toString());
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
        // why it could not start, and no pointer at a log that cannot exist
        String why = "could not start its JVM: Cannot run program \"";
        assertTrue(out.contains("\n[1/2] baseline/add97-transformer-seed2: FAILED (" + why), out);
        assertTrue(out.contains(log + " (Is a directory))\n"), out);
        String notRun = "needs the finished run in " + interrupted.folder() + ", which did not finish";
        assertTrue(out.contains("\n[2/2] norm-matched/add97-transformer-seed2-normctl: NOT RUN (" + notRun + ")\n"),
                out);
        assertTrue(out.contains("\nwrote the report to " + dir + " from the finished runs in " + dir.resolve("runs")
                + "\n2 run(s) failed or were not run:\n  baseline/add97-transformer-seed2: " + why), out);
        assertTrue(out.contains(log + " (Is a directory)\n  norm-matched/add97-transformer-seed2-normctl: " + notRun
                + "\n"), out);
        assertFalse(out.contains("log: "), out);
        assertTrue(out.endsWith(notRun + "\n"), out);
        assertTrue(Files.exists(dir.resolve(REPORT)));
    }

    /** --analyse-only trains and plans nothing, and writes the report from what is there: exit 0 when all is. */
    @Test
    void analyseOnlyWritesTheReport(@TempDir Path dir) throws IOException {
        ReproductionPlan plan = PlannedRuns.plan(Profile.PAPER, dir, Experiment.E7);
        for (PlannedRun run : plan.runs()) {
            PlannedRuns.write(run, "grokked", 12.5, 4_000);
        }

        CliRun result = reproduce("--analyse-only", "--profile", "paper", "--experiments", "E7",
                "--out", dir.toString());

        assertEquals(0, result.code(), result.out() + result.err());
        assertEquals("wrote the report to " + dir + " from the finished runs in " + dir.resolve("runs") + "\n",
                result.out());
        assertTrue(Files.readString(dir.resolve(REPORT)).contains("Regenerate it with `grokwatch reproduce --profile"
                + " paper --init default --experiments E7 --out " + dir + " --analyse-only`."));
        assertFalse(Files.exists(dir.resolve(plan.fileName())));
    }

    /**
     * --analyse-only with runs of the plan missing or unreadable writes the report, lists them and exits with 1, as
     * training does when runs fail.
     */
    @Test
    void analyseOnlyWithRunsMissingOrUnreadableExitsWithOne(@TempDir Path dir) throws IOException {
        ReproductionPlan plan = PlannedRuns.plan(Profile.QUICK, dir, Experiment.E3);
        PlannedRun notTrained = plan.runs(RunGroup.BASELINE).get(1);
        for (PlannedRun run : plan.runs()) {
            if (run != notTrained) {
                PlannedRuns.write(run, "grokked", 12.5, 4_000);
            }
        }
        Path cut = plan.runs(RunGroup.MIX).get(2).folder().resolve("metrics.csv");
        Files.writeString(cut, Files.readString(cut).substring(0, 300));

        CliRun result = reproduce("--analyse-only", "--experiments", "E3", "--out", dir.toString());

        assertEquals(1, result.code(), result.out() + result.err());
        List<String> lines = result.out().lines().toList();
        assertEquals("2 run(s) of the plan missing or unreadable, left out of the report:", lines.get(1));
        assertEquals("  runs/baseline/add97-transformer-seed1 (planned, not trained (no folder))", lines.get(2));
        assertTrue(lines.get(3).startsWith("  runs/mix/add97-transformer-seed2-mix0.3 (unreadable: runs/mix/"
                + "add97-transformer-seed2-mix0.3/metrics.csv line "), lines.get(3));
        assertEquals(4, lines.size(), result.out());
        assertTrue(Files.exists(dir.resolve(REPORT)));
    }

    /**
     * Stopped while it trains (SIGTERM, as {@code Process.destroy} sends), reproduce says in one line that the
     * finished runs are kept and that the same command resumes. A JVM of its own, stopped once its plan is printed.
     */
    @Test
    void stoppedWhileTrainingItSaysTheSameCommandResumes(@TempDir Path dir) throws IOException, InterruptedException {
        ReproductionPlan plan = PlannedRuns.plan(Profile.QUICK, dir, Experiment.E7);
        Process reproduce = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                GrokwatchCli.class.getName(), "reproduce", "--experiments", "E7", "--out", dir.toString(), "--jobs",
                "1").redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(reproduce.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            while (line != null && !line.startsWith("grokwatch reproduce: ")) {
                lines.add(line);
                line = out.readLine();
            }
            reproduce.toHandle().destroy(); // SIGTERM, leaving its output readable (Process.destroy closes it)
            for (; line != null; line = out.readLine()) {
                lines.add(line);
            }
        } finally {
            reproduce.destroyForcibly();
            reproduce.waitFor();
        }
        assertEquals(List.of(ResumeNotice.line(plan)), lines.stream().filter(l -> l.startsWith("stopped: ")).toList(),
                String.join("\n", lines));
        assertEquals("stopped: the finished runs in " + dir.resolve("runs") + " are kept; the same command (grokwatch"
                + " reproduce --profile quick --init default --experiments E7 --out " + dir + ") resumes, training the"
                + " runs that did not finish", ResumeNotice.line(plan));
    }
}
