package dev.grokwatch.examples.cli;

import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.examples.GrokwatchCli;
import dev.grokwatch.examples.report.EntropyPlot;
import dev.grokwatch.examples.run.LogitScaleCsv;
import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunResult;
import dev.grokwatch.examples.run.RunSummary;
import dev.grokwatch.examples.run.StopRule;
import dev.grokwatch.examples.run.TrainingConfig;
import dev.grokwatch.examples.run.TrainingRun;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tiny real runs of {@code grokwatch train}: the three output files, and summary.json's numbers
 * recomputed independently from metrics.csv.
 */
class TrainRunTest {

    /** The summary.json fields of the run-folder contract, in order. */
    private static final List<String> SUMMARY_FIELDS = List.of("task", "modulus", "model", "init", "seed",
            "train_fraction",
            "batch_size", "lr", "weight_decay", "eval_every", "probe_size", "mix", "norm_control", "steps_run", "stop_reason", "final_phase", "memorised_step", "grok_step", "threshold",
            "threshold_cross_step", "collapse_onset_step", "lead_steps", "min_entropy", "final_entropy",
            "final_train_acc", "final_test_acc", "wall_seconds", "ms_per_step", "entropy_ms_mean");
    private static final String CSV_HEADER = "step,train_loss,train_acc,test_acc,entropy,effective_rank,param_norm,"
            + "phase,predicted_grok_step,fourier_alignment,wall_ms,predicted_grok_low80,predicted_grok_high80,"
            + "predicted_grok_low95,predicted_grok_high95";

    /** One `train` run through the command line: its output streams, summary.json and metrics.csv rows. */
    record Run(String out, String err, JsonNode summary, List<CSVRecord> rows) {
    }

