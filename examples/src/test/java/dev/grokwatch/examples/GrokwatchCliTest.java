package dev.grokwatch.examples;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the command line ends on a failure a command describes, against one it does not (a bug). */
class GrokwatchCliTest {

    @Command(name = "fails")
    static final class Fails implements Callable<Integer> {
        private final RuntimeException failure;

        Fails(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() {
            throw failure;
        }
    }

    private static String[] run(RuntimeException failure) {
        CommandLine cli = GrokwatchCli.commandLine();
        cli.addSubcommand("fails", new Fails(failure));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("fails");
        return new String[]{Integer.toString(code), err.toString()};
    }

    @Test
    void aDescribedFailureIsItsMessageWithExitCode1() {
        for (RuntimeException failure : new RuntimeException[]{
                new IllegalStateException("training interrupted; finished runs are kept"),
                new UncheckedIOException("Could not write x", new NoSuchFileException("x"))}) {
            String[] outcome = run(failure);
            assertEquals("1", outcome[0]);
            assertEquals("grokwatch fails: " + failure.getMessage() + System.lineSeparator(), outcome[1]);
        }
    }

    @Test
    void aBugKeepsItsStackTrace() {
        String[] outcome = run(new NullPointerException("a bug"));
        assertEquals("1", outcome[0]);
        assertTrue(outcome[1].contains("java.lang.NullPointerException: a bug") && outcome[1].contains("\tat "),
                outcome[1]);
        assertFalse(outcome[1].startsWith("grokwatch fails:"), outcome[1]);
    }
}
