package dev.grokwatch.examples.reproduce;

import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.models.Initialisation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analysis of the ten committed baseline runs (docs/runs/add97-transformer-seeds0-9, the sweep's sweep.csv beside
 * them) copied into runs/baseline, read as the paper profile's plan; the report is left in
 * target/committed-runs-report to look at. And the committed reproduction (docs/reproduction) read as its plan.
 */
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
                for (String file : new String[]{RunFolder.METRICS, RunFolder.SUMMARY}) {
                    Files.copy(run.resolve(file), copy.resolve(file));
                }
            }
        }
        result = ReproductionAnalysis.analyse(ReproductionPlan.of(Profile.PAPER, Initialisation.DEFAULT,
                EnumSet.allOf(Experiment.class), out));
        ReproductionReportWriter.write(result, Path.of("target", "committed-runs-report"));
    }

    private static Claim claim(String id) {
        return result.claim(id);
    }

    /**
     * Every run committed under docs/reproduction is a run of its group's setting under the paper profile's plan
     * (the summaries of seeds 0-2 of mix and norm-matched, written before train recorded mix and norm_control, carry
     * them from the plan's file): none missing, none unreadable, none of another setting.
     */
    @Test
    void everyCommittedReproductionRunIsReadAsItsGroups() throws IOException {
        ReproductionPlan paper = ReproductionPlan.of(Profile.PAPER, Initialisation.DEFAULT,
                EnumSet.allOf(Experiment.class), Path.of("..", "docs", "reproduction"));
        ReproductionResult committed = ReproductionAnalysis.analyse(paper);
        assertEquals(List.of(), committed.lacking());
        for (GroupSummary group : committed.groups()) {
            assertEquals(List.of(), group.otherSetting(), group.group());
            assertEquals(group.planned(), group.finished(), group.group());
        }
        assertEquals(54, committed.groups().stream().mapToInt(GroupSummary::finished).sum());

        // the committed report and the README's account of it give the verdicts this analysis gives
        long[] counts = Arrays.stream(Verdict.values()).mapToLong(v -> committed.claims().stream()
                .filter(c -> c.verdict() == v).count()).toArray();
        int claims = committed.claims().size();
        String report = Files.readString(Path.of("..", "docs", "reproduction", ReproductionReportWriter.REPORT));
        assertTrue(report.contains(String.format(Locale.ROOT, "Of %d claims: **%d reproduced, %d not reproduced, %d"
                + " inconclusive**.", claims, counts[0], counts[1], counts[2])), "REPORT.md is not this analysis'");
        String readme = Files.readString(Path.of("..", "README.md")).replaceAll("\\s+", " ");
        assertTrue(readme.contains(String.format(Locale.ROOT, "Of its %d claims, %d are reproduced, %d not and %d %s"
                + " inconclusive", claims, counts[0], counts[1], counts[2], counts[2] == 1 ? "is" : "are")),
                "the README's headline counts are not REPORT.md's");
    }

    @Test
    void e1TenOfTenGrokAtTheSweepsMean() {
        assertEquals(Verdict.REPRODUCED, claim("E1.1").verdict());
        assertEquals("10/10", claim("E1.1").ours().text());
        // sweep.csv: 8,000 6,800 7,200 7,000 7,400 4,000 7,200 4,600 3,400 9,800
        assertEquals(6_540, claim("E1.2").ours().value(), 1e-9);
        assertEquals(Verdict.NOT_REPRODUCED, claim("E1.2").verdict(), "today's initialisation groks faster");
        assertEquals(Verdict.REPRODUCED, claim("E1.4").verdict());
        assertEquals(Verdict.REPRODUCED, claim("E1.6").verdict());
    }

    @Test
    void e2EveryCrossingComesBeforeGrokkingButAfterTheFirstRise() {
        assertEquals(Verdict.REPRODUCED, claim("E2.1").verdict());
        // sweep.csv's lead_steps: 1,000 1,000 400 1,400 1,600 600 1,600 2,000 800 1,400
        assertEquals(1_180, claim("E2.2").ours().value(), 1e-9);
        assertEquals(Verdict.REPRODUCED, claim("E2.2").verdict(), claim("E2.2").reason());
        // H̃ at grokking is the runs' final_entropy (they stopped at grokking); its mean is 0.4618
        assertEquals(0.4618, claim("E2.3").ours().value(), 5e-4);
        assertEquals(Verdict.NOT_REPRODUCED, claim("E2.3").verdict());
        assertEquals("0/10", claim("E2.4").ours().text());
        assertTrue(result.experiment(Experiment.E2).notes().get(0).contains("announces the end of grokking (0.99)"),
                result.experiment(Experiment.E2).notes().get(0));
    }

    @Test
    void e5NormAndEntropyAreStronglyPositivelyCorrelatedHere() throws IOException {
        List<double[]> pairs = new ArrayList<>();
        try (Stream<Path> runs = Files.list(SEEDS)) {
            for (Path run : runs.filter(Files::isDirectory).toList()) {
                for (MetricsCsv.Row row : MetricsCsv.rows(run.resolve(RunFolder.METRICS), MetricsCsv.Column.PARAM_NORM,
                        MetricsCsv.Column.ENTROPY)) {
                    pairs.add(new double[]{row.number(MetricsCsv.Column.PARAM_NORM),
                            row.number(MetricsCsv.Column.ENTROPY)});
                }
            }
        }
        Claim r = claim("E5.1");
        assertEquals(ReproductionAnalysisTest.pearsonByFormula(pairs), r.ours().value(), 1e-12);
        assertTrue(r.ours().value() > 0.5, r.ours().text());
        assertEquals(Verdict.NOT_REPRODUCED, r.verdict());
        assertEquals(Verdict.REPRODUCED, claim("E5.2").verdict(), "the H̃ gap explains more than the norm");
    }

    @Test
    void e6PowerLawAndItsForecasts() {
        Estimate gamma = claim("E6.1").ours();
        assertEquals(10, gamma.n());
        assertTrue(gamma.low() < gamma.value() && gamma.value() < gamma.high() && gamma.value() > 0, gamma.text());
        Estimate r2 = claim("E6.2").ours();
        assertTrue(r2.value() > 0.2 && r2.value() < 0.6, r2.text());
        Estimate mape = claim("E6.3").ours();
        assertEquals(10, mape.n(), "a forecast 2,000 steps ahead of every held-out run");
        assertTrue(mape.value() > 4.1, mape.text());
        for (String id : List.of("E1.1", "E1.2", "E1.3", "E1.4", "E1.5", "E1.6", "E2.1", "E2.2", "E2.3", "E2.4",
                "E5.1", "E5.2", "E5.3", "E6.1", "E6.2", "E6.3", "D.1", "D.2")) {
            assertTrue(claim(id).verdict() != Verdict.INCONCLUSIVE, id + ": " + claim(id).reason());
        }
        // 26.6% against the survival mean's 28.6% on the same ten runs: the paired difference does not separate them
        Claim beats = claim("E6.5");
        assertEquals(Verdict.INCONCLUSIVE, beats.verdict(), beats.reason());
        assertEquals(10, beats.ours().n());
        assertTrue(beats.ours().low() < 0 && beats.ours().high() > 0, beats.ours().text());
    }
}