    static Run train(Path dir, String... args) throws IOException {
        CommandLine cli = GrokwatchCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] full = Stream.concat(Stream.of("train", "--out", dir.toString()), Stream.of(args))
                .toArray(String[]::new);
        int code = cli.execute(full);
        assertEquals(0, code, err.toString());
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        try (Reader in = Files.newBufferedReader(dir.resolve("metrics.csv"));
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            assertEquals(CSV_HEADER, String.join(",", csv.getHeaderNames()));
            return new Run(out.toString(), err.toString(), summary, csv.getRecords());
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** First step whose column satisfies the test, or null: the event definitions of arXiv 2604.13123, §3.2. */
    private static Long firstStep(List<CSVRecord> rows, String column, java.util.function.DoublePredicate test) {
        return rows.stream().filter(r -> !r.get(column).isEmpty() && test.test(Double.parseDouble(r.get(column))))
                .map(r -> Long.parseLong(r.get("step"))).findFirst().orElse(null);
    }

    /**
     * The crossing as the listener reads it: memorised (train accuracy >= 0.99), then the collapse onset,
     * then the first H̃ below the threshold, H̃ having been at or above it before.
     */
    static Long crossingStep(List<CSVRecord> rows, double threshold) {
        double[] h = rows.stream().mapToDouble(r -> Double.parseDouble(r.get("entropy"))).toArray();
        boolean memorised = false;
        boolean onset = false;
        boolean reached = false;
        for (int i = 0; i < h.length; i++) {
            memorised |= Double.parseDouble(rows.get(i).get("train_acc")) >= 0.99;
            onset |= memorised && i >= 4 && h[i - 4] - h[i] > 0.02; // δ = 0.02 over a window of 5 evaluations
            if (onset && reached && h[i] < threshold) {
                return Long.parseLong(rows.get(i).get("step"));
            }
            reached |= h[i] >= threshold;
        }
        return null;
    }

    private static Long longOrNull(JsonNode node) {
        return node.isNull() ? null : node.asLong();
    }

    @Test
    void tinyAdditionRunWritesTheThreeFilesWithConsistentNumbers(@TempDir Path dir) throws IOException {
        Run run = train(dir, "--modulus", "23", "--train-fraction", "0.5", "--batch", "64", "--steps", "200",
                "--eval-every", "20", "--probe-size", "200", "--stop", "none");
        JsonNode s = run.summary();
        List<CSVRecord> rows = run.rows();

        assertEquals(SUMMARY_FIELDS, fieldNames(s));
        assertEquals("add", s.get("task").asText());
        assertEquals(23, s.get("modulus").asInt());
        assertEquals("transformer", s.get("model").asText());
        assertEquals("default", s.get("init").asText());
        assertEquals(0, s.get("seed").asLong());
        assertEquals(0.5, s.get("train_fraction").asDouble());
        assertEquals(64, s.get("batch_size").asInt());
        assertEquals(1e-3, s.get("lr").asDouble());
        assertEquals(1.0, s.get("weight_decay").asDouble());
        assertEquals(20, s.get("eval_every").asInt());
        assertEquals(200, s.get("probe_size").asInt());
        assertEquals(0.0, s.get("mix").asDouble());
        assertTrue(s.get("norm_control").isNull());
        assertEquals(200, s.get("steps_run").asLong());
        assertEquals("max_steps", s.get("stop_reason").asText());
        assertEquals(0.61, s.get("threshold").asDouble());

        // one row per evaluation, every 20 steps
        assertEquals(10, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(20L * (i + 1), Long.parseLong(rows.get(i).get("step")));
            assertFalse(rows.get(i).get("fourier_alignment").isEmpty(), "modular task: alignment recorded");
        }

        // events and extremes, recomputed from metrics.csv
        Long grok = firstStep(rows, "test_acc", v -> v >= 0.99);
        Long crossing = crossingStep(rows, 0.61);
        assertEquals(grok, longOrNull(s.get("grok_step")));
        assertEquals(firstStep(rows, "train_acc", v -> v >= 0.99), longOrNull(s.get("memorised_step")));
        assertEquals(crossing, longOrNull(s.get("threshold_cross_step")));
        assertEquals(grok != null && crossing != null ? grok - crossing : null, longOrNull(s.get("lead_steps")));
        double min = rows.stream().mapToDouble(r -> Double.parseDouble(r.get("entropy"))).min().orElseThrow();
        assertEquals(min, s.get("min_entropy").asDouble(), 1e-12);
        CSVRecord last = rows.get(rows.size() - 1);
        assertEquals(Double.parseDouble(last.get("entropy")), s.get("final_entropy").asDouble(), 1e-12);
        assertEquals(Double.parseDouble(last.get("train_acc")), s.get("final_train_acc").asDouble(), 1e-12);
        assertEquals(Double.parseDouble(last.get("test_acc")), s.get("final_test_acc").asDouble(), 1e-12);
        double meanWallMs = rows.stream().mapToDouble(r -> Double.parseDouble(r.get("wall_ms"))).average().orElseThrow();
        assertEquals(meanWallMs, s.get("entropy_ms_mean").asDouble(), 1e-6);
        assertEquals(MetricsCsv.read(dir.resolve("metrics.csv")).collapseOnsetStep().isPresent(),
                !s.get("collapse_onset_step").isNull());
        assertTrue(s.get("ms_per_step").asDouble() > 0);
        assertTrue(s.get("wall_seconds").asDouble() > 0);

        BufferedImage png = ImageIO.read(dir.resolve("entropy.png").toFile());
        assertNotNull(png, "entropy.png is a readable image");
        assertEquals(1100, png.getWidth());
        assertEquals(600, png.getHeight());

        // progress lines (no console under the test runner) and the closing summary
        assertTrue(run.err().contains("step 200/200"), run.err());
        assertTrue(run.out().contains("add mod 23, transformer, seed 0"), run.out());
        assertTrue(run.out().contains("wrote " + dir.resolve("metrics.csv")), run.out());
    }

    @Test
    void stopAtTheCrossingEndsAtTheFirstEvaluationBelowTheThreshold(@TempDir Path dir) throws IOException {
        // At lr 1e-2 this run memorises, collapses and groks within 500 steps; H̃ starts near 0.49 and comes
        // down through 0.36 after the onset, before grokking.
        Run run = train(dir, "--modulus", "23", "--train-fraction", "0.5", "--batch", "64", "--lr", "1e-2",
                "--steps", "500", "--eval-every", "25", "--probe-size", "200", "--threshold", "0.36",
                "--stop", "crossed");
        JsonNode s = run.summary();
        assertEquals("threshold_crossed", s.get("stop_reason").asText());
        long crossed = s.get("threshold_cross_step").asLong();
        assertEquals(crossed, s.get("steps_run").asLong());
        assertEquals(crossingStep(run.rows(), 0.36), Long.valueOf(crossed));
        assertTrue(s.get("memorised_step").asLong() <= s.get("collapse_onset_step").asLong());
        assertTrue(s.get("collapse_onset_step").asLong() <= crossed);
        assertTrue(s.get("grok_step").isNull());
        assertTrue(s.get("lead_steps").isNull());
        assertEquals("entropy_collapse", s.get("final_phase").asText());
        assertEquals(crossed / 25, run.rows().size());
    }

    @Test
    void s5RunHasNoModulusAndNoFourierAlignment(@TempDir Path dir) throws IOException {
        Run run = train(dir, "--task", "s5", "--model", "mlp", "--train-fraction", "0.5", "--batch", "32",
                "--steps", "20", "--eval-every", "10", "--probe-size", "200");
        JsonNode s = run.summary();
        assertEquals("s5", s.get("task").asText());
        assertTrue(s.get("modulus").isNull());
        assertEquals("mlp", s.get("model").asText());
        assertEquals(0.655, s.get("threshold").asDouble());
        assertEquals(2, run.rows().size());
        run.rows().forEach(r -> assertTrue(r.get("fourier_alignment").isEmpty()));
    }

    @Test
    void aTorchInitialisedRunSaysSoInItsSummaryAndItsLines(@TempDir Path dir) throws IOException {
        Run run = train(dir, "--modulus", "23", "--train-fraction", "0.5", "--batch", "32", "--steps", "20",
                "--eval-every", "10", "--probe-size", "200", "--init", "torch", "--stop", "none");
        assertEquals("torch", run.summary().get("init").asText());
        assertTrue(run.out().startsWith("grokwatch train: add23 (265 training pairs, 264 test), transformer, torch init,"
                + " seed 0,"), run.out());
        assertTrue(run.out().contains("add mod 23, transformer, torch init, seed 0: not grokked"), run.out());
        assertEquals("add mod 23, transformer, torch init, fraction 0.5, batch 32, eval every 10, probe 200",
                RunFolder.read(dir).summary().taskLabel());
    }

    /** A calibrated H̃* has many digits: the header shows four, as calibrate and the forecast line do. */
    @Test
    void theHeaderShowsTheThresholdToFourDecimals(@TempDir Path dir) throws IOException {
        Run run = train(dir, "--modulus", "23", "--train-fraction", "0.5", "--batch", "32", "--steps", "10",
                "--eval-every", "10", "--probe-size", "200", "--threshold", "0.4618273645", "--stop", "none");
        String header = run.out().lines().findFirst().orElseThrow();
        assertTrue(header.contains(", H̃* = 0.4618; "), header);
    }

    @Test
    void theRecordingsAreWrittenBesideMetricsCsvAndGoWithTheRunThatMadeThem(@TempDir Path dir) throws IOException {
        String[] tiny = {"--modulus", "23", "--train-fraction", "0.5", "--batch", "32", "--steps", "20",
                "--eval-every", "10", "--probe-size", "200", "--stop", "none"};
        Run run = train(dir, Stream.concat(Stream.of(tiny), Stream.of("--test-probe", "--logit-scale"))
                .toArray(String[]::new));
        Path testProbe = dir.resolve(RunFolder.TEST_PROBE_METRICS);
        EntropyHistory curve = MetricsCsv.read(testProbe);
        assertEquals(List.of(10L, 20L), curve.records().stream().map(r -> r.step()).toList());
        assertEquals(CSV_HEADER, Files.readAllLines(testProbe).get(0));
        Path logitScale = dir.resolve(RunFolder.LOGIT_SCALE);
        assertEquals(List.of(10L, 20L), LogitScaleCsv.read(logitScale).stream().map(p -> p.step()).toList());
        assertTrue(run.out().contains("wrote " + dir.resolve("metrics.csv") + ", summary.json, entropy.png, "
                + RunFolder.TEST_PROBE_METRICS + ", " + RunFolder.LOGIT_SCALE), run.out());

        train(dir, tiny); // the same folder without the options: no recording of another run is left beside it
        assertFalse(Files.exists(testProbe));
        assertFalse(Files.exists(logitScale));
    }

    @Test
    void runStoppedBeforeItsFirstStepWritesNullsNotNumbers(@TempDir Path dir) {
        TrainingConfig config = TrainingConfig.builder().modulus(23).trainFraction(0.5).steps(100).batchSize(32)
                .evalEvery(10).probeSize(200).threshold(0.61).stop(StopRule.GROKKED).out(dir).build();
        TrainingRun run = new TrainingRun(config);
        run.requestStop();
        RunResult result;
        try (ProgressDisplay display = new ProgressLines(config.steps(), new PrintWriter(new StringWriter()))) {
            result = run.execute(display);
        }
        RunSummary summary = RunSummary.of(config, result);
        assertEquals(0, summary.stepsRun());
        assertEquals("interrupted", summary.stopReason());
        assertEquals(null, summary.finalEntropy());
        assertEquals(null, summary.minEntropy());
        assertEquals(null, summary.msPerStep());
        assertEquals(null, summary.entropyMsMean());
        EntropyPlot.write(summary.headline(), result.history(), config.threshold(), dir.resolve("entropy.png"));
        assertTrue(Files.isRegularFile(dir.resolve("entropy.png")));
    }
}
