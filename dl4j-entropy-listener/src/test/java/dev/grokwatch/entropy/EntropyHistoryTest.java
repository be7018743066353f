package dev.grokwatch.entropy;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class EntropyHistoryTest {

    static EntropyHistory sample() {
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults().withThreshold(0.61));
        history.append(new EntropyRecord(200, 0, 0.9, 2.5, Math.exp(2.5), new double[]{3, 2, 1}, 12.5, 0.25, 0.5, null,
                Phase.NORM_EXPANSION, null, null, 4.5));
        history.append(new EntropyRecord(400, 1, 0.55, 1.5, Math.exp(1.5), new double[]{5, 1}, 13.25, 1e-3, 1.0, 0.995,
                Phase.GROKKED, 420L, 0.8, 3.25));
        history.append(new EntropyRecord(600, 1, Double.NaN, Double.NaN, Double.NaN, new double[0], 13.0, Double.NaN,
                1.0, 0.99, Phase.GROKKED, null, null, 2.0));
        return history;
    }

    @Test
    void jsonRoundTripKeepsEigenvaluesEpochsAndCriteria(@TempDir Path dir) {
        Path json = dir.resolve("history.json");
        EntropyHistory original = sample();
        original.writeJson(json);
        EntropyHistory read = EntropyHistory.readJson(json);
        assertEquals(original.criteria(), read.criteria());
        assertEquals(original.size(), read.size());
        EntropyRecord b = read.records().get(1);
        assertArrayEquals(new double[]{5, 1}, b.topEigenvalues());
        assertEquals(1, b.epoch());
        assertEquals(420L, b.predictedGrokStep());
        assertTrue(Double.isNaN(read.records().get(2).normalisedEntropy()));
        assertNull(read.records().get(0).testAccuracy());
    }

    @Test
    void stepsMustIncrease() {
        EntropyHistory history = sample();
        EntropyRecord stale = history.records().get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> history.append(stale));
        assertTrue(e.getMessage().contains("600"), e.getMessage());
    }

    @Test
    void historyTravelsInsideAModelZip(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = TestNetworks.mln(1, 0);
        File zip = dir.resolve("model.zip").toFile();
        net.save(zip);
        EntropyHistory original = sample();
        original.saveTo(zip);
        EntropyHistory restored = EntropyHistory.restoreFrom(zip);
        assertEquals(original.records().size(), restored.records().size());
        assertEquals(original.grokStep(), restored.grokStep());
        // the model itself is untouched
        assertEquals(net.params(), MultiLayerNetwork.load(zip, false).params());
    }

    @Test
    void restoringFromAZipWithoutHistoryExplains(@TempDir Path dir) throws Exception {
        File zip = dir.resolve("model.zip").toFile();
        TestNetworks.mln(1, 0).save(zip);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EntropyHistory.restoreFrom(zip));
        assertTrue(e.getMessage().contains("no grokwatch history"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sample().saveTo(dir.resolve("missing.zip").toFile()));
    }
}
