package dev.grokwatch.spark;

import dev.grokwatch.examples.GrokwatchCli;
import dev.grokwatch.examples.run.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sweep --master} and {@code reproduce --master} with the Spark runner on the classpath, as in its jar. */
class SparkCommandsTest {

    private static final String[] TINY = {"--seeds", "0-1", "--steps", "6", "--eval-every", "2", "--batch", "64",
            "--probe-size", "130"};

    private record Run(int code, String out, String err) {
    }

    private static Run grokwatch(String... args) {
        CommandLine cli = GrokwatchCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String[] sweep(Path out, String... more) {
        return Stream.of(new String[]{"sweep", "--out", out.toString()}, TINY, more).flatMap(Stream::of)
                .toArray(String[]::new);
    }

    /**
     * The same sweep locally and with {@code --master} (no URL: local[*]) into the same folder: the same runs and
     * sweep.csv but for wall times. Started again, the Spark sweep skips both finished runs.
     */
    @Test
    void sweepOnSparkMatchesTheLocalSweepAndResumes(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("sweep");
        Run local = grokwatch(sweep(out, "--jobs", "2"));
        assertEquals(0, local.code(), local.out() + local.err());
        Path localOut = Files.move(out, dir.resolve("local"));

        Run spark = grokwatch(sweep(out, "--master"));

        assertEquals(0, spark.code(), spark.out() + spark.err());
        assertTrue(spark.out().startsWith("grokwatch sweep: 2 runs (0 already finished, skipped), 2 to train, "
                + Runtime.getRuntime().availableProcessors() + " at a time on Spark local[*], 1 native thread"),
                spark.out());
        List<String> runs = List.of("add97-transformer-seed0-batch64-eval2-probe130",
                "add97-transformer-seed1-batch64-eval2-probe130");
        for (String run : runs) {
            TinyRuns.assertSameMetrics(localOut.resolve(run), out.resolve(run));
            TinyRuns.assertSameSummary(localOut.resolve(run), out.resolve(run));
        }
        assertEquals(withoutTimes(localOut.resolve("sweep.csv")), withoutTimes(out.resolve("sweep.csv")));

        String summary = Files.readString(out.resolve(runs.get(0)).resolve(RunFolder.SUMMARY));
        Run again = grokwatch(sweep(out, "--master", "local[2]"));
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().startsWith("grokwatch sweep: 2 runs (2 already finished, skipped), 0 to train, "
                + "2 at a time on Spark local[2]"), again.out());
        assertEquals(summary, Files.readString(out.resolve(runs.get(0)).resolve(RunFolder.SUMMARY)));
    }

    /** A master Spark cannot use: a usage error naming it, before the first line and before any folder. */
    @Test
    void aBadMasterIsRefusedBeforeTraining(@TempDir Path dir) throws IOException {
        for (String command : List.of("sweep", "reproduce")) {
            Path out = dir.resolve(command);
            Run run = command.equals("sweep") ? grokwatch(sweep(out, "--master", "mesos-like://nowhere"))
                    : grokwatch("reproduce", "--master", "mesos-like://nowhere", "--experiments", "E1", "--out",
                    out.toString());
            assertEquals(2, run.code(), run.out() + run.err());
            assertTrue(run.err().startsWith("--master mesos-like://nowhere: Spark cannot start on it (Could not parse "
                    + "Master URL: 'mesos-like://nowhere'); expected local[*], local[N], spark://HOST:PORT, or yarn or "
                    + "k8s://... under spark-submit"), run.err());
            assertEquals("", run.out());
            assertTrue(Files.notExists(out), command + " wrote nothing");
        }
    }

    /**
     * Started with plain {@code java -cp}, without the flags that open Java's packages to Spark (the jar's manifest
     * carries them for {@code java -jar}): refused with the way to start it, before any run.
     */
    @Test
    void aJvmWithoutSparksFlagsIsToldHowToStart(@TempDir Path dir) throws Exception {
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GrokwatchCli.class.getName(),
                "sweep", "--master", "local[1]", "--out", dir.resolve("sweep").toString(), "--seeds", "0", "--steps", "2",
                "--eval-every", "2").redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(2, java.waitFor(), output);
        assertTrue(output.contains("--master local[1]: Spark cannot start in this JVM (class org.apache.spark."),
                output);
        assertTrue(output.contains("expected java -jar grokwatch-spark.jar (its manifest opens Java's packages to "
                + "Spark), spark-submit, or java with Spark's --add-opens flags (README, \"Sweeps on Apache Spark\")"),
                output);
        assertTrue(Files.notExists(dir.resolve("sweep")));
    }

    /** sweep.csv with its timing columns left out. */
    private static List<String> withoutTimes(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        return lines.stream().map(line -> {
            String[] cells = line.split(",", -1);
            StringBuilder kept = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                if (!TinyRuns.TIMES.contains(header.get(i))) {
                    kept.append(cells[i]).append(',');
                }
            }
            return kept.toString();
        }).toList();
    }
}
