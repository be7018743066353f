package dev.grokwatch.examples.run;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.entropy.forecast.RunHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /**
     * Finished means readable: a summary of a run that was not interrupted and a metrics.csv read whole. A crash
     * that cut metrics.csv mid-line leaves a run to train again, which sweep, reproduce and a run requiring it
     * (the norm-matched control) all read from this one predicate.
     */
    @Test
    void aRunIsFinishedOnlyWithASummaryAndAMetricsCsvReadWhole(@TempDir Path dir) throws IOException {
        Path run = SyntheticRuns.write(dir.resolve("run"), 0, 3_000, 3_400L, 6_000);
        assertTrue(RunFolder.finished(run));
        assertEquals(Optional.empty(), RunFolder.whyNotFinished(run));

        Path metrics = run.resolve(RunFolder.METRICS);
        String whole = Files.readString(metrics);
        Files.writeString(metrics, whole.substring(0, whole.length() - 12)); // cut inside the last row
        assertFalse(RunFolder.finished(run));
        long lastLine = whole.lines().count();
        assertEquals("unreadable: " + metrics + " line " + lastLine + " has no 'phase' cell; expected as many cells"
                + " as the header has columns", RunFolder.whyNotFinished(run).orElseThrow());

        Files.writeString(metrics, whole.substring(0, whole.indexOf('\n') + 1) + "200,0.01,1.0,0.02,0.7");
        assertTrue(RunFolder.whyNotFinished(run).orElseThrow().startsWith("unreadable: " + metrics + " line 2"),
                RunFolder.whyNotFinished(run).orElseThrow());

        Files.writeString(metrics, whole);
        Files.writeString(run.resolve(RunFolder.SUMMARY), Files.readString(run.resolve(RunFolder.SUMMARY))
                .replace("\"grokked\"", "\"interrupted\""));
        assertEquals(Optional.of("interrupted before it finished"), RunFolder.whyNotFinished(run));
        Files.writeString(run.resolve(RunFolder.SUMMARY), "{\"task\": \"add\", \"seed");
        assertTrue(RunFolder.whyNotFinished(run).orElseThrow().startsWith("unreadable: " + run.resolve(
                RunFolder.SUMMARY) + " is not a readable summary.json"), RunFolder.whyNotFinished(run).orElseThrow());
        Files.delete(run.resolve(RunFolder.SUMMARY));
        assertEquals(Optional.of("no summary.json: not finished (stopped or crashed)"), RunFolder.whyNotFinished(run));
        assertFalse(RunFolder.finished(dir.resolve("absent")));
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
    private static RunSummary summary(Path dir, String fields) throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("summary.json"), "{\"task\": \"add\", \"modulus\": 97, \"model\": "
                + "\"transformer\", \"seed\": 1, \"train_fraction\": 0.3" + fields + "}");
        return RunFolder.read(run).summary();
    }

    @Test
    void aSummaryWrittenBeforeTheTrainingSettingsReadsAsTheDefaultsOfThatTime(@TempDir Path dir) throws IOException {
        RunSummary old = summary(dir, "");
        assertEquals(512, old.batchSize());
        assertEquals(1e-3, old.learningRate());
        assertEquals(1.0, old.weightDecay());
        assertEquals(200, old.evalEvery());
        assertEquals(512, old.probeSize());
        assertEquals(0.0, old.mix());
        assertEquals(null, old.normControl());
        assertEquals("add mod 97, transformer, fraction 0.3", old.taskLabel());
        assertEquals(old.taskLabel(), RunSummary.taskLabel(TrainingConfig.builder().build()),
                "the defaults of that time are today's");
    }

    /** Each setting that changes the run is in the label when not at its default, so calibrate tells runs apart. */
    @Test
    void everyTrainingSettingNotAtItsDefaultIsInTheTaskLabel(@TempDir Path dir) throws IOException {
        assertEquals("add mod 97, transformer, fraction 0.3, lr 1e-4", summary(dir, ", \"lr\": 1.0E-4").taskLabel());
        assertEquals("add mod 97, transformer, fraction 0.3, weight decay 0",
                summary(dir, ", \"weight_decay\": 0.0").taskLabel());
        assertEquals("add mod 97, transformer, fraction 0.3, eval every 100",
                summary(dir, ", \"eval_every\": 100").taskLabel());
        assertEquals("add mod 97, transformer, fraction 0.3, batch 256", summary(dir, ", \"batch_size\": 256").taskLabel());
        assertEquals("add mod 97, transformer, fraction 0.3, probe 256", summary(dir, ", \"probe_size\": 256").taskLabel());
        assertEquals("add mod 97, transformer, fraction 0.3, mix 0.3", summary(dir, ", \"mix\": 0.3").taskLabel());
        assertEquals("add mod 97, transformer, fraction 0.3, norm control",
                summary(dir, ", \"norm_control\": \"40\"").taskLabel());
        assertEquals("add mod 97, transformer, fraction 0.3, batch 64, lr 3e-4, weight decay 0.5",
                summary(dir, ", \"batch_size\": 64, \"lr\": 3.0E-4, \"weight_decay\": 0.5").taskLabel());
        // the label of a run is known before it runs, and is the one its summary will have
        TrainingConfig config = TrainingConfig.builder().learningRate(1e-4).weightDecay(0.0).evalEvery(100).build();
        assertEquals("add mod 97, transformer, fraction 0.3, lr 1e-4, weight decay 0, eval every 100",
                RunSummary.taskLabel(config));
    }

    @Test
    void theSettingsInWhichSummariesDifferAreNamedWithTheirValues(@TempDir Path dir) throws IOException {
        RunSummary base = summary(dir.resolve("a"), "");
        RunSummary slow = summary(dir.resolve("b"), ", \"lr\": 1.0E-4");
        RunSummary bare = summary(dir.resolve("c"), ", \"lr\": 1.0E-4, \"weight_decay\": 0.0");
        assertEquals(List.of(), RunSummary.differences(List.of(base, base)));
        assertEquals(List.of("lr (1e-3, 1e-4)"), RunSummary.differences(List.of(base, slow, base)));
        assertEquals(List.of("lr (1e-3, 1e-4)", "weight decay (1, 0)"), RunSummary.differences(List.of(base, slow, bare)));
    }

    @Test
    void theTrainingSettingsAreWrittenAndReadBack(@TempDir Path dir) throws IOException {
        RunSummary written = summary(dir, ", \"lr\": 1.0E-4, \"weight_decay\": 0.0, \"eval_every\": 100,"
                + " \"probe_size\": 256, \"mix\": 0.3, \"norm_control\": \"runs/base/metrics.csv\"");
        Path again = dir.resolve("again.json");
        written.write(again);
        assertEquals(written, RunSummary.read(again));
        String text = Files.readString(again).replaceAll("\\s+", "");
        assertTrue(text.contains("\"batch_size\":512,\"lr\":1.0E-4,\"weight_decay\":0.0,\"eval_every\":100,"
                + "\"probe_size\":256,\"mix\":0.3,\"norm_control\":\"runs/base/metrics.csv\",\"steps_run\""), text);
    }
}
