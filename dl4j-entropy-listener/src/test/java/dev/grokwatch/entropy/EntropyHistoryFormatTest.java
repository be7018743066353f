package dev.grokwatch.entropy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Files written before {@link EntropyRecord} was built from parts (test resources {@code history-format-1.*},
 * written by the positional constructor's code) still read back as the same history: the JSON (byte for
 * byte when written again), the Java serialisation and the entry in a model zip.
 */
class EntropyHistoryFormatTest {

    /** The history the resources hold, built here from parts. */
    static EntropyHistory expected() {
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults().withThreshold(0.61).withCollapse(0.03, 4));
        history.append(EntropyRecord.builder().at(200, 0).spectrum(0.9, 2.5, Math.exp(2.5), new double[]{3, 2, 1})
                .paramNorm(12.5).trainLoss(0.25).trainAccuracy(0.5).phase(Phase.NORM_EXPANSION).wallMs(4.5).build());
        history.append(EntropyRecord.builder().at(400, 1).spectrum(0.55, 1.5, Math.exp(1.5), new double[]{5, 1})
                .paramNorm(13.25).trainLoss(1e-3).trainAccuracy(1.0).testAccuracy(0.5).phase(Phase.ENTROPY_COLLAPSE)
                .predictedGrokStep(420L).fourierAlignment(0.8).wallMs(3.25).build());
        history.append(EntropyRecord.builder().at(600, 1).spectrum(0.5, 1.25, Math.exp(1.25), null).paramNorm(13.0)
                .trainLoss(2e-3).trainAccuracy(1.0).testAccuracy(0.995).phase(Phase.GROKKED).fourierAlignment(-0.125)
                .wallMs(2.0).build());
        history.append(EntropyRecord.builder().at(800, 2).spectrum(Double.NaN, Double.NaN, Double.NaN, new double[0])
                .paramNorm(Double.POSITIVE_INFINITY).trainLoss(Double.NaN).trainAccuracy(Double.NaN).testAccuracy(0.99)
                .phase(Phase.DIVERGED).wallMs(0.0).build());
        return history;
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(EntropyHistoryFormatTest.class.getResource(name).toURI());
    }

    static void assertSameHistory(EntropyHistory expected, EntropyHistory read) {
        assertEquals(expected.criteria(), read.criteria());
        assertEquals(expected.records(), read.records());
    }

    @Test
    void jsonWrittenBeforeReadsBackEqualAndIsWrittenAgainByteForByte() throws Exception {
        Path json = resource("history-format-1.json");
        EntropyHistory read = EntropyHistory.readJson(json);
        assertSameHistory(expected(), read);
        assertEquals(Files.readString(json, StandardCharsets.UTF_8), expected().toJson());
    }

    @Test
    void javaSerialisationWrittenBeforeReadsBackEqual() throws Exception {
        try (InputStream bytes = Files.newInputStream(resource("history-format-1.ser"));
             ObjectInputStream in = new ObjectInputStream(bytes)) {
            assertSameHistory(expected(), (EntropyHistory) in.readObject());
        }
    }

    @Test
    void modelZipWrittenBeforeRestoresEqualAndTakesANewHistory(@TempDir Path dir) throws Exception {
        assertSameHistory(expected(), EntropyHistory.restoreFrom(resource("history-format-1.zip").toFile()));
        File copy = dir.resolve("model.zip").toFile();
        Files.copy(resource("history-format-1.zip"), copy.toPath());
        EntropyHistory shorter = expected().upTo(400);
        shorter.saveTo(copy);
        assertEquals(List.of(200L, 400L), EntropyHistory.restoreFrom(copy).records().stream()
                .map(EntropyRecord::step).toList());
    }
}
