package dev.grokwatch.entropy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.ViewIterator;

import static org.junit.jupiter.api.Assertions.*;

/** The listener's callback counts, against DL4J's own epoch and iteration counters, and the marks read on them. */
class CallbackCountsTest {

    @Test
    void countsWhatDl4jCalledOnATrainedModel() {
        var train = TestNetworks.blobs(120, 1);
        var net = TestNetworks.mln(1, 0);
        SpectralEntropyListener entropy = SpectralEntropyListener.builder().probe(train.getFeatures()).layer(1)
                .everyNIterations(5).build();
        assertEquals(CallbackCounts.NONE, entropy.callbacks());
        net.addListeners(entropy);
        net.fit(new ViewIterator(train, 40), 2); // 3 minibatches, 2 epochs
        assertEquals(new CallbackCounts(net.getEpochCount(), net.getEpochCount(), net.getIterationCount()),
                entropy.callbacks());
        assertEquals(new CallbackCounts(2, 2, 6), entropy.callbacks());
        net.fit(train); // fit(DataSet): an iteration, no epoch callbacks
        assertEquals(new CallbackCounts(2, 2, 7), entropy.callbacks());
    }

    @Test
    void theFirstEpochAndIterationsAreReadSinceAMark() {
        CallbackCounts mark = new CallbackCounts(3, 3, 12);
        assertFalse(mark.inFirstEpochSince(mark), "no epoch started since");
        assertTrue(new CallbackCounts(4, 3, 12).inFirstEpochSince(mark));
        assertTrue(new CallbackCounts(4, 3, 15).inFirstEpochSince(mark));
        assertFalse(new CallbackCounts(4, 4, 16).inFirstEpochSince(mark), "its first epoch ended");
        assertFalse(new CallbackCounts(5, 4, 17).inFirstEpochSince(mark));
        assertTrue(new CallbackCounts(1, 0, 1).inFirstEpochSince(CallbackCounts.NONE));
        assertFalse(new CallbackCounts(3, 3, 14).inFirstEpochSince(CallbackCounts.NONE), "a fit(DataSet) loop after epochs");
        assertFalse(mark.iteratedSince(mark));
        assertTrue(new CallbackCounts(3, 3, 13).iteratedSince(mark));
    }

    @Test
    void negativeCountsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CallbackCounts(0, -1, 0));
        assertTrue(e.getMessage().contains("must be >= 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CallbackCounts(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CallbackCounts(0, 0, -1));
    }
}
