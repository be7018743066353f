package dev.grokwatch.spark;

import dev.grokwatch.examples.sweep.SweepRun;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A context Spark stopped under the runner (what it does when no master answers, after about a minute of
 * retries): the sweep ends with one message naming the master and saying what is kept, not Spark's own
 * "Cannot call methods on a stopped SparkContext", and nothing is trained.
 */
class SparkStoppedTest {

    /** spark-submit's --master (a system property) and the command's disagree: refused before Spark starts. */
    @Test
    void refusesTwoMasters() {
        System.setProperty("spark.master", "yarn");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SparkRunExecutor.open("local[*]", 1));
            assertTrue(e.getMessage().startsWith("--master local[*] but spark-submit --master yarn: expected one"
                    + " master"), e.getMessage());
        } finally {
            System.clearProperty("spark.master");
        }
    }

    @Test
    void aStoppedContextEndsTheSweepWithAMessageNamingTheMaster(@TempDir Path dir) {
        SparkRunExecutor spark = SparkRunExecutor.open("local[1]", 1);
        try {
            SparkContext.getOrCreate().stop();
            SweepRun run = TinyRuns.run(dir.resolve("seed0"), 30, List.of(), List.of());

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> spark.execute(List.of(run), new PrintWriter(Writer.nullWriter())));

            assertTrue(e.getMessage().startsWith("Spark stopped before every run was trained (--master local[1]"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("finished runs are kept"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("seed0").resolve("metrics.csv")), "nothing trained");
        } finally {
            spark.close();
        }
    }
}
