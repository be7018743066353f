package dev.grokwatch.entropy;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

import static dev.grokwatch.entropy.JavaSerialisation.roundTrip;
import static org.junit.jupiter.api.Assertions.*;

/** One evaluation's numbers are those DL4J and {@link SpectralEntropy} give when asked directly. */
class MeasurementTest {

    static final DataSet TRAIN = TestNetworks.blobs(90, 21);
    static final DataSet TEST = TestNetworks.blobs(45, 22);

    static MultiLayerNetwork trained() {
        MultiLayerNetwork net = TestNetworks.mln(5, 1e-3);
        for (int i = 0; i < 3; i++) {
            net.fit(TRAIN);
        }
        return net;
    }

    static RepresentationSource layer1(ModelAdapter adapter) {
        return adapter.representationSource(LayerSelector.index(1), ActivationReduction.defaults());
    }

    @Test
    void theRecordsPartsAreTheDirectlyComputedNumbers() {
        MultiLayerNetwork net = trained();
        ModelAdapter adapter = ModelAdapter.of(net);
        Measurement measurement = new Measurement(Probe.of(TRAIN.getFeatures()), 3, ModelAccuracy.of(TEST, "evaluation"),
                ModelAccuracy.of(TRAIN, "training-accuracy"), null, model -> 0.25);
        measurement.checkBeforeTraining(adapter, layer1(adapter));
        INDArray training = TRAIN.getFeatures().dup();
        net.setInput(training);

        EntropyRecord r = measurement.measure(adapter, layer1(adapter), 7, 2).build();
        assertSame(training, net.getInput(), "the model's input is put back");

        SpectralSummary expected = SpectralEntropy.of(net.feedForwardToLayer(1, TRAIN.getFeatures(), false).get(2));
        assertEquals(expected.normalisedEntropy(), r.normalisedEntropy());
        assertEquals(expected.entropy(), r.entropy());
        assertEquals(expected.effectiveRank(), r.effectiveRank());
        assertArrayEquals(Arrays.copyOf(expected.eigenvalues(), 3), r.topEigenvalues());
        assertEquals(net.params().norm2Number().doubleValue(), r.paramNorm());
        assertEquals(net.evaluate(new ViewIterator(TEST, 1000)).accuracy(), r.testAccuracy(), 1e-12);
        assertEquals(net.evaluate(new ViewIterator(TRAIN, 1000)).accuracy(), r.trainAccuracy(), 1e-12);
        assertEquals(0.25, r.fourierAlignment());
        assertEquals(7, r.step());
        assertEquals(2, r.epoch());
        assertTrue(r.wallMs() >= 0);
        assertNull(r.trainLoss(), "the data loss is not the measurement's part");
        assertNull(r.phase());
    }

    @Test
    void aFailingPartIsRecordedEmptyAndHIsKept() {
        MultiLayerNetwork net = trained();
        ModelAdapter adapter = ModelAdapter.of(net);
        Measurement measurement = new Measurement(Probe.of(TRAIN.getFeatures()), 3, null, null, null, model -> {
            throw new IllegalStateException("no embedding here");
        });
        EntropyRecord r = measurement.measure(adapter, layer1(adapter), 1, 0).build();
        assertNull(r.fourierAlignment());
        assertNull(r.testAccuracy());
        assertTrue(r.normalisedEntropy() > 0 && r.normalisedEntropy() <= 1, "H̃ = " + r.normalisedEntropy());
    }

    @Test
    void whatDoesNotFitIsRefusedBeforeTraining() {
        ModelAdapter adapter = ModelAdapter.of(trained());
        Measurement narrowProbe = new Measurement(Probe.of(Nd4j.rand(DataType.FLOAT, 20, 4)), 3, null, null, null, null);
        IllegalArgumentException probe = assertThrows(IllegalArgumentException.class,
                () -> narrowProbe.checkBeforeTraining(adapter, layer1(adapter)));
        assertTrue(probe.getMessage().contains("probe features have 4 columns"), probe.getMessage());
        Measurement wideLabels = new Measurement(Probe.of(TRAIN.getFeatures()), 3, ModelAccuracy.of(new DataSet(
                TEST.getFeatures(), Nd4j.zeros(DataType.FLOAT, 45, 5)), "evaluation"), null, null, null);
        IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
                () -> wideLabels.checkBeforeTraining(adapter, layer1(adapter)));
        assertTrue(labels.getMessage().contains("evaluation labels have shape [45, 5]"), labels.getMessage());

        Measurement fits = new Measurement(Probe.of(TRAIN.getFeatures()), 3, ModelAccuracy.of(TEST, "evaluation"),
                null, null, null);
        fits.checkLikeTraining(new INDArray[]{TRAIN.getFeatures()});
        IllegalArgumentException unlike = assertThrows(IllegalArgumentException.class,
                () -> fits.checkLikeTraining(new INDArray[]{Nd4j.rand(DataType.FLOAT, 10, 7)}));
        assertTrue(unlike.getMessage().startsWith("probe features for input 0 have examples of shape [6]")
                && unlike.getMessage().contains("[7]"), unlike.getMessage());
    }

    @Test
    void serialisationLosesIteratorsAndTheFunctionAndNamesThem() throws Exception {
        Measurement measurement = new Measurement(Probe.of(TRAIN.getFeatures()), 3,
                ModelAccuracy.of(new ViewIterator(TEST, 15), "evaluation"),
                ModelAccuracy.of(new ViewIterator(TRAIN, 15), "training-accuracy"), null, model -> 0.5);
        assertEquals(List.of(), measurement.lostInSerialisation());
        Measurement copy = roundTrip(measurement);
        List<String> lost = copy.lostInSerialisation();
        assertEquals(3, lost.size(), lost.toString());
        assertTrue(lost.get(0).contains("reattachEvaluateOn") && lost.get(1).contains("reattachTrainAccuracyOn")
                && lost.get(2).contains("reattachFourierAlignment"), lost.toString());
        assertTrue(copy.measuresTestAccuracy() && copy.measuresTrainAccuracy(),
                "the data is lost, not the wish to measure it");
        assertFalse(new Measurement(Probe.of(TRAIN.getFeatures()), 3, null, null, null, null).measuresTrainAccuracy());
        copy.testAccuracy(ModelAccuracy.of(TEST, "evaluation"));
        copy.trainAccuracy(ModelAccuracy.of(TRAIN, "training-accuracy"));
        copy.fourierAlignment(model -> 0.5);
        assertEquals(List.of(), copy.lostInSerialisation());
        assertEquals(TRAIN.getFeatures(), copy.probe().features()[0], "the probe travels");
    }
}
