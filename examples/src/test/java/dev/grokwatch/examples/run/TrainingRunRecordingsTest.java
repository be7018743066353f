package dev.grokwatch.examples.run;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.entropy.SpectralEntropy;
import dev.grokwatch.examples.cli.ProgressDisplay;
import dev.grokwatch.models.GrokModelBuilder;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The opt-in recordings of a {@link TrainingRun}: each measures what it says, and the run with it is the run without
 * it, to the bit.
 */
class TrainingRunRecordingsTest {

    /** A tiny run that memorises within its 60 steps (Z/23, half the pairs for training, lr 1e-2). */
    private static TrainingConfig.Builder tiny(Path out) {
        return TrainingConfig.builder().modulus(23).trainFraction(0.5).batchSize(64).learningRate(1e-2).steps(60)
                .evalEvery(20).probeSize(100).stop(StopRule.NONE).out(out);
    }

    /** A finished run and its model's raw parameter bits. */
    private record Finished(TrainingRun run, RunResult result, int[] parameterBits) {
    }

    private static Finished execute(TrainingConfig config) {
        TrainingRun run = new TrainingRun(config);
        RunResult result;
        try (ProgressDisplay display = ProgressDisplay.forConsole("tiny", config.steps(),
                new PrintWriter(new StringWriter()))) {
            result = run.execute(display);
        }
        float[] values = run.model().params().toFloatVector();
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return new Finished(run, result, bits);
    }

    @Test
    void theTestProbeMeasuresHeldOutInputsAndChangesNothingElse(@TempDir Path dir) throws IOException {
        Finished plain = execute(tiny(dir.resolve("plain")).build());
        TrainingConfig config = tiny(dir.resolve("probed")).testProbe(true).build();
        Finished probed = execute(config);

        assertNull(plain.result().testProbeHistory());
        assertArrayEquals(plain.parameterBits(), probed.parameterBits(), "parameters after 60 steps");
        assertEquals(withoutWallMs(dir.resolve("plain.csv"), plain.result().history()),
                withoutWallMs(dir.resolve("probed.csv"), probed.result().history()));

        // the second curve: the same evaluations and accuracies, H̃ of the test probe's representations
        EntropyHistory test = probed.result().testProbeHistory();
        List<EntropyRecord> main = probed.result().history().records();
        assertEquals(main.stream().map(EntropyRecord::step).toList(), test.records().stream().map(EntropyRecord::step)
                .toList());
        assertEquals(main.stream().map(EntropyRecord::testAccuracy).toList(),
                test.records().stream().map(EntropyRecord::testAccuracy).toList());
        INDArray testProbe = probed.run().dataset().testProbe(100, 0);
        INDArray representations = probed.run().model().feedForward(testProbe, false)
                .get(GrokModelBuilder.REPRESENTATION);
        double expected = SpectralEntropy.of(representations).normalisedEntropy();
        EntropyRecord last = test.latest().orElseThrow();
        assertEquals(expected, last.normalisedEntropy(), 1e-12);
        assertNotEquals(main.get(main.size() - 1).normalisedEntropy(), last.normalisedEntropy(),
                "the test probe is not the training probe");
    }

    @Test
    void theLogitScaleIsTheProbesMeanLargestLogitAndChangesNothingElse(@TempDir Path dir) throws IOException {
        Finished plain = execute(tiny(dir.resolve("plain")).build());
        Finished recorded = execute(tiny(dir.resolve("recorded")).logitScale(true).build());

        assertNull(plain.result().logitScale());
        assertArrayEquals(plain.parameterBits(), recorded.parameterBits(), "parameters after 60 steps");
        assertEquals(withoutWallMs(dir.resolve("plain.csv"), plain.result().history()),
                withoutWallMs(dir.resolve("recorded.csv"), recorded.result().history()));

        List<LogitScaleCsv.Point> points = recorded.result().logitScale();
        assertEquals(List.of(20L, 40L, 60L), points.stream().map(LogitScaleCsv.Point::step).toList());
        double expected = slowMeanMaxLogit(recorded.run().model(), recorded.run().dataset().probe(100, 0));
        assertEquals(expected, points.get(2).maxLogitMean(), 1e-5 * Math.abs(expected));
    }

    /** Row by row, the largest of {@code h W + b} over the classes, from the representation and the output layer's parameters. */
    private static double slowMeanMaxLogit(ComputationGraph model, INDArray probe) {
        INDArray h = model.feedForward(probe, false).get(GrokModelBuilder.REPRESENTATION);
        INDArray w = model.getParam(GrokModelBuilder.OUTPUT + "_W");
        INDArray b = model.getParam(GrokModelBuilder.OUTPUT + "_b");
        double sum = 0;
        for (int i = 0; i < h.rows(); i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < w.columns(); j++) {
                double logit = b.getDouble(j);
                for (int k = 0; k < h.columns(); k++) {
                    logit += h.getDouble(i, k) * w.getDouble(k, j);
                }
                max = Math.max(max, logit);
            }
            sum += max;
        }
        return sum / h.rows();
    }

    /** The history as metrics.csv lines with the wall_ms cell cut out of each. */
    private static List<String> withoutWallMs(Path file, EntropyHistory history) throws IOException {
        MetricsCsv.write(history, file);
        int column = MetricsCsv.HEADER.indexOf(MetricsCsv.Column.WALL_MS.header());
        UnaryOperator<String> cut = line -> {
            List<String> cells = Arrays.asList(line.split(",", -1));
            return String.join(",", cells.subList(0, column)) + "|" + String.join(",", cells.subList(column + 1,
                    cells.size()));
        };
        return Files.readAllLines(file).stream().map(cut).toList();
    }
}
