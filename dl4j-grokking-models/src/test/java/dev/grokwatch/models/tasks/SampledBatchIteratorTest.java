package dev.grokwatch.models.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class SampledBatchIteratorTest {

    private static final GroupDataset ADD97 = GroupDataset.split(GroupTask.modularAddition(97), 0.3, 0);

    @Test
    void defaultEpochIsOnePassWorthOfBatches() {
        SampledBatchIterator batches = ADD97.trainIterator(0);
        assertEquals(512, batches.batch());
        assertEquals(6, batches.batchesPerEpoch()); // ceil(2823 / 512)
        assertEquals(3, batches.inputColumns());
        assertEquals(97, batches.totalOutcomes());
        assertFalse(batches.asyncSupported());
    }

    @Test
    void sameSeedSameBatchesOtherSeedOtherBatches() {
        SampledBatchIterator first = ADD97.trainIterator(512, 5);
        SampledBatchIterator again = ADD97.trainIterator(512, 5);
        SampledBatchIterator other = ADD97.trainIterator(512, 6);
        for (int i = 0; i < 3; i++) {
            DataSet batch = first.next();
            DataSet repeat = again.next();
            assertEquals(batch.getFeatures(), repeat.getFeatures());
            assertEquals(batch.getLabels(), repeat.getLabels());
            assertNotEquals(batch.getFeatures(), other.next().getFeatures());
        }
    }

    @Test
    void batchesComeFromTheTrainingSplitWithCorrectLabels() {
        Set<String> train = new HashSet<>(GroupDatasetTest.pairs(ADD97.trainDataSet().getFeatures()));
        SampledBatchIterator batches = ADD97.trainIterator(256, 1);
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            INDArray x = batch.getFeatures();
            assertArrayEquals(new long[] {256, 3}, x.shape());
            assertArrayEquals(new long[] {256, 97}, batch.getLabels().shape());
            assertTrue(train.containsAll(GroupDatasetTest.pairs(x)));
            for (int row = 0; row < x.rows(); row++) {
                int expected = (x.getInt(row, 0) + x.getInt(row, 1)) % 97;
                assertEquals(expected, batch.getLabels().getRow(row).argMax().getInt(0));
            }
        }
    }

    @Test
    void samplesWithReplacementAndReachesEveryTrainingRow() {
        GroupDataset small = GroupDataset.split(GroupTask.modularAddition(5), 0.5, 0); // 13 training pairs
        SampledBatchIterator batches = small.trainIterator(50, 0).batchesPerEpoch(20);
        Set<String> seen = new HashSet<>();
        while (batches.hasNext()) {
            List<String> drawn = GroupDatasetTest.pairs(batches.next().getFeatures());
            assertEquals(50, drawn.size(), "a batch larger than the split needs replacement");
            seen.addAll(drawn);
        }
        assertEquals(new HashSet<>(GroupDatasetTest.pairs(small.trainDataSet().getFeatures())), seen);
    }

    @Test
    void epochsEndAfterTheConfiguredBatchesAndContinueTheStream() {
        SampledBatchIterator cut = ADD97.trainIterator(64, 9).batchesPerEpoch(2);
        SampledBatchIterator whole = ADD97.trainIterator(64, 9).batchesPerEpoch(4);
        INDArray[] stream = new INDArray[4];
        for (int i = 0; i < 4; i++) {
            stream[i] = whole.next().getFeatures();
        }
        assertEquals(stream[0], cut.next().getFeatures());
        assertEquals(stream[1], cut.next().getFeatures());
        assertFalse(cut.hasNext());
        NoSuchElementException spent = assertThrows(NoSuchElementException.class, cut::next);
        assertTrue(spent.getMessage().contains("reset()"), spent.getMessage());
        cut.reset();
        assertEquals(stream[2], cut.next().getFeatures());
        assertEquals(stream[3], cut.next().getFeatures());
    }

    @Test
    void fitRunsBatchesPerEpochStepsPerEpoch() {
        GroupDataset data = GroupDataset.split(GroupTask.modularAddition(7), 0.5, 0);
        MultiLayerNetwork net = TinyNetworks.embeddingClassifier(data.task());
        SampledBatchIterator batches = data.trainIterator(16, 0).batchesPerEpoch(5);
        net.fit(batches);
        assertEquals(5, net.getIterationCount());
        net.fit(batches, 3);
        assertEquals(20, net.getIterationCount());
    }

    @Test
    void rejectsBadSizes() {
        IllegalArgumentException epoch = assertThrows(IllegalArgumentException.class,
                () -> ADD97.trainIterator(0).batchesPerEpoch(0));
        assertTrue(epoch.getMessage().contains("batchesPerEpoch must be at least 1, got 0"), epoch.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class, () -> ADD97.trainIterator(0, 0));
        assertTrue(batch.getMessage().contains("batchSize must be at least 1, got 0"), batch.getMessage());
    }
}
