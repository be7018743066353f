package dev.grokwatch.spark;

import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.sweep.LocalRunExecutor;
import dev.grokwatch.examples.sweep.RunOutcome;
import dev.grokwatch.examples.sweep.SweepRun;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runner on {@code local[2]}: the same run folders as the local pool's, a run that requires another started
 * once that one's files are back, failures reported while the other runs finish, a cancelled job's run stopped.
 */
class SparkRunExecutorTest {

    private static SparkRunExecutor spark;

    @BeforeAll
    static void open() {
        spark = SparkRunExecutor.open("local[2]", 1);
    }

    @AfterAll
    static void close() {
        spark.close();
    }

    /**
     * Seeds 0 and 1, and a run following seed 0's norm trajectory (--norm-control its metrics.csv, which the task
     * ships): trained by the local pool, moved away, trained again by Spark in the same folders. Every number but the
     * wall times is the same, summary.json names the baseline's metrics.csv as given, and a line is printed as each
     * run ends: the first while the norm-matched run still trains.
     */
    @Test
    void sameRunFoldersAsTheLocalPool(@TempDir Path dir) throws IOException {
        Path runs = dir.resolve("runs");
        Path seed0 = runs.resolve("seed0");
        List<SweepRun> plan = List.of(
                TinyRuns.run(runs.resolve("norm0"), 90, List.of("--norm-control",
                        seed0.resolve(RunFolder.METRICS).toString()), List.of(seed0)),
                TinyRuns.run(seed0, 90, List.of(), List.of()),
                TinyRuns.run(runs.resolve("seed1"), 90, List.of("--seed", "1"), List.of()));
        List<RunOutcome> local = new LocalRunExecutor(2, 1).execute(plan, new PrintWriter(Writer.nullWriter()));
        assertTrue(local.stream().allMatch(RunOutcome::finished), local.toString());
        Path localRuns = Files.move(runs, dir.resolve("local"));

        TimedLines progress = new TimedLines();
        List<RunOutcome> outcomes = spark.execute(plan, new PrintWriter(progress, true));
        long returned = System.nanoTime();

        assertTrue(outcomes.stream().allMatch(RunOutcome::finished), outcomes.toString());
        assertEquals("norm0", outcomes.get(2).run().name(), "the norm-matched run ends last: it starts after seed 0");
        for (String run : List.of("seed0", "seed1", "norm0")) {
            TinyRuns.assertSameMetrics(localRuns.resolve(run), runs.resolve(run));
            TinyRuns.assertSameSummary(localRuns.resolve(run), runs.resolve(run));
            assertTrue(Files.isRegularFile(runs.resolve(run).resolve(SweepRun.LOG)), "the run's log is sent back");
        }
        assertEquals(Files.readString(localRuns.resolve("norm0").resolve(RunFolder.SUMMARY))
                        .replaceAll("\"(wall_seconds|ms_per_step|entropy_ms_mean)\" : [0-9.E-]+", ""),
                Files.readString(runs.resolve("norm0").resolve(RunFolder.SUMMARY))
                        .replaceAll("\"(wall_seconds|ms_per_step|entropy_ms_mean)\" : [0-9.E-]+", ""),
                "summary.json as the local run wrote it, --norm-control as given included");
        assertEquals(3, progress.lines.size(), progress.lines.toString());
        for (int i = 0; i < 3; i++) {
            assertTrue(progress.lines.get(i).startsWith("[" + (i + 1) + "/3] " + outcomes.get(i).run().name()
                    + ": add mod 97, transformer, seed "), progress.lines.get(i));
        }
        assertTrue(returned - progress.times.get(0) > 2_000_000_000L,
                "the first line is printed as its run ends, not with the others at the end");
    }

