package dev.grokwatch.examples.reproduce;

import dev.grokwatch.models.Initialisation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** REPORT.md, report.json and the figures of a reproduction with a baseline, mixing and an MLP; no other group. */
class ReproductionReportWriterTest {

    @TempDir
    static Path root;
    private static Path runs;
    private static String report;

    @BeforeAll
    static void write() throws IOException {
        runs = root.resolve("runs");
        for (int s = 0; s < 3; s++) {
            SyntheticRun.grokking(s, 4_000 + 1_000 * s, 400 + 200 * s).testProbe(0.01 * (s - 1))
                    .write(runs.resolve("baseline"), "add97-transformer-seed" + s);
            SyntheticRun.grokking(s, 4_600 + 1_000 * s, 400).write(runs.resolve("mix"), "add97-transformer-seed" + s
                    + "-mix0.3");
        }
        SyntheticRun.notGrokking(0, 6_000).model("mlp").memorisedAt(400).declineFrom(2_000).fourier(0.05, 0.05)
                .write(runs.resolve("mlp"), "add97-mlp-seed0");
        ReproductionReportWriter.write(analyse(EnumSet.allOf(Experiment.class)), root.resolve("first"));
        report = Files.readString(root.resolve("first").resolve(ReproductionReportWriter.REPORT));
    }

    /** The quick profile's plan of {@code experiments} over root/runs, analysed. */
    private static ReproductionResult analyse(Set<Experiment> experiments) {
        return ReproductionAnalysis.analyse(ReproductionPlan.of(Profile.QUICK, Initialisation.DEFAULT, experiments,
                root));
    }

    @Test
    void theSameRunsGiveByteIdenticalReportAndJson() throws IOException {
        ReproductionReportWriter.write(analyse(EnumSet.allOf(Experiment.class)), root.resolve("second"));
        for (String file : new String[]{ReproductionReportWriter.REPORT, ReproductionReportWriter.JSON_FILE}) {
            assertArrayEquals(Files.readAllBytes(root.resolve("first").resolve(file)),
                    Files.readAllBytes(root.resolve("second").resolve(file)), file);
        }
    }

    /** The first lines say which plan the report is of and the command that writes it again, --out and all. */
    @Test
    void theFirstLinesNameTheCommandThePlanAndTheExperimentsCovered() {
        String command = "grokwatch reproduce --profile quick --init default --experiments E1,E2,E3,E4,E5,E6,E7,E8,"
                + "PROBE,OVERHEAD --out " + root;
        assertTrue(report.startsWith("# Reproducing arXiv 2604.13123 with grokwatch\n\nWritten by `" + command
                + "`. It covers experiments E1, E2, E3, E4, E5, E6, E7, E8, PROBE, OVERHEAD, and reads in each group the"
                + " runs of the group's setting only (below). Regenerate it with `" + command + " --analyse-only`.\n"),
                report.substring(0, 600));
        assertTrue(report.contains("| group | setting | planned | finished | grokked | left out |\n|---|---|---|---|---|"
                + "---|\n| baseline | add mod 97, transformer, fraction 0.3 | 3 | 3 | 3 | - |\n"), report);
        assertTrue(report.contains("\n| norm-matched | add mod 97, transformer, fraction 0.3, norm control | 3 | absent"
                + " | - | "), report);
    }

    /**
     * A report of fewer experiments written where a fuller one was: its figures replace theirs, the figures of the
     * experiments it does not cover are deleted (never another file), and its first lines say what it covers. The
     * plan's file, when beside it, is named.
     */
    @Test
    void aReportOfFewerExperimentsLeavesNoFigureOfTheOthers(@TempDir Path out) throws IOException {
        ReproductionReportWriter.write(analyse(EnumSet.allOf(Experiment.class)), out);
        assertTrue(Files.isRegularFile(out.resolve("fig1-baseline.png")));
        Files.writeString(out.resolve("notes.png"), "not the report's");
        Files.writeString(out.resolve("plan-quick-E3.txt"), "# the plan\n");

        ReproductionReportWriter.write(analyse(EnumSet.of(Experiment.E3)), out);

        assertTrue(Files.isRegularFile(out.resolve("fig3-mixing.png")));
        for (String stale : new String[]{"fig1-baseline.png", "baseline-aligned.png", "fig4a-norm-entropy.png",
                "fig4b-power-law.png", "fig9-mlp-transformer.png", "fig10-probes.png"}) {
            assertFalse(Files.exists(out.resolve(stale)), stale);
        }
        assertTrue(Files.exists(out.resolve("notes.png")), "only the report's own figures are deleted");
        String e3 = Files.readString(out.resolve(ReproductionReportWriter.REPORT));
        assertTrue(e3.contains("--experiments E3 --out " + root + "` (the train command of every run:"
                + " `plan-quick-E3.txt`). It covers experiments E3, and"), e3.substring(0, 600));
        assertFalse(e3.contains("## E1"), "nor a table of them");
    }

