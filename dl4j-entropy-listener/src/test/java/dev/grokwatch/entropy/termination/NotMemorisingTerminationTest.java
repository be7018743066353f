package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.EntropyEventType;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.Phase;
import dev.grokwatch.entropy.SpectralEntropyListener;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.IterationTerminationCondition;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The early-stopping conditions on a real run that never memorises: labels independent of the
 * features and a learning rate large enough to saturate the tanh layer, so H̃ falls from above
 * 0.1 to below it at once while training accuracy stays at chance.
 */
class NotMemorisingTerminationTest {

    static final DataSet RANDOM_LABELS = randomLabels(EntropyTerminationTest.blobs(400, 1), 5);
    static final DataSet TEST = randomLabels(EntropyTerminationTest.blobs(200, 2), 6);
    static final int EPOCHS = 10; // 4 iterations each

    static DataSet randomLabels(DataSet data, long seed) {
        DataSet copy = data.copy();
        Random random = new Random(seed);
        for (int i = 0; i < copy.numExamples(); i++) {
            int label = random.nextInt(2);
            copy.getLabels().putScalar(i, label, 1);
            copy.getLabels().putScalar(i, 1 - label, 0);
        }
        return copy;
    }

    record Run(SpectralEntropyListener entropy, EarlyStoppingResult<MultiLayerNetwork> result) {
    }

    static Run train(Function<SpectralEntropyListener, IterationTerminationCondition> condition) {
        MultiLayerNetwork net = EntropyTerminationTest.net(0.2);
        SpectralEntropyListener entropy = SpectralEntropyListener.builder().probe(RANDOM_LABELS.getFeatures()).layer(0)
                .everyNIterations(1).threshold(0.1).evaluateOn(TEST).trainAccuracyOn(RANDOM_LABELS)
                .verdictSteps(1_000, 4).notMemorisedWithin(20).build();
        net.addListeners(entropy);
        EarlyStoppingConfiguration<MultiLayerNetwork> config = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                .iterationTerminationConditions(condition.apply(entropy))
                .epochTerminationConditions(new MaxEpochsTerminationCondition(EPOCHS))
                .scoreCalculator(new DataSetLossCalculator(new ViewIterator(TEST, 100), true))
                .modelSaver(new InMemoryModelSaver<>()).saveLastModel(true).build();
        return new Run(entropy, new EarlyStoppingTrainer(config, net, new ViewIterator(RANDOM_LABELS, 100)).fit());
    }

    @Test
    void thresholdCrossedDoesNotStopARunThatNeverMemorised() {
        Run run = train(EntropyTermination::thresholdCrossed);
        List<EntropyRecord> records = run.entropy().history().records();
        // the curve does come down through H̃* = 0.1, after a fall that would count as an onset …
        assertTrue(records.get(0).normalisedEntropy() >= 0.1, records.get(0).toString());
        assertTrue(records.get(4).normalisedEntropy() < records.get(0).normalisedEntropy() - 0.02);
        assertTrue(records.get(4).normalisedEntropy() < 0.1);
        // … but nothing was memorised: no collapse, no crossing, training runs to its epoch limit
        assertTrue(records.stream().allMatch(r -> r.trainAccuracy() < 0.7), "random labels stay near chance");
        assertEquals(EarlyStoppingResult.TerminationReason.EpochTerminationCondition,
                run.result().getTerminationReason());
        assertEquals(4L * EPOCHS, run.entropy().currentStep());
        assertTrue(run.entropy().stepOf(EntropyEventType.COLLAPSE_ONSET).isEmpty());
        assertTrue(run.entropy().stepOf(EntropyEventType.THRESHOLD_CROSSED).isEmpty());
        assertEquals(20, run.entropy().stepOf(EntropyEventType.NOT_MEMORISING).getAsLong());
        assertEquals(Phase.NOT_MEMORISING, run.entropy().phase());
    }

    @Test
    void collapseWithoutGeneralisationDoesNotFireWithoutACrossing() {
        Run run = train(EntropyTermination::collapseWithoutGeneralisation);
        assertEquals(EarlyStoppingResult.TerminationReason.EpochTerminationCondition,
                run.result().getTerminationReason());
        assertTrue(run.entropy().stepOf(EntropyEventType.COLLAPSE_WITHOUT_GENERALISATION).isEmpty());
    }

    @Test
    void noCollapseWithinGivesUpOnIt() {
        Run run = train(entropy -> EntropyTermination.noCollapseWithin(entropy, 12));
        assertEquals(EarlyStoppingResult.TerminationReason.IterationTerminationCondition,
                run.result().getTerminationReason());
        assertEquals(12, run.entropy().currentStep());
    }
}
