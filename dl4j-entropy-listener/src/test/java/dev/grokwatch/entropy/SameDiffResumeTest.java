package dev.grokwatch.entropy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Continuing a curve on a saved graph ({@code resumeFrom(history)}), by the rule the DL4J listener applies: a graph
 * behind the history is refused before its first update, naming both steps; one ahead of it continues, the gap named.
 */
class SameDiffResumeTest {

    private static final DataSet TRAIN = TestNetworks.blobs(96, 1);
    private static final INDArray PROBE = TestNetworks.blobs(64, 3).getFeatures();

    private static SameDiffEntropyListener.Builder listener(SameDiff sd) {
        return SameDiffEntropyListener.builder(sd).probe("input", PROBE).variable("representation").everyNIterations(2);
    }

    /** One epoch: 6 steps of 16 examples. */
    private static void fitEpoch(SameDiff sd, SameDiffEntropyListener entropy) {
        sd.fit(SameDiffNetworks.batches(TRAIN, 16), 1, entropy);
    }

    private static List<Long> steps(SameDiffEntropyListener entropy) {
        return entropy.history().records().stream().map(EntropyRecord::step).toList();
    }

    private static Map<String, INDArray> variables(SameDiff sd) {
        Map<String, INDArray> values = new HashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                values.put(v.name(), v.getArr().dup());
            }
        }
        return values;
    }

    @Test
    void aGraphOlderThanTheHistoryIsRefusedBeforeItsFirstUpdateNamingBothSteps(@TempDir Path dir) {
        SameDiff sd = SameDiffNetworks.mlp(5, false);
        SameDiffEntropyListener entropy = listener(sd).build();
        File saved = dir.resolve("graph.sd").toFile();
        fitEpoch(sd, entropy);
        sd.save(saved, true);          // the graph at step 6 ...
        fitEpoch(sd, entropy);
        Path historyFile = dir.resolve("history.json");
        entropy.history().writeJson(historyFile); // ... with the history of step 12
        EntropyHistory history = EntropyHistory.readJson(historyFile);

        SameDiff restored = SameDiff.load(saved, true);
        assertEquals(6, restored.getTrainingConfig().getIterationCount(), "sd.save(file, true) keeps the step");
        Map<String, INDArray> before = variables(restored);
        SameDiffEntropyListener resumed = listener(restored).resumeFrom(history).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fitEpoch(restored, resumed));
        assertTrue(e.getMessage().contains("ends at step 12, but the graph has done only 6 updates"), e.getMessage());
        assertTrue(e.getMessage().contains("resumeFrom(history.upTo(6))"), e.getMessage());
        assertEquals(6, restored.getTrainingConfig().getIterationCount(), "no update");
        variables(restored).forEach((name, values) -> BitExact.assertBitIdentical(before.get(name), values, name));

        // the way the message shows: the history up to the graph's step, then every evaluation is measured again
        SameDiffEntropyListener honest = listener(restored).resumeFrom(history.upTo(6)).build();
        fitEpoch(restored, honest);
        assertEquals(List.of(2L, 4L, 6L, 8L, 10L, 12L), steps(honest));
        for (int i = 3; i < 6; i++) {
            assertEquals(entropy.history().records().get(i).normalisedEntropy(),
                    honest.history().records().get(i).normalisedEntropy(), 1e-6,
                    "the restored graph trains on as the original did, step " + honest.history().records().get(i).step());
        }
    }

    @Test
    void aHistoryBehindTheGraphContinuesWithTheGapNamed() {
        SameDiff sd = SameDiffNetworks.mlp(5, false);
        SameDiffEntropyListener entropy = listener(sd).build();
        fitEpoch(sd, entropy);
        EntropyHistory atStep4 = entropy.history().upTo(4);

        SameDiffEntropyListener resumed = listener(sd).resumeFrom(atStep4).build();
        String log = StandardError.captured(() -> fitEpoch(sd, resumed));
        assertTrue(log.contains("SameDiffEntropyListener - grokwatch: the resumed history ends at step 4 but the graph"
                + " has done 6 updates: steps 5 to 6 have no evaluations"), log);
        assertEquals(List.of(2L, 4L, 8L, 10L, 12L), steps(resumed), "recorded honestly, the gap named");
    }
}
