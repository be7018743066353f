package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.entropy.forecast.PredictionInterval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MetricsCsvTest {

    @Test
    void csvHasTheContractHeaderAndEmptyCellsForMissingValues(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("metrics.csv");
        MetricsCsv.write(EntropyHistoryTest.sample(), csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("step,train_loss,train_acc,test_acc,entropy,effective_rank,param_norm,phase,predicted_grok_step,"
                + "fourier_alignment,wall_ms,predicted_grok_low80,predicted_grok_high80,predicted_grok_low95,"
                + "predicted_grok_high95", lines.get(0));
        assertEquals(4, lines.size());
        assertEquals("200,0.25,0.5,,0.9," + Math.exp(2.5) + ",12.5,norm_expansion,,,4.5,,,,", lines.get(1));
        assertTrue(lines.get(3).startsWith("600,NaN,1.0,0.99,NaN,NaN,13.0,grokked"), lines.get(3));
    }

    @Test
    void csvRoundTripKeepsEveryContractColumn(@TempDir Path dir) {
        Path csv = dir.resolve("metrics.csv");
        EntropyHistory original = EntropyHistoryTest.sample();
        MetricsCsv.write(original, csv);
        EntropyHistory read = MetricsCsv.read(csv, original.criteria());
        assertEquals(original.size(), read.size());
        for (int i = 0; i < original.size(); i++) {
            EntropyRecord a = original.records().get(i);
            EntropyRecord b = read.records().get(i);
            assertEquals(a.step(), b.step());
            assertEquals(a.normalisedEntropy(), b.normalisedEntropy());
            assertEquals(a.effectiveRank(), b.effectiveRank());
            assertEquals(a.entropy(), b.entropy(), 1e-12);
            assertEquals(a.paramNorm(), b.paramNorm());
            assertEquals(a.trainLoss(), b.trainLoss());
            assertEquals(a.trainAccuracy(), b.trainAccuracy());
            assertEquals(a.testAccuracy(), b.testAccuracy());
            assertEquals(a.phase(), b.phase());
            assertEquals(a.predictedGrokStep(), b.predictedGrokStep());
            assertEquals(a.fourierAlignment(), b.fourierAlignment());
            assertEquals(a.wallMs(), b.wallMs());
        }
        assertEquals(original.grokStep(), read.grokStep());
        assertEquals(PhaseTracker.replay(original).eventSteps(), PhaseTracker.replay(read).eventSteps());
    }

    /** The sample with a forecast and its intervals at step 400. */
    static EntropyHistory withIntervals() {
        EntropyHistory sample = EntropyHistoryTest.sample();
        EntropyHistory history = new EntropyHistory(sample.criteria());
        for (EntropyRecord r : sample.records()) {
            history.append(r.step() != 400 ? r : r.withForecast(new Forecast(400, 420, new PredictionInterval(400, 480),
                    new PredictionInterval(400, 700), "power-law", true)));
        }
        return history;
    }

    @Test
    void intervalColumnsComeLastAndRoundTrip(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("metrics.csv");
        MetricsCsv.write(withIntervals(), csv);
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.get(2).endsWith(",0.8,3.25,400,480,400,700"), lines.get(2));
        EntropyRecord read = MetricsCsv.read(csv).records().get(1);
        assertEquals(420L, read.predictedGrokStep());
        assertEquals(new PredictionInterval(400, 480), read.predictedGrokInterval80());
        assertEquals(new PredictionInterval(400, 700), read.predictedGrokInterval95());
        assertNull(MetricsCsv.read(csv).records().get(0).predictedGrokInterval80());
        Path again = dir.resolve("again.csv");
        MetricsCsv.write(MetricsCsv.read(csv), again);
        assertArrayEquals(Files.readAllBytes(csv), Files.readAllBytes(again));
    }

    @Test
    void aFileWrittenBeforeTheIntervalColumnsReadsTheSameWithoutThem(@TempDir Path dir) throws Exception {
        Path now = dir.resolve("now.csv");
        MetricsCsv.write(EntropyHistoryTest.sample(), now);
        // the 11 columns and cells of the contract before intervals: each line without its last 4 cells
        Path before = dir.resolve("before.csv");
        Files.write(before, Files.readAllLines(now).stream()
                .map(l -> l.substring(0, nthCommaFromEnd(l, 4))).toList());
        assertEquals("step,train_loss,train_acc,test_acc,entropy,effective_rank,param_norm,phase,predicted_grok_step,"
                + "fourier_alignment,wall_ms", Files.readAllLines(before).get(0));
        EntropyHistory read = MetricsCsv.read(before);
        assertEquals(MetricsCsv.read(now).records(), read.records());
        assertEquals(420L, read.records().get(1).predictedGrokStep());
        assertNull(read.records().get(1).predictedGrokInterval80());
    }

    private static int nthCommaFromEnd(String line, int n) {
        int at = line.length();
        for (int i = 0; i < n; i++) {
            at = line.lastIndexOf(',', at - 1);
        }
        return at;
    }

    @Test
    void csvWithoutContractColumnsIsRejectedNamingThem(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("other.csv");
        Files.writeString(csv, "step,loss\n1,2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsCsv.read(csv));
        assertTrue(e.getMessage().contains("entropy") && e.getMessage().contains("param_norm"), e.getMessage());
    }

    @Test
    void csvWithAnUnparsableCellNamesTheLine(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("metrics.csv");
        Files.writeString(csv, String.join(",", MetricsCsv.HEADER) + "\n200,,,,zero,1,1,,,,1,,,,\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsCsv.read(csv));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void theReadmeDocumentsExactlyTheseColumnsInThisOrder() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String documented = readme.lines().filter(l -> l.startsWith("- `metrics.csv`: `")).findFirst()
                .orElseThrow(() -> new AssertionError("README has no '- `metrics.csv`: `' line"));
        String columns = documented.substring("- `metrics.csv`: `".length(), documented.indexOf('`', 18));
        assertEquals(String.join(",", MetricsCsv.HEADER), columns);
        assertEquals(Arrays.stream(MetricsCsv.Column.values()).map(MetricsCsv.Column::header).toList(),
                MetricsCsv.HEADER);
    }

    @Test
    void writingWhatWasReadGivesTheSameBytes(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first.csv");
        Path second = dir.resolve("second.csv");
        MetricsCsv.write(EntropyHistoryTest.sample(), first);
        MetricsCsv.write(MetricsCsv.read(first), second);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void aToolReadsOnlyTheColumnsItNeedsInAnyOrder(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("metrics.csv");
        Files.writeString(csv, "param_norm, step ,extra\n 2.5 ,200,x\n3.0,400,\n");
        List<MetricsCsv.Row> rows = MetricsCsv.rows(csv, MetricsCsv.Column.STEP, MetricsCsv.Column.PARAM_NORM);
        assertEquals(2, rows.size());
        assertEquals(200.0, rows.get(0).number(MetricsCsv.Column.STEP));
        assertEquals(2.5, rows.get(0).number(MetricsCsv.Column.PARAM_NORM));
        assertEquals(3, rows.get(1).line());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rows.get(0).cell(MetricsCsv.Column.TEST_ACC));
        assertEquals(csv + " line 2 has no 'test_acc' cell; expected as many cells as the header has columns",
                e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> MetricsCsv.rows(csv, MetricsCsv.Column.STEP, MetricsCsv.Column.WALL_MS));
        assertEquals(csv + " lacks the column(s) [wall_ms] (header: [param_norm, step, extra]); expected a metrics.csv"
                + " header with the columns step,wall_ms", missing.getMessage());
    }

    @Test
    void badCellsAreRefusedNamingFileLineColumnAndExpectation(@TempDir Path dir) throws Exception {
        String header = String.join(",", MetricsCsv.HEADER) + "\n";
        String good = "200,0.5,1.0,0.2,0.9,3.0,12.5,norm_expansion,,,4.5,,,,";
        assertBad(dir, header + good + "\n400,0.5,1.0,0.2,0.9,3.0,12.5,not_a_phase,,,4.5,,,,\n",
                "line 3: phase is 'not_a_phase'; expected a phase label");
        assertBad(dir, header + "2e2,0.5,1.0,0.2,0.9,3.0,12.5,,,,4.5,,,,\n", "line 2: step is '2e2'; expected a whole step");
        assertBad(dir, header + "200,0.5,1.0,0.2,0.9,3.0,12.5,,soon,,4.5,,,,\n",
                "line 2: predicted_grok_step is 'soon'; expected a whole step");
        assertBad(dir, header + "200,0.5,1.0,0.2,0.9,3.0,12.5,,300,,4.5,250,,200,400\n",
                "line 2: predicted_grok_high80 is ''; expected a whole step, as predicted_grok_low80 has one");
        assertBad(dir, header + "200,0.5,1.0,0.2,0.9,3.0,12.5,,300,,4.5,350,250,200,400\n",
                "line 2: predicted_grok_high80 is '250'; expected a step at least predicted_grok_low80 350");
        assertBad(dir, header + "200,0.5,1.0,0.2,0.9,3.0,12.5,,300,,4.5,250,350,,\n",
                "line 2: predicted_grok_step '300', 80% interval PredictionInterval[low=250, high=350], 95% interval"
                        + " null; expected both intervals or neither");
        assertBad(dir, header + "200,0.5,1.0,0.2,0.9,3.0,12.5,,,,4.5,250,350,200,400\n",
                "and a predicted step with them");
        assertBad(dir, header + "200,0.5,1.0,0.2,0.9,3.0,12.5,,300,,4.5,250,350\n",
                "line 2 has no 'predicted_grok_low95' cell");
        assertBad(dir, header + "200,0.5,1.0,0.2,0.9,3.0\n", "line 2 has no 'param_norm' cell");
        assertBad(dir, header + good + "\n" + good + "\n", "line 3: record step 200 does not follow the last recorded step 200");
    }

    private static void assertBad(Path dir, String content, String fragment) throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, content);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsCsv.read(csv));
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }
}
