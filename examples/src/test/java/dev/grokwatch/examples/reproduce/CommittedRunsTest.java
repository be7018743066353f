package dev.grokwatch.examples.reproduce;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The analysis of the ten committed baseline runs (docs/runs/add97-transformer-seeds0-9) as runs/baseline. */
class CommittedRunsTest {

    private static final Path SEEDS = Path.of("..", "docs", "runs", "add97-transformer-seeds0-9");

    @TempDir
    static Path out;
    private static ReproductionResult result;

    @BeforeAll
    static void analyse() throws IOException {
        Path baseline = out.resolve("runs").resolve(RunGroup.BASELINE.folder());
        try (Stream<Path> runs = Files.list(SEEDS)) {
            for (Path run : runs.filter(Files::isDirectory).toList()) {
                Path copy = Files.createDirectories(baseline.resolve(run.getFileName()));
                for (String file : new String[]{"metrics.csv", "summary.json"}) {
                    Files.copy(run.resolve(file), copy.resolve(file));
                }
            }
        }
        result = ReproductionAnalysis.analyse(out.resolve("runs"), EnumSet.allOf(Experiment.class));
        ReproductionReportWriter.write(result, out.resolve("report"));
        System.out.println(Files.readString(out.resolve("report").resolve("REPORT.md")));
    }

    @Test
    void tenOfTenGrokked() {
        assertEquals("10/10", result.claim("E1.1").ours().text());
    }
}
