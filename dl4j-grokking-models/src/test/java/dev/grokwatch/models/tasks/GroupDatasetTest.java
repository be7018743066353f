package dev.grokwatch.models.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

class GroupDatasetTest {

    private static final GroupTask ADD97 = GroupTask.modularAddition(97);

    /** Rows of [a, b, =] token features as "a,b" strings. */
    static List<String> pairs(INDArray features) {
        List<String> pairs = new ArrayList<>();
        for (int row = 0; row < features.rows(); row++) {
            pairs.add(features.getInt(row, 0) + "," + features.getInt(row, 1));
        }
        return pairs;
    }

    @Test
    void splitSizesFollowTheRoundedFraction() {
        GroupDataset data = GroupDataset.split(ADD97, 0.3, 0);
        assertEquals(2823, data.trainSize()); // round(0.3 · 9409 = 2822.7)
        assertEquals(9409 - 2823, data.testSize());

        GroupDataset division = GroupDataset.split(GroupTask.modularDivision(97), 0.3, 0);
        assertEquals(2794, division.trainSize()); // round(0.3 · 97 · 96 = 2793.6)
        assertEquals(9312 - 2794, division.testSize());

        GroupDataset s5 = GroupDataset.split(GroupTask.s5(), 0.5, 0);
        assertEquals(7200, s5.trainSize());
        assertEquals(7200, s5.testSize());
        assertEquals("add97 (train 2823, test 6586)", data.toString());
    }

    @Test
    void splitsAreDisjointAndCoverEveryDefinedPair() {
        GroupTask division = GroupTask.modularDivision(13);
        GroupDataset data = GroupDataset.split(division, 0.4, 3);
        List<String> train = pairs(data.trainDataSet().getFeatures());
        List<String> test = pairs(data.testDataSet().getFeatures());
        Set<String> trainSet = new HashSet<>(train);
        Set<String> testSet = new HashSet<>(test);
        assertEquals(train.size(), trainSet.size(), "no repeated training pair");
        assertEquals(test.size(), testSet.size(), "no repeated test pair");

        Set<String> expected = new HashSet<>();
        for (int a = 0; a < 13; a++) {
            for (int b = 1; b < 13; b++) {
                expected.add(a + "," + b);
            }
        }
        Set<String> union = new HashSet<>(trainSet);
        union.addAll(testSet);
        assertEquals(expected, union);
        assertEquals(expected.size(), train.size() + test.size(), "disjoint");
    }

    @Test
    void featuresAreTokensAndLabelsAreOneHotClasses() {
        GroupTask sub = GroupTask.modularSubtraction(11);
        DataSet train = GroupDataset.split(sub, 0.5, 1).trainDataSet();
        INDArray x = train.getFeatures();
        INDArray y = train.getLabels();
        assertEquals(DataType.FLOAT, x.dataType());
        assertEquals(DataType.FLOAT, y.dataType());
        assertArrayEquals(new long[] {61, 3}, x.shape()); // round(0.5 · 121 = 60.5)
        assertArrayEquals(new long[] {61, 11}, y.shape());
        for (int row = 0; row < x.rows(); row++) {
            int a = x.getInt(row, 0);
            int b = x.getInt(row, 1);
            assertEquals(11, x.getInt(row, 2), "= token");
            assertEquals(1.0, y.getRow(row).sumNumber().doubleValue(), 0.0);
            assertEquals(((a - b) % 11 + 11) % 11, y.getRow(row).argMax().getInt(0), a + "-" + b);
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        GroupDataset first = GroupDataset.split(ADD97, 0.3, 42);
        GroupDataset again = GroupDataset.split(ADD97, 0.3, 42);
        GroupDataset other = GroupDataset.split(ADD97, 0.3, 43);
        assertEquals(first.trainDataSet().getFeatures(), again.trainDataSet().getFeatures());
        assertEquals(first.testDataSet().getFeatures(), again.testDataSet().getFeatures());
        assertNotEquals(new HashSet<>(pairs(first.trainDataSet().getFeatures())),
                new HashSet<>(pairs(other.trainDataSet().getFeatures())));
    }

    @Test
    void divisionNeverContainsDivisorZero() {
        GroupDataset data = GroupDataset.split(GroupTask.modularDivision(7), 0.5, 0);
        for (String pair : pairs(data.trainDataSet().getFeatures())) {
            assertTrue(!pair.endsWith(",0"), pair);
        }
        for (String pair : pairs(data.testDataSet().getFeatures())) {
            assertTrue(!pair.endsWith(",0"), pair);
        }
    }

    @Test
    void rejectsFractionsOutsideTheOpenUnitInterval() {
        for (double fraction : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GroupDataset.split(ADD97, fraction, 0));
            assertTrue(e.getMessage().contains("trainFraction must be in (0, 1)"), e.getMessage());
        }
    }

