package dev.grokwatch.examples.sweep;

import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.SyntheticRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The executor sweep and reproduce share: failures not fatal, runs held back by what they require. */
class LocalRunExecutorTest {

    private static final List<String> TINY = List.of("--steps", "4", "--eval-every", "2", "--batch", "64",
            "--probe-size", "130");

    private static SweepRun tiny(Path folder, List<String> extra, List<Path> requires) {
        List<String> args = new ArrayList<>(List.of("--seed", "0"));
        args.addAll(TINY);
        args.addAll(extra);
        args.addAll(List.of("--out", folder.toString()));
        return new SweepRun(folder.getFileName().toString(), folder, args, requires);
    }

    private static Map<String, RunOutcome.Status> statuses(List<RunOutcome> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(o -> o.run().name(), RunOutcome::status));
    }

    /**
     * a fails after training (a folder is in the way of its metrics.csv); b requires a and is not run; c trains;
     * d follows c's norm trajectory, which train reads when it starts, so d only finishes if it started after c.
     */
    @Test
    void failuresAreReportedAndRequiredRunsComeFirst(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a");
        Files.createDirectories(a.resolve(RunFolder.METRICS));
        Path b = dir.resolve("b");
        Path c = dir.resolve("c");
        Path d = dir.resolve("d");
        List<SweepRun> runs = List.of(tiny(d, List.of("--norm-control", c.resolve(RunFolder.METRICS).toString()),
                        List.of(c)), tiny(a, List.of(), List.of()), tiny(b, List.of(), List.of(a)),
                tiny(c, List.of(), List.of()));
        StringWriter progress = new StringWriter();

        List<RunOutcome> outcomes = new LocalRunExecutor(2, 1).execute(runs, new PrintWriter(progress));

        assertEquals(Map.of("a", RunOutcome.Status.FAILED, "b", RunOutcome.Status.NOT_RUN,
                "c", RunOutcome.Status.FINISHED, "d", RunOutcome.Status.FINISHED), statuses(outcomes));
        List<String> lines = progress.toString().lines().toList();
        assertEquals(4, lines.size(), progress.toString());
        List<String> order = outcomes.stream().map(o -> o.run().name()).toList();
        assertTrue(order.indexOf("c") < order.indexOf("d") && order.indexOf("a") < order.indexOf("b"),
                order.toString());
        for (int i = 0; i < 4; i++) {
            assertTrue(lines.get(i).startsWith("[" + (i + 1) + "/4] " + order.get(i) + ": "), lines.get(i));
        }
        RunOutcome failed = outcomes.get(order.indexOf("a"));
        assertEquals("exit code 1", failed.reason());
        assertTrue(failed.line().endsWith(": FAILED (exit code 1), log " + a.resolve(SweepRun.LOG)), failed.line());
        assertEquals("b: NOT RUN (needs the finished run in " + a + ", which did not finish)",
                outcomes.get(order.indexOf("b")).line());
        assertFalse(Files.exists(b), "a run not run leaves no folder");
        assertTrue(outcomes.get(order.indexOf("d")).line().matches("d: add mod 97, transformer, seed 0: not grokked "
                + "\\(4 steps, \\d+ s\\)"), outcomes.get(order.indexOf("d")).line());
        assertTrue(RunFolder.finished(d));
    }

    /** Requirements decided without training: met by a finished folder, never met, or in a circle. */
    @Test
    void requirementsMetMissingOrCircular(@TempDir Path dir) throws IOException {
        Path finished = SyntheticRuns.write(dir.resolve("finished"), 0, 2_000, 3_000L, 4_000);
        Path unstartable = dir.resolve("unstartable");
        Files.createDirectories(unstartable.resolve(SweepRun.LOG)); // the child's log cannot be opened
        List<SweepRun> runs = List.of(
                tiny(unstartable, List.of(), List.of(finished)),
                tiny(dir.resolve("orphan"), List.of(), List.of(dir.resolve("never-planned"))),
                tiny(dir.resolve("e"), List.of(), List.of(dir.resolve("f"))),
                tiny(dir.resolve("f"), List.of(), List.of(dir.resolve("e"))));
        StringWriter progress = new StringWriter();

        List<RunOutcome> outcomes = new LocalRunExecutor(1, 1).execute(runs, new PrintWriter(progress));

        assertEquals(Map.of("unstartable", RunOutcome.Status.FAILED, "orphan", RunOutcome.Status.NOT_RUN,
                "e", RunOutcome.Status.NOT_RUN, "f", RunOutcome.Status.NOT_RUN), statuses(outcomes));
        RunOutcome started = outcomes.stream().filter(o -> o.run().name().equals("unstartable")).findFirst()
                .orElseThrow();
        assertTrue(started.reason().startsWith("could not start its JVM: Cannot run program "), started.reason());
        assertFalse(started.line().contains(", log "), "no log to point at: " + started.line());
        assertTrue(progress.toString().contains("orphan: NOT RUN (needs the finished run in "
                + dir.resolve("never-planned") + ", which did not finish)"), progress.toString());
        assertEquals(4, progress.toString().lines().count());
        assertEquals(List.of(), new LocalRunExecutor(1, 1).execute(List.of(), new PrintWriter(progress)));
    }

    @Test
    void parallelismIsJobsOrCoresPerRun() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(Math.max(1, cores / 2), LocalRunExecutor.parallelism(null, 2));
        assertEquals(Math.max(1, cores), LocalRunExecutor.parallelism(null, 1));
        assertEquals(1, LocalRunExecutor.parallelism(null, cores + 1));
        assertEquals(3, LocalRunExecutor.parallelism(3, 4));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> LocalRunExecutor.parallelism(0, 1));
        assertEquals("--jobs is 0; expected at least 1 (this machine has " + cores + " cores)", zero.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new LocalRunExecutor(0, 1));
        assertTrue(bad.getMessage().contains("expected at least 1"), bad.getMessage());
    }
}