    /**
     * A run train refuses (exit code 2), one that requires it (not run), and one that trains: each reported, the
     * failed one's log sent back where its line says.
     */
    @Test
    void aFailedRunIsReportedWhileTheOthersFinish(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad");
        List<SweepRun> runs = List.of(TinyRuns.run(bad, 6, List.of("--modulus", "1"), List.of()),
                TinyRuns.run(dir.resolve("after-bad"), 6, List.of(), List.of(bad)),
                TinyRuns.run(dir.resolve("good"), 6, List.of(), List.of()));
        TimedLines progress = new TimedLines();

        List<RunOutcome> outcomes = spark.execute(runs, new PrintWriter(progress, true));

        Map<String, RunOutcome> byName = outcomes.stream().collect(Collectors.toMap(o -> o.run().name(), o -> o));
        assertEquals(RunOutcome.Status.FAILED, byName.get("bad").status());
        assertEquals("exit code 2", byName.get("bad").reason());
        assertEquals("bad: FAILED (exit code 2), log " + bad.resolve(SweepRun.LOG), byName.get("bad").line());
        assertTrue(Files.readString(bad.resolve(SweepRun.LOG)).contains("--modulus 1: modulus p must be at least 2"),
                "the log says why, on the driver");
        assertFalse(RunFolder.finished(bad));
        assertEquals("after-bad: NOT RUN (needs the finished run in " + bad + ", which did not finish)",
                byName.get("after-bad").line());
        assertFalse(Files.exists(dir.resolve("after-bad")), "a run not run leaves no folder");
        assertTrue(byName.get("good").finished(), byName.get("good").line());
        assertTrue(RunFolder.finished(dir.resolve("good")));
        assertEquals(3, progress.lines.size(), progress.lines.toString());
        assertEquals(List.of(), spark.execute(List.of(), new PrintWriter(progress)));
    }

    /**
     * A job cancelled while its run trains (a sweep stopped): the run fails with the job's reason, and its child JVM
     * is stopped with the task, not left training.
     */
    @Test
    void aCancelledJobFailsItsRunAndStopsItsChild(@TempDir Path dir) throws Exception {
        SweepRun endless = TinyRuns.run(dir.resolve("endless"), 1_000_000, List.of(), List.of());
        CompletableFuture<List<RunOutcome>> outcomes = CompletableFuture.supplyAsync(
                () -> spark.execute(List.of(endless), new PrintWriter(Writer.nullWriter())));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (children().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(1, children().size(), "the run's child JVM started");

        SparkContext.getOrCreate().cancelAllJobs(); // the active context: the runner's

        RunOutcome outcome = outcomes.get(60, TimeUnit.SECONDS).get(0);
        assertEquals(RunOutcome.Status.FAILED, outcome.status());
        assertTrue(outcome.reason().startsWith("its Spark job failed: Job ")
                && outcome.reason().contains("cancelled"), outcome.reason());
        while (!children().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), children(), "the child JVM is stopped with its task");
        assertEquals(List.of(), endlessScratchFolders(), "the task's scratch folder is deleted once its child ended");
    }

    /** Scratch folders of tasks ({@code grokwatch-run-*} in the temporary folder) that trained the endless run. */
    private static List<Path> endlessScratchFolders() throws IOException {
        try (Stream<Path> folders = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return folders.filter(f -> f.getFileName().toString().startsWith("grokwatch-run-")).filter(f -> {
                try {
                    return Files.readString(f.resolve(RunTask.FOLDER).resolve(SweepRun.LOG))
                            .contains("up to 1,000,000 steps");
                } catch (IOException gone) {
                    return false;
                }
            }).toList();
        }
    }

    /** This JVM's live child processes: in local mode, the runs' JVMs and nothing else. */
    private static List<ProcessHandle> children() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    }

    /** Lines written, each with the time its end arrived. */
    private static final class TimedLines extends Writer {
        final List<String> lines = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        private final StringBuilder line = new StringBuilder();

        @Override
        public void write(char[] chars, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (chars[i] == '\n') {
                    lines.add(line.toString());
                    times.add(System.nanoTime());
                    line.setLength(0);
                } else {
                    line.append(chars[i]);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
