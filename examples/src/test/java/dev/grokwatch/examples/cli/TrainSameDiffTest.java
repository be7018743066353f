package dev.grokwatch.examples.cli;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.examples.run.ModelKind;
import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunResult;
import dev.grokwatch.examples.run.RunSummary;
import dev.grokwatch.examples.run.StopRule;
import dev.grokwatch.examples.run.TrainingConfig;
import dev.grokwatch.examples.run.TrainingRun;
import org.apache.commons.csv.CSVRecord;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --model mlp-samediff} against {@code train --model mlp} on the same seed and data: the SameDiff graph
 * of GrokMlp, watched by the SameDiff listener, gives DL4J's own curve (the same H̃, accuracies, phases and Fourier
 * alignment, bit for bit; the loss and the norm to float rounding), stops where the DL4J run stops, and ends with the
 * DL4J model's weights. Bit for bit at the paper's batch of 512, which these runs keep: at smaller batches ND4J's
 * kernels sum some gradients in another order in the two APIs, and the runs agree to float rounding only.
 */
class TrainSameDiffTest {

    /**
     * Memorises by step 25, collapses from 200, crosses H̃* = 0.61 at 325 and groks at 1,050 (lr 1e-2, Z/23, half
     * the pairs, batches of 512).
     */
    private static final String[] TINY = {"--modulus", "23", "--train-fraction", "0.5", "--lr", "1e-2",
            "--eval-every", "25", "--probe-size", "200"};

    /** The columns both models must give exactly: the same floats from the same operations. */
    private static final List<String> EXACT = List.of("step", "train_acc", "test_acc", "entropy", "effective_rank",
            "phase", "predicted_grok_step", "fourier_alignment", "predicted_grok_low80", "predicted_grok_high80",
            "predicted_grok_low95", "predicted_grok_high95");

    /** summary.json fields that time the run or name the model, the only ones allowed to differ. */
    private static final Set<String> NOT_COMPARED = Set.of("model", "wall_seconds", "ms_per_step", "entropy_ms_mean");

    private static TrainRunTest.Run train(Path dir, String model, String... args) throws IOException {
        return TrainRunTest.train(dir, Stream.concat(Stream.of("--model", model), Stream.concat(Stream.of(TINY),
                Stream.of(args))).toArray(String[]::new));
    }

