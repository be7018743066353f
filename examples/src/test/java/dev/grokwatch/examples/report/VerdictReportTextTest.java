package dev.grokwatch.examples.report;

import dev.grokwatch.entropy.verdict.VerdictReport;
import dev.grokwatch.entropy.verdict.VerdictRule;
import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunSummary;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdicts on the committed runs (docs/runs): ten seeds of the default setting that grokked, three without
 * weight decay and three with 10% of the pairs that did not in 20,000 steps, read at the H̃* they ran with (0.61).
 */
class VerdictReportTextTest {

    private static final Path RUNS = Path.of("..", "docs", "runs");
    private static final List<String> SETS = List.of("add97-transformer-seeds0-9", "add97-transformer-wd0",
            "add97-transformer-frac0.1");
    private static final List<String> NEGATIVE_SEEDS = List.of("add97-transformer-seed0", "add97-transformer-seed1",
            "add97-transformer-seed2");

    private static List<Path> paths() {
        List<Path> paths = new ArrayList<>();
        for (String set : SETS) {
            RunFolder.childrenWith(RUNS.resolve(set), RunFolder.METRICS).stream()
                    .filter(f -> set.endsWith("seeds0-9") || NEGATIVE_SEEDS.contains(f.getFileName().toString()))
                    .forEach(paths::add);
        }
        assertEquals(16, paths.size());
        return paths;
    }

    private static List<RunFolder> folders() {
        return paths().stream().map(RunFolder::read).toList();
    }

    private static VerdictReport report() {
        return VerdictReport.evaluate(AsCalibrateNamesThem.runs(paths()), true, 0.61);
    }

    /**
     * The longest waits agree with what the runs' own summaries recorded live: collapse onset and H̃* crossing
     * minus the memorisation step, longest for seed 9 (onset 7,200, crossing 8,400, memorised at 800).
     */
    @Test
    void theLongestWaitsAreThoseTheRunsRecordedThemselves() {
        List<RunSummary> grokked = folders().stream().map(RunFolder::summary).filter(s -> s.grokStep() != null).toList();
        assertEquals(10, grokked.size());
        long onset = grokked.stream().mapToLong(s -> s.collapseOnsetStep() - s.memorisedStep()).max().orElseThrow();
        long crossing = grokked.stream().mapToLong(s -> s.thresholdCrossStep() - s.memorisedStep()).max().orElseThrow();
        assertEquals(6_400, onset);
        assertEquals(7_600, crossing);
        VerdictReport report = report();
        assertEquals(onset, report.horizon(VerdictRule.NO_COLLAPSE).orElseThrow().longestWait());
        assertEquals(crossing, report.horizon(VerdictRule.NO_CROSSING).orElseThrow().longestWait());
        assertEquals(8_000, report.horizon(VerdictRule.NO_COLLAPSE).orElseThrow().horizon());
    }

    /**
     * The default no-collapse verdict stops only the three runs with 10% of the pairs (no onset; memorised at 400,
     * stopped at 10,400: 3 × 9,600 = 28,800 steps saved); the no-crossing verdict at 9,500 stops all six, those
     * at 10,000 (memorised at 400) and those without weight decay at 10,200 (memorised at 600): 59,400 steps.
     */
    @Test
    void theCommittedRunsGiveTheVerdictTable() throws IOException {
        String text = VerdictReportText.format(report(), "the runs' own");
        assertTrue(text.contains("\nno_collapse                         10000 default         3/6      1.00    0.50"
                + "       28800        4800         0\n"), text);
        assertTrue(text.contains("\nno_crossing                          9500 calibrated      6/6      1.00    1.00"
                + "       59400        9900         0\n"), text);
        assertEquals(expected("verdicts-add97-seeds0-9-wd0-frac0.1.txt"), text);
    }

    private static String expected(String name) throws IOException {
        try (InputStream in = VerdictReportTextTest.class.getResourceAsStream(name)) {
            assertTrue(in != null, name + " is missing from the test resources");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
