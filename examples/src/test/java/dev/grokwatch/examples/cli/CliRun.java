package dev.grokwatch.examples.cli;

import dev.grokwatch.examples.GrokwatchCli;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;

/** One run of the grokwatch command line in this JVM: its exit code and both output streams. */
public record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        CommandLine cli = GrokwatchCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** {@code command args...}, e.g. {@code command("plot", "--out", ...)}. */
    public static CliRun command(String command, String... args) {
        return of(Stream.concat(Stream.of(command), Stream.of(args)).toArray(String[]::new));
    }
}
