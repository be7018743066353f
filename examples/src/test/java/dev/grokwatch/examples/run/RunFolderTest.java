package dev.grokwatch.examples.run;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.entropy.forecast.RunHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunFolderTest {

    @Test
    void aRunFolderIsReadAsTheRunCalibrationTakes(@TempDir Path dir) throws IOException {
        Path run = SyntheticRuns.write(dir.resolve("add97-transformer-seed3"), 3, 3_000, 3_400L, 6_000);

        RunHistory read = RunFolder.read(run).calibrationRun();

        assertEquals("add97-transformer-seed3", read.name());
        assertEquals("add mod 97, transformer, fraction 0.3", read.task());
        EntropyHistory metrics = MetricsCsv.read(run.resolve(RunFolder.METRICS));
        assertEquals(metrics.records(), read.history().records());
        assertEquals(3_400L, read.grokStep().getAsLong());
        assertTrue(read.history().criteria().threshold() == null,
                "read without a threshold: calibration is what finds H̃*");
        assertTrue(RunFolder.read(run).history().thresholdCrossingStep().isPresent(),
                "the run's own history keeps its threshold");
    }

    @Test
    void theTaskLabelLeavesOutWhatASummaryLacksAndIgnoresFieldsItDoesNotKnow(@TempDir Path dir) throws IOException {
        Path run = Files.createDirectories(dir.resolve("s5"));
        Files.writeString(run.resolve("summary.json"), "{\"task\": \"s5\", \"modulus\": null, \"model\": \"mlp\","
                + " \"seed\": 1, \"notes\": \"from a newer grokwatch\"}");
        assertEquals("s5, mlp", RunFolder.read(run).summary().taskLabel());
        Files.writeString(run.resolve("summary.json"), "{\"modulus\": 7, \"train_fraction\": 0.5}");
        assertEquals("unknown task mod 7, fraction 0.5", RunFolder.read(run).summary().taskLabel());
    }

    @Test
    void aSummaryWrittenBeforeTheInitFieldReadsAsTheDefaultAndATorchRunIsAnotherTask(@TempDir Path dir)
            throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("summary.json"), "{\"task\": \"add\", \"modulus\": 97, \"model\": \"transformer\","
                + " \"seed\": 1, \"train_fraction\": 0.3}");
        RunSummary old = RunFolder.read(run).summary();
        assertEquals("default", old.init());
        assertEquals("add mod 97, transformer, fraction 0.3", old.taskLabel());
        Files.writeString(run.resolve("summary.json"), "{\"task\": \"add\", \"modulus\": 97, \"model\": \"transformer\","
                + " \"init\": \"torch\", \"seed\": 1, \"train_fraction\": 0.3}");
        RunSummary torch = RunFolder.read(run).summary();
        assertEquals("torch", torch.init());
        assertEquals("add mod 97, transformer, torch init, fraction 0.3", torch.taskLabel());
        // written back, the field follows the model
        torch.write(run.resolve("summary.json"));
        String written = Files.readString(run.resolve("summary.json")).replaceAll("\\s+", "");
        assertTrue(written.startsWith("{\"task\":\"add\",\"modulus\":97,\"model\":\"transformer\",\"init\":\"torch\","
                + "\"seed\":1,"), written);
    }

    @Test
    void aFolderMissingEitherFileIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        IllegalArgumentException noFolder = assertThrows(IllegalArgumentException.class,
                () -> RunFolder.read(dir.resolve("x")));
        assertEquals(dir.resolve("x") + " is not a folder; expected a run folder with metrics.csv and summary.json",
                noFolder.getMessage());

        Path run = SyntheticRuns.write(dir.resolve("run"), 0, 3_000, 3_400L, 6_000);
        Files.delete(run.resolve("summary.json"));
        IllegalArgumentException noSummary = assertThrows(IllegalArgumentException.class, () -> RunFolder.read(run));
        assertEquals(run.resolve("summary.json") + " does not exist; expected a run's summary.json",
                noSummary.getMessage());

        Files.writeString(run.resolve("summary.json"), "{not json");
        IllegalArgumentException badSummary = assertThrows(IllegalArgumentException.class, () -> RunFolder.read(run));
        assertTrue(badSummary.getMessage().startsWith(run.resolve("summary.json") + " is not a readable summary.json"),
                badSummary.getMessage());

        SyntheticRuns.write(run, 0, 3_000, 3_400L, 6_000);
        Files.delete(run.resolve("metrics.csv"));
        RunFolder folder = RunFolder.read(run);
        IllegalArgumentException noMetrics = assertThrows(IllegalArgumentException.class, folder::calibrationRun);
        assertEquals(run + " has summary.json but no metrics.csv; expected both from a finished grokwatch train run",
                noMetrics.getMessage());
        assertEquals(noMetrics.getMessage(), assertThrows(IllegalArgumentException.class, folder::history).getMessage());
    }
}
