package dev.grokwatch.entropy;

import dev.grokwatch.entropy.termination.EntropyTermination;
import dev.grokwatch.entropy.termination.SameDiffTermination;
import org.deeplearning4j.earlystopping.termination.MaxScoreIterationTerminationCondition;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The EntropyTermination conditions stop a SameDiff fit, at epoch end and, through the wrapping iterator, mid-epoch. */
class SameDiffStoppingTest {

    private static final DataSet TRAIN = TestNetworks.blobs(96, 1);
    private static final DataSet TEST = TestNetworks.blobs(60, 2);
    private static final INDArray PROBE = TestNetworks.blobs(64, 3).getFeatures();
    private static final int BATCHES_PER_EPOCH = 12;
    private static final int MAX_EPOCHS = 20;
    private static final long EXTRA_STEPS = 2;

    private static SameDiffEntropyListener listener(SameDiff sd) {
        return SameDiffEntropyListener.builder(sd).probe("input", PROBE).variable("representation")
                .everyNIterations(5).evaluateOn(TEST).trainAccuracyOn(TRAIN).outputVariable("output").build();
    }

    private static long generalisedStep(SameDiffEntropyListener entropy) {
        return entropy.stepOf(EntropyEventType.GROKKED).orElseGet(
                () -> entropy.stepOf(EntropyEventType.GENERALISED).orElseThrow());
    }

    @Test
    void theWrappingIteratorStopsMidEpochAfterTheUpdateThatMetTheCondition() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        SameDiffEntropyListener entropy = listener(sd);
        SameDiffTermination stop = SameDiffTermination.when(EntropyTermination.grokked(entropy, EXTRA_STEPS));
        DataSetIterator wrapped = stop.iterator(SameDiffNetworks.batches(TRAIN, 8));
        assertFalse(wrapped.asyncSupported(), "no prefetch past the stop");
        sd.fit(wrapped, MAX_EPOCHS, entropy, stop);

        long met = generalisedStep(entropy) + EXTRA_STEPS; // not an evaluation step: checked after every update
        assertTrue(met % BATCHES_PER_EPOCH != 0, "the condition is met mid-epoch, at step " + met);
        assertEquals(met, sd.getTrainingConfig().getIterationCount(), "no update after the one that met it");
        assertEquals(met, entropy.currentStep());
        assertTrue(stop.stoppedBy().isPresent());
        assertTrue(stop.stoppedBy().get().toString().contains("stopped at step " + met), stop.stoppedBy().get().toString());
    }

    @Test
    void withoutTheWrapperTrainingStopsAtTheEndOfTheEpochInWhichTheConditionWasMet() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        SameDiffEntropyListener entropy = listener(sd);
        SameDiffTermination stop = SameDiffTermination.when(EntropyTermination.grokked(entropy, EXTRA_STEPS));
        sd.fit(SameDiffNetworks.batches(TRAIN, 8), MAX_EPOCHS, entropy, stop);

        long met = generalisedStep(entropy) + EXTRA_STEPS;
        long epochEnd = (met + BATCHES_PER_EPOCH - 1) / BATCHES_PER_EPOCH * BATCHES_PER_EPOCH;
        assertTrue(epochEnd < (long) MAX_EPOCHS * BATCHES_PER_EPOCH, "stopped before the budget");
        assertEquals(epochEnd, sd.getTrainingConfig().getIterationCount());
        assertEquals(epochEnd / BATCHES_PER_EPOCH, sd.getTrainingConfig().getEpochCount());
    }

    @Test
    void aFitStartedOnceAConditionHoldsIsRefusedBeforeItsFirstUpdate() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        SameDiffEntropyListener entropy = listener(sd);
        SameDiffTermination stop = SameDiffTermination.when(EntropyTermination.grokked(entropy));
        sd.fit(stop.iterator(SameDiffNetworks.batches(TRAIN, 8)), MAX_EPOCHS, entropy, stop);
        int stoppedAt = sd.getTrainingConfig().getIterationCount();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> sd.fit(stop.iterator(SameDiffNetworks.batches(TRAIN, 8)), 1, entropy, stop));
        assertTrue(e.getMessage().contains("holds already"), e.getMessage());
        assertEquals(stoppedAt, sd.getTrainingConfig().getIterationCount());
    }

    @Test
    void conditionsThatCannotFireOrAreNotEntropyConditionsAreRefused() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        SameDiffEntropyListener bare = SameDiffEntropyListener.builder(sd).probe("input", PROBE)
                .variable("representation").everyNIterations(5).build();
        IllegalStateException noTest = assertThrows(IllegalStateException.class,
                () -> SameDiffTermination.when(EntropyTermination.grokked(bare)));
        assertTrue(noTest.getMessage().contains(".evaluateOn(testData)"), noTest.getMessage());
        IllegalStateException noThreshold = assertThrows(IllegalStateException.class,
                () -> SameDiffTermination.when(EntropyTermination.thresholdCrossed(bare)));
        assertTrue(noThreshold.getMessage().contains(".threshold(value)"), noThreshold.getMessage());
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> SameDiffTermination.when(new MaxScoreIterationTerminationCondition(10)));
        assertTrue(foreign.getMessage().contains("not one of EntropyTermination's"), foreign.getMessage());
        assertThrows(IllegalArgumentException.class, SameDiffTermination::when);
    }
}