    @Test
    void rejectsFractionsThatLeaveASplitEmpty() {
        GroupTask add2 = GroupTask.modularAddition(2); // 4 pairs: fractions in [0.125, 0.875) work
        IllegalArgumentException noTrain = assertThrows(IllegalArgumentException.class,
                () -> GroupDataset.split(add2, 0.1, 0));
        assertTrue(noTrain.getMessage().contains("training split of add2 empty")
                && noTrain.getMessage().contains("[0.125, 0.875)"), noTrain.getMessage());
        IllegalArgumentException noTest = assertThrows(IllegalArgumentException.class,
                () -> GroupDataset.split(add2, 0.9, 0));
        assertTrue(noTest.getMessage().contains("test split of add2 empty"), noTest.getMessage());
        assertEquals(1, GroupDataset.split(add2, 0.125, 0).trainSize());
    }

    @Test
    void probeHoldsDistinctTrainingInputs() {
        GroupDataset data = GroupDataset.split(ADD97, 0.3, 0);
        INDArray probe = data.probe(512, 7);
        assertArrayEquals(new long[] {512, 3}, probe.shape());
        List<String> probed = pairs(probe);
        assertEquals(512, new HashSet<>(probed).size(), "distinct");
        assertTrue(new HashSet<>(pairs(data.trainDataSet().getFeatures())).containsAll(probed));
        assertEquals(probe, data.probe(512, 7));
        assertEquals(data.trainSize(), new HashSet<>(pairs(data.probe(data.trainSize(), 1))).size());

        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> data.probe(2824, 0));
        assertTrue(tooMany.getMessage().contains("probe size n must be in [1, 2823]")
                && tooMany.getMessage().contains("got 2824"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> data.probe(0, 0));
    }

    @Test
    void testProbeHoldsDistinctTestInputsAndLeavesTheTrainingProbeAlone() {
        GroupDataset data = GroupDataset.split(ADD97, 0.3, 0);
        INDArray trainProbe = data.probe(512, 7);
        INDArray probe = data.testProbe(512, 7);
        assertArrayEquals(new long[] {512, 3}, probe.shape());
        List<String> probed = pairs(probe);
        assertEquals(512, new HashSet<>(probed).size(), "distinct");
        assertTrue(new HashSet<>(pairs(data.testDataSet().getFeatures())).containsAll(probed));
        assertEquals(probe, data.testProbe(512, 7));
        assertEquals(trainProbe, data.probe(512, 7)); // drawing it moved no other generator
        assertEquals(data.testSize(), new HashSet<>(pairs(data.testProbe(data.testSize(), 1))).size());

        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> data.testProbe(6587, 0));
        assertTrue(tooMany.getMessage().contains("test probe size n must be in [1, 6586] (the test split of add97)")
                && tooMany.getMessage().contains("got 6587"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> data.testProbe(0, 0));
    }

    @Test
    void evaluationIteratorsWalkTheSplitsInOrder() {
        GroupDataset data = GroupDataset.split(GroupTask.modularMultiplication(23), 0.3, 0);
        assertEquals(data.testDataSet().getFeatures(), concatenated(data.testIterator(100), 100, data.testSize()));
        assertEquals(data.trainDataSet().getFeatures(), concatenated(data.trainEvalIterator(64), 64, data.trainSize()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> data.testIterator(0));
        assertTrue(e.getMessage().contains("batchSize must be at least 1"), e.getMessage());
    }

    private static INDArray concatenated(DataSetIterator batches, int batchSize, int total) {
        List<INDArray> parts = new ArrayList<>();
        while (batches.hasNext()) {
            INDArray features = batches.next().getFeatures();
            int expectedRows = Math.min(batchSize, total - parts.size() * batchSize);
            assertEquals(expectedRows, features.rows());
            parts.add(features);
        }
        return Nd4j.vstack(parts.toArray(new INDArray[0]));
    }

    @Test
    void embeddingSequenceLayerTakesBothInputShapes() {
        GroupDataset data = GroupDataset.split(GroupTask.modularAddition(7), 0.5, 0);
        MultiLayerNetwork net = TinyNetworks.embeddingClassifier(data.task());
        INDArray tokens = data.probe(10, 0);
        INDArray sequence = GroupDataset.asSequenceInput(tokens);
        assertArrayEquals(new long[] {10, 1, 3}, sequence.shape());
        INDArray out = net.output(tokens, false);
        assertArrayEquals(new long[] {10, 7}, out.shape());
        assertEquals(out, net.output(sequence, false));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GroupDataset.asSequenceInput(Nd4j.zeros(4, 2)));
        assertTrue(e.getMessage().contains("[N, 3]") && e.getMessage().contains("[4, 2]"), e.getMessage());
    }

    @Test
    void buildingDataLeavesNd4jRandomUntouched() {
        Nd4j.getRandom().setSeed(123);
        double expected = Nd4j.getRandom().nextDouble();

        Nd4j.getRandom().setSeed(123);
        GroupDataset data = GroupDataset.split(ADD97, 0.3, 0);
        data.probe(512, 0);
        data.trainIterator(0).next();
        assertEquals(expected, Nd4j.getRandom().nextDouble());
    }
}