    @Test
    void headlineThenOneTablePerExperiment() {
        assertTrue(report.contains("## Headline"), report);
        assertTrue(report.contains("- **E3.2** Mixing delays grokking (one-sided Mann-Whitney p < 0.05): **"), report);
        assertTrue(report.contains("| claim | paper | ours (95% interval), n | verdict |"), report);
        for (Experiment e : Experiment.values()) {
            assertTrue(report.contains("(" + e.section() + ")\n"), "a heading for " + e);
        }
        assertTrue(report.indexOf("## Headline") < report.indexOf("## E1: two phases"), report);
        assertTrue(report.contains("| **E1.1** Every baseline seed groks (test accuracy ≥ 0.99 after a delay past"
                + " memorisation) (§5, Table 1) | 10/10 | 3/3 | **reproduced**: 3 of 3 runs, as the paper has it"
                + " (10/10) |"), report);
        assertTrue(report.contains("| Table 2: R² with norm gap \\|‖θ‖ − ‖θ‖*\\| |"), () -> "pipes in a cell are escaped: " + report.substring(report.indexOf("## E5")));
    }

    @Test
    void figuresDrawnWhereTheGroupsAreAndSkippedWhereNot() {
        for (String png : new String[]{"fig1-baseline.png", "baseline-aligned.png", "fig3-mixing.png",
                "fig4a-norm-entropy.png", "fig4b-power-law.png", "fig9-mlp-transformer.png", "fig10-probes.png"}) {
            assertTrue(Files.isRegularFile(root.resolve("first").resolve(png)), png);
            assertTrue(report.contains("](" + png + ")"), png + " is linked");
        }
        assertFalse(Files.exists(root.resolve("first").resolve("fig3-norm-matched.png")));
        assertFalse(Files.exists(root.resolve("first").resolve("fig5-tasks.png")));
        assertTrue(report.contains("(addition, subtraction, multiplication): skipped, no runs of subtraction or"
                + " multiplication.*"), report);
        assertTrue(report.contains("*The norm-matched control beside the baseline runs of the same seeds: skipped, no"
                + " runs of group 'norm-matched' (folder runs/norm-matched absent).*"), report);
        assertTrue(report.contains("*Fig. 1 analogue with PyTorch's initialisation: skipped, no runs of group"
                + " 'torch-init'"), report);
    }

    @Test
    void jsonHoldsTheSameNumbers() throws IOException {
        JsonNode json = new ObjectMapper().readTree(root.resolve("first").resolve(ReproductionReportWriter.JSON_FILE)
                .toFile());
        assertEquals("baseline", json.get("groups").get(0).get("group").asText());
        JsonNode e3 = json.get("experiments").get(2);
        assertEquals("E3", e3.get("experiment").asText());
        JsonNode delay = e3.get("claims").get(1);
        assertEquals("E3.2", delay.get("id").asText());
        assertEquals(600.0, delay.get("ours").get("value").asDouble(), 1e-9); // 600 steps later on every seed
        // {4,600, 5,600, 6,600} against {4,000, 5,000, 6,000}: 4,600 beats one, 5,600 two, 6,600 three: U = 6
        assertEquals(6.0, delay.get("test").get("u").asDouble(), 1e-12);
        assertEquals("not reproduced", delay.get("verdict").asText());
        assertTrue(delay.get("test").get("oneSidedP").asDouble() > 0.05);
        assertTrue(report.contains(delay.get("reason").asText().replace("|", "\\|")), "the report's reason");
    }
}
