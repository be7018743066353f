package dev.grokwatch.examples.sweep;

import dev.grokwatch.examples.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --master} in the command line's own jar, which holds no {@link RunExecutorProvider}: refused before anything
 * trains, naming the Spark runner's jar; without a URL it means {@code local[*]}.
 */
class MasterOptionTest {

    @Test
    void thisClasspathHasNoProvider() {
        assertFalse(ServiceLoader.load(RunExecutorProvider.class).iterator().hasNext(),
                "the examples module must not see a cluster runner");
    }

    @Test
    void sweepWithMasterNamesTheSparkJar(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.command("sweep", "--master", "spark://127.0.0.1:7077", "--seeds", "0", "--steps", "2",
                "--eval-every", "2", "--out", dir.toString());
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().startsWith("--master spark://127.0.0.1:7077: this jar trains on this machine only; "
                + "expected the Spark runner, e.g. java -jar grokwatch-spark/target/grokwatch-spark.jar sweep --master "
                + "spark://127.0.0.1:7077 ..."), run.err());
        assertEquals("", run.out(), "refused before the sweep's first line");
        assertNothingIn(dir);
    }

    /** {@code --master} followed by another option: picocli's fallback value, local[*]. */
    @Test
    void masterWithoutUrlIsLocalStar(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.command("reproduce", "--master", "--experiments", "E1", "--out", dir.toString());
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().startsWith("--master local[*]: this jar trains on this machine only; expected the Spark "
                + "runner, e.g. java -jar grokwatch-spark/target/grokwatch-spark.jar reproduce --master local[*] ..."),
                run.err());
        assertNothingIn(dir);
    }

    @Test
    void jobsAndMasterAreRefusedTogether(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.command("sweep", "--master", "local[2]", "--jobs", "2", "--seeds", "0", "--out",
                dir.toString());
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().startsWith("--jobs 2 with --master local[2]: a cluster trains as many runs at a time as "
                + "it has task slots; expected one of the two"), run.err());
        assertNothingIn(dir);
    }

    private static void assertNothingIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing is trained or written");
        }
    }
}