    /**
     * The same curve, forecasts and test-set probe: a calibration's forecaster and the second listener, fed the same
     * representations by either API, say the same.
     */
    @Test
    void theSameDiffMlpWritesTheDl4jMlpsCurveForecastsAndSummary(@TempDir Path dir) throws IOException {
        String calibration = TrainForecastTest.forecastNowCalibration(dir).toString();
        TrainRunTest.Run dl4j = train(dir.resolve("mlp"), "mlp", "--steps", "300", "--stop", "none",
                "--calibration", calibration, "--test-probe");
        TrainRunTest.Run sameDiff = train(dir.resolve("samediff"), "mlp-samediff", "--steps", "300", "--stop",
                "none", "--calibration", calibration, "--test-probe");

        assertEquals(12, sameDiff.rows().size());
        assertTrue(sameDiff.rows().stream().filter(r -> !r.get("predicted_grok_step").isEmpty()).count() >= 2,
                "forecasts in the SameDiff run's metrics.csv: " + sameDiff.rows());
        for (int i = 0; i < dl4j.rows().size(); i++) {
            CSVRecord expected = dl4j.rows().get(i);
            CSVRecord actual = sameDiff.rows().get(i);
            for (String column : EXACT) {
                assertEquals(expected.get(column), actual.get(column), column + " at step " + expected.get("step"));
            }
            // DL4J's MCXENT logs clipped softmax probabilities, SameDiff's loss works on the logits: float rounding.
            double loss = Double.parseDouble(expected.get("train_loss"));
            assertEquals(loss, Double.parseDouble(actual.get("train_loss")), 1e-5 * loss + 1e-7,
                    "train_loss at step " + expected.get("step"));
            // DL4J's norm sums the squares of the flattened float parameters in float, the SameDiff listener in double.
            double norm = Double.parseDouble(expected.get("param_norm"));
            assertEquals(norm, Double.parseDouble(actual.get("param_norm")), 1e-4 * norm,
                    "param_norm at step " + expected.get("step"));
        }
        assertTrue(!dl4j.summary().get("memorised_step").isNull() && !dl4j.summary().get("collapse_onset_step")
                .isNull(), "the curve goes through memorisation and the collapse: " + dl4j.summary());

        JsonNode expected = dl4j.summary();
        JsonNode actual = sameDiff.summary();
        assertEquals("mlp-samediff", actual.get("model").asText());
        assertEquals(fieldNames(expected), fieldNames(actual));
        for (String field : fieldNames(expected)) {
            if (!NOT_COMPARED.contains(field)) {
                assertEquals(expected.get(field), actual.get(field), field);
            }
        }
        assertTrue(actual.get("ms_per_step").asDouble() > 0, actual.toString());
        assertEquals(0.5, actual.get("threshold").asDouble(), "the calibration's H̃*");

        EntropyHistory testProbe = MetricsCsv.read(dir.resolve("mlp").resolve(RunFolder.TEST_PROBE_METRICS));
        EntropyHistory sameDiffTestProbe = MetricsCsv.read(dir.resolve("samediff").resolve(RunFolder.TEST_PROBE_METRICS));
        assertEquals(12, sameDiffTestProbe.size());
        for (int i = 0; i < testProbe.size(); i++) {
            assertEquals(testProbe.records().get(i).normalisedEntropy(),
                    sameDiffTestProbe.records().get(i).normalisedEntropy(), 0.0,
                    "test-probe H̃ at step " + testProbe.records().get(i).step());
        }
        // What the README says metrics-test-probe.csv holds, in either API: metrics.csv's header, the test probe's
        // own H̃, the run's loss, accuracies and norm at the same steps, and no forecast or Fourier alignment.
        for (String run : List.of("mlp", "samediff")) {
            Path folder = dir.resolve(run);
            assertEquals(String.join(",", MetricsCsv.HEADER),
                    Files.readAllLines(folder.resolve(RunFolder.TEST_PROBE_METRICS)).get(0), run);
            List<EntropyRecord> probed = MetricsCsv.read(folder.resolve(RunFolder.TEST_PROBE_METRICS)).records();
            List<EntropyRecord> main = MetricsCsv.read(folder.resolve("metrics.csv")).records();
            assertEquals(main.size(), probed.size(), run);
            assertTrue(main.stream().anyMatch(r -> r.predictedGrokStep() != null)
                    && main.stream().allMatch(r -> r.fourierAlignment() != null), run + "'s metrics.csv: " + main);
            for (int i = 0; i < main.size(); i++) {
                EntropyRecord m = main.get(i);
                EntropyRecord p = probed.get(i);
                String at = run + " at step " + m.step();
                assertEquals(m.step(), p.step(), at);
                assertEquals(m.trainLoss(), p.trainLoss(), at);
                assertEquals(m.trainAccuracy(), p.trainAccuracy(), at);
                assertEquals(m.testAccuracy(), p.testAccuracy(), at);
                assertEquals(m.paramNorm(), p.paramNorm(), at);
                assertTrue(p.predictedGrokStep() == null && p.predictedGrokInterval80() == null
                        && p.predictedGrokInterval95() == null && p.fourierAlignment() == null, at + ": " + p);
            }
        }
        assertTrue(sameDiff.out().startsWith("grokwatch train: add23 (265 training pairs, 264 test), mlp-samediff,"),
                sameDiff.out());
        assertTrue(sameDiff.out().contains("add mod 23, mlp-samediff, seed 0:"), sameDiff.out());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static RunResult execute(TrainingRun run, int steps) {
        try (ProgressDisplay display = new ProgressLines(steps, new PrintWriter(new StringWriter()))) {
            return run.execute(display);
        }
    }

    private static TrainingConfig.Builder tiny(ModelKind model, Path out) {
        return TrainingConfig.builder().model(model).modulus(23).trainFraction(0.5).learningRate(1e-2)
                .evalEvery(25).probeSize(200).out(out);
    }

    private static int[] bits(INDArray array) {
        float[] values = array.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    /**
     * The stop rule ends the SameDiff fit after the update that met it, mid-epoch, at the DL4J run's step and
     * reason; both models then hold the same weights, bit for bit.
     */
    @Test
    void theStopRuleEndsBothRunsAtTheSameStepWithTheSameWeights(@TempDir Path dir) {
        TrainingRun dl4j = new TrainingRun(tiny(ModelKind.MLP, dir.resolve("mlp")).steps(1_000)
                .stop(StopRule.CROSSED).build());
        TrainingRun sameDiff = new TrainingRun(tiny(ModelKind.MLP_SAMEDIFF, dir.resolve("sd")).steps(1_000)
                .stop(StopRule.CROSSED).build());
        RunResult expected = execute(dl4j, 1_000);
        RunResult actual = execute(sameDiff, 1_000);

        assertEquals("threshold_crossed", expected.stopReason().toString());
        assertTrue(expected.stepsRun() < 1_000, "stopped before the budget");
        assertEquals(expected.stopReason(), actual.stopReason());
        assertEquals(expected.stepsRun(), actual.stepsRun());
        SameDiff graph = sameDiff.sameDiff();
        assertEquals(actual.stepsRun(), graph.getTrainingConfig().getIterationCount(), "no update after the stop");
        ComputationGraph model = dl4j.model();
        for (Map.Entry<String, INDArray> p : model.paramTable().entrySet()) {
            assertArrayEquals(bits(p.getValue()), bits(graph.getVariable(p.getKey()).getArr()), p.getKey());
        }
        assertEquals(expected.history().records().stream().map(EntropyRecord::normalisedEntropy).toList(),
                actual.history().records().stream().map(EntropyRecord::normalisedEntropy).toList());
        assertThrows(IllegalStateException.class, sameDiff::model, "a SameDiff run has no ComputationGraph");
        assertThrows(IllegalStateException.class, dl4j::sameDiff, "a DL4J run has no SameDiff graph");
    }

    /** SameDiff prints a line per op while it differentiates the graph: not into train's output. */
    @Test
    void aSameDiffRunWritesNothingToStandardOutputOfItsOwn(@TempDir Path dir) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            execute(new TrainingRun(tiny(ModelKind.MLP_SAMEDIFF, dir).steps(25).stop(StopRule.NONE).build()), 25);
        } finally {
            System.setOut(original);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRunStoppedBeforeItsFirstStepTrainsNothing(@TempDir Path dir) {
        TrainingConfig config = tiny(ModelKind.MLP_SAMEDIFF, dir).steps(100).stop(StopRule.GROKKED).build();
        TrainingRun run = new TrainingRun(config);
        run.requestStop();
        RunSummary summary = RunSummary.of(config, execute(run, 100));
        assertEquals(0, summary.stepsRun());
        assertEquals("interrupted", summary.stopReason());
        assertEquals(0, run.sameDiff().getTrainingConfig().getIterationCount());
    }
}
