package dev.grokwatch.examples.cli;

import dev.grokwatch.examples.GrokwatchCli;
import dev.grokwatch.examples.run.NativeThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --threads} of the commands that train (train, bench, sweep, reproduce): stated in the help, parsed, checked
 * before anything runs, and in effect on the thread that trains.
 */
class ThreadsOptionTest {

    /** The command's --threads choice with {@code environment} as the process environment. */
    private static NativeThreads.Choice choice(Map<String, String> environment, String... args) {
        CommandLine.ParseResult parsed = GrokwatchCli.commandLine().parseArgs(args);
        CommandLine.Model.CommandSpec command = parsed.subcommand().commandSpec();
        ThreadsOption threads = (ThreadsOption) command.mixins().get("threads").userObject();
        return threads.choose(environment);
    }

    @AfterEach
    void restoreOneThread() {
        NativeThreads.apply(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "bench", "sweep", "reproduce"})
    void helpStatesTheDefault(String command) {
        CliRun help = CliRun.of(command, "--help");
        assertEquals(0, help.code());
        String text = help.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("--threads=N Native threads ND4J computes with (OpenMP and OpenBLAS). Default: "
                + "OMP_NUM_THREADS when it is set, else 1"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "bench", "sweep", "reproduce"})
    void eachCommandReadsTheOptionThenTheVariableThenTheDefault(String command) {
        assertEquals(new NativeThreads.Choice(2, "--threads"),
                choice(Map.of("OMP_NUM_THREADS", "3"), command, "--threads", "2"));
        assertEquals(new NativeThreads.Choice(3, "OMP_NUM_THREADS"), choice(Map.of("OMP_NUM_THREADS", "3"), command));
        assertEquals(new NativeThreads.Choice(1, "default"), choice(Map.of(), command));
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> choice(Map.of("OMP_NUM_THREADS", "two"), command));
        assertTrue(e.getMessage().startsWith("OMP_NUM_THREADS is 'two'"), e.getMessage());
    }

    /** A bad count is a usage error (exit code 2) that names the option, before any output is written. */
    @ParameterizedTest
    @ValueSource(strings = {"train", "bench", "sweep", "reproduce"})
    void refusesZeroThreadsBeforeRunning(String command, @TempDir Path dir) {
        Path out = dir.resolve("out");
        CliRun result = CliRun.of(command, "--threads", "0", "--out", out.toString());
        assertEquals(2, result.code(), result.out() + result.err());
        assertTrue(result.err().startsWith("--threads is 0; expected at least 1"), result.err());
        assertFalse(Files.exists(out), "nothing was written");
    }

    @Test
    void refusesAWordForACount() {
        CliRun result = CliRun.of("train", "--threads", "two");
        assertEquals(2, result.code());
        assertTrue(result.err().contains("--threads") && result.err().contains("'two'"), result.err());
    }

    @Test
    void trainComputesWithTheCountAskedForAndSaysSo(@TempDir Path dir) {
        CliRun result = CliRun.of("train", "--out", dir.toString(), "--threads", "2", "--modulus", "23",
                "--train-fraction", "0.5", "--batch", "32", "--steps", "2", "--eval-every", "2", "--probe-size", "200",
                "--stop", "none");
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().lines().findFirst().orElseThrow().endsWith("; 2 native threads (--threads)"),
                result.out());
        // read back on this thread, which ran the training
        NativeThreads.Applied applied = NativeThreads.Applied.read();
        assertEquals(2, applied.openMp());
        assertEquals(2, applied.blas());
    }

    @Test
    void trainWithoutTheOptionTakesTheVariable(@TempDir Path dir) {
        NativeThreads.apply(2); // so that the run's own setting shows
        CliRun result = CliRun.of("train", "--out", dir.toString(), "--modulus", "23", "--train-fraction", "0.5",
                "--batch", "32", "--steps", "2", "--eval-every", "2", "--probe-size", "200", "--stop", "none");
        assertEquals(0, result.code(), result.err());
        // surefire runs the tests with OMP_NUM_THREADS=1
        assertEquals("1", System.getenv("OMP_NUM_THREADS"));
        assertTrue(result.out().lines().findFirst().orElseThrow().endsWith("; 1 native thread (OMP_NUM_THREADS)"),
                result.out());
        assertEquals(new NativeThreads.Applied(1, 1, 1), NativeThreads.Applied.read());
    }

    @Test
    void benchRecordsTheCountItRanWith(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("bench.json");
        CliRun result = CliRun.of("bench", "--threads", "2", "--warmup", "0", "--steps", "1", "--repeats", "1",
                "--out", json.toString());
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().startsWith("grokwatch bench: timing with 2 native threads (--threads)..."),
                result.out());
        assertTrue(result.out().contains("2 native thread(s)"), result.out());
        assertEquals(2, new ObjectMapper().readTree(json.toFile()).get("setting").get("threads").asInt());
    }
}
