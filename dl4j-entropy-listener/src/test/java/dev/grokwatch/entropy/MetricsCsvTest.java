package dev.grokwatch.entropy;

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
                + "fourier_alignment,wall_ms", lines.get(0));
        assertEquals(4, lines.size());
        assertEquals("200,0.25,0.5,,0.9," + Math.exp(2.5) + ",12.5,norm_expansion,,,4.5", lines.get(1));
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
        Files.writeString(csv, String.join(",", MetricsCsv.HEADER) + "\n200,,,,zero,1,1,,,,1\n");
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
        String good = "200,0.5,1.0,0.2,0.9,3.0,12.5,norm_expansion,,,4.5";
        assertBad(dir, header + good + "\n400,0.5,1.0,0.2,0.9,3.0,12.5,not_a_phase,,,4.5\n",
                "line 3: phase is 'not_a_phase'; expected a phase label");
        assertBad(dir, header + "2e2,0.5,1.0,0.2,0.9,3.0,12.5,,,,4.5\n", "line 2: step is '2e2'; expected a whole step");
        assertBad(dir, header + "200,0.5,1.0,0.2,0.9,3.0,12.5,,soon,,4.5\n",
                "line 2: predicted_grok_step is 'soon'; expected a whole step");
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
