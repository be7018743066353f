package dev.grokwatch.examples.sweep;

import dev.grokwatch.examples.run.SyntheticRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The start order every executor shares, decided without training: list order, slots, requirements. */
class RunScheduleTest {

    private static SweepRun run(Path folder, Path... requires) {
        return new SweepRun(folder.getFileName().toString(), folder, List.of("--out", folder.toString()),
                List.of(requires));
    }

    private static List<String> names(List<SweepRun> runs) {
        return runs.stream().map(SweepRun::name).toList();
    }

    /**
     * a and b need nothing, c requires a, d requires a folder already finished, e one nobody writes: with two slots
     * a and b start (e ends as not run on the way), d waits for a slot, c for a.
     */
    @Test
    void startsInListOrderAsSlotsAndRequirementsAllow(@TempDir Path dir) throws IOException {
        Path finished = SyntheticRuns.write(dir.resolve("finished"), 0, 2_000, 3_000L, 4_000);
        Path a = dir.resolve("a");
        StringWriter progress = new StringWriter();
        RunSchedule schedule = new RunSchedule(List.of(run(a), run(dir.resolve("c"), a), run(dir.resolve("b")),
                run(dir.resolve("d"), finished), run(dir.resolve("e"), dir.resolve("nobody"))),
                new PrintWriter(progress));

        assertEquals(List.of("a", "b"), names(schedule.start(2)));
        assertEquals("[1/5] e: NOT RUN (needs the finished run in " + dir.resolve("nobody") + ", which did not "
                + "finish)\n", progress.toString());
        assertEquals(List.of(), schedule.start(2), "both slots taken");

        schedule.end(RunOutcome.failed(run(dir.resolve("b")), "exit code 1"));
        assertEquals(List.of("d"), names(schedule.start(2)), "c still waits for a");
        schedule.end(RunOutcome.failed(run(a), "exit code 1"));
        assertEquals(List.of(), schedule.start(2), "a failed: c can never start");
        assertTrue(progress.toString().endsWith("[4/5] c: NOT RUN (needs the finished run in " + a + ", which did not "
                + "finish)\n"), progress.toString());
        assertFalse(schedule.done());
        schedule.end(RunOutcome.failed(run(dir.resolve("d"), finished), "exit code 1"));
        assertTrue(schedule.done());
        assertEquals(List.of("e", "b", "a", "c", "d"),
                schedule.outcomes().stream().map(o -> o.run().name()).toList());
    }

    /** Runs that require each other never start; ending a run that is not running is a caller's error. */
    @Test
    void circlesEndAsNotRunAndUnknownEndsAreRefused(@TempDir Path dir) {
        Path e = dir.resolve("e");
        Path f = dir.resolve("f");
        StringWriter progress = new StringWriter();
        RunSchedule schedule = new RunSchedule(List.of(run(e, f), run(f, e)), new PrintWriter(progress));

        assertEquals(List.of(), schedule.start(Integer.MAX_VALUE));
        assertTrue(schedule.done());
        assertEquals("[1/2] e: NOT RUN (needs the finished run in " + f + ", which did not finish)\n"
                + "[2/2] f: NOT RUN (needs the finished run in " + e + ", which did not finish)\n", progress.toString());
        IllegalArgumentException stray = assertThrows(IllegalArgumentException.class,
                () -> schedule.end(RunOutcome.failed(run(e), "exit code 1")));
        assertEquals("e ended but was not running; expected one of []", stray.getMessage());
    }
}
