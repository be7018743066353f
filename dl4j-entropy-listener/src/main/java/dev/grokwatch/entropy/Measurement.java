package dev.grokwatch.entropy;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What the listener measures at one evaluation, as the parts of an {@link EntropyRecord}: the spectrum of
 * the probe's representations (arXiv 2604.13123, §3.1) with the wall time it took, the parameter norm, the
 * test and training accuracies, and the Fourier alignment when a function for it is given. Before
 * training it checks that all of it fits the model, at the cost of one evaluation.
 *
 * <p>During training a failing accuracy or Fourier alignment is recorded empty with one warning, H̃ kept;
 * NaN/Inf representations give a NaN spectrum with one warning. The test and training data and the
 * Fourier function can be given again after Java deserialisation dropped an iterator or the function.
 */
final class Measurement implements Serializable {

    /** 2: the spectrum and the failure warnings moved into SpectrumMeasure and PartialFailures. */
    private static final long serialVersionUID = 2L;

    private final Probe probe;
    private final SpectrumMeasure spectrum;
    private final PartialFailures failures = new PartialFailures(SpectralEntropyListener.class);
    private final Integer evaluationOutput;
    private volatile ModelAccuracy testAccuracy;
    private volatile ModelAccuracy trainAccuracy;
    private transient volatile ToDoubleFunction<Model> fourierAlignment;
    private final boolean fourierAlignmentGiven;

    /**
     * @param probe            the fixed inputs whose representations are measured
     * @param topEigenvalues   how many of the largest eigenvalues each record keeps
     * @param testAccuracy     test data, or null
     * @param trainAccuracy    training-accuracy data, or null
     * @param evaluationOutput the graph output that defines accuracy, or null when not chosen
     * @param fourierAlignment a function of the model, or null
     */
    Measurement(Probe probe, int topEigenvalues, ModelAccuracy testAccuracy, ModelAccuracy trainAccuracy,
                Integer evaluationOutput, ToDoubleFunction<Model> fourierAlignment) {
        this.probe = probe;
        this.spectrum = new SpectrumMeasure(topEigenvalues, SpectralEntropyListener.class);
        this.testAccuracy = testAccuracy;
        this.trainAccuracy = trainAccuracy;
        this.evaluationOutput = evaluationOutput;
        this.fourierAlignment = fourierAlignment;
        this.fourierAlignmentGiven = fourierAlignment != null;
    }

    Probe probe() {
        return probe;
    }

    /** Replaces the test data (e.g. after deserialisation dropped its iterator). */
    void testAccuracy(ModelAccuracy data) {
        testAccuracy = data;
    }

    /** Replaces the training-accuracy data. */
    void trainAccuracy(ModelAccuracy data) {
        trainAccuracy = data;
    }

    /** Gives the Fourier-alignment function again. */
    void fourierAlignment(ToDoubleFunction<Model> alignment) {
        fourierAlignment = alignment;
    }

    boolean measuresTestAccuracy() {
        return testAccuracy != null;
    }

    boolean measuresTrainAccuracy() {
        return trainAccuracy != null;
    }

    /** What Java serialisation dropped and was not given again, in words for one warning. */
    List<String> lostInSerialisation() {
        List<String> lost = new ArrayList<>();
        if (testAccuracy != null && testAccuracy.lostInSerialisation()) {
            lost.add("the test-data iterator (test accuracy and the grokking step; reattachEvaluateOn)");
        }
        if (trainAccuracy != null && trainAccuracy.lostInSerialisation()) {
            lost.add("the training-data iterator (training accuracy and the memorisation step; reattachTrainAccuracyOn)");
        }
        if (fourierAlignmentGiven && fourierAlignment == null) {
            lost.add("the Fourier-alignment function (reattachFourierAlignment)");
        }
        return lost;
    }

    /**
     * Everything that would fail at an evaluation, checked on the whole probe and every batch of the
     * evaluation data (the cost of one evaluation): a probe that does not fit, a layer whose activations
     * cannot be reduced as asked, evaluation data that does not fit the model or the chosen output.
     *
     * @throws IllegalArgumentException naming what was wrong and what was expected
     */
    void checkBeforeTraining(ModelAdapter model, RepresentationSource source) {
        source.checkProbe(probe);
        try (SavedInputs ignored = SavedInputs.of(model);
             MemoryWorkspace noWorkspace = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            source.representations(probe); // the whole probe: a row that fails later would cost every evaluation
            if (testAccuracy != null) {
                testAccuracy.check(model, evaluationOutput);
            }
            if (trainAccuracy != null) {
                trainAccuracy.check(model, evaluationOutput);
            }
        }
    }

    /**
     * Refuses evaluation data from the iterator the fit trains on ({@link EvaluationIterator}), whose every
     * evaluation would reset it mid-epoch. Called before the updates an evaluation could disturb, outside the
     * failure policy that skips an evaluation.
     *
     * @param when     where training stands, for the message
     * @param fitStart at the model's first callback, before the fit reads a batch; else during an epoch
     * @throws IllegalStateException naming the iterator's role and what was expected
     */
    void refuseTrainingIterator(String when, boolean fitStart) {
        if (testAccuracy != null) {
            testAccuracy.refuseTrainingIterator(when, fitStart);
        }
        if (trainAccuracy != null) {
            trainAccuracy.refuseTrainingIterator(when, fitStart);
        }
    }

    /**
     * The probe and evaluation data against the shapes of the training minibatch, before its update.
     *
     * @param training the model's inputs during its first training step
     * @throws IllegalArgumentException naming the input, both shapes and what was expected
     */
    void checkLikeTraining(INDArray[] training) {
        ModelInputs.checkLikeTraining(training, probe.features(), "probe");
        if (testAccuracy != null) {
            testAccuracy.checkLikeTraining(training);
        }
        if (trainAccuracy != null) {
            trainAccuracy.checkLikeTraining(training);
        }
    }

    /**
     * The measured parts of the record at {@code step}: its step and epoch, spectrum, wall time, parameter
     * norm, accuracies and Fourier alignment (the data loss, phase and forecast are added by others).
     *
     * @throws RuntimeException when the probe's forward pass fails (the evaluation is then skipped)
     */
    EntropyRecord.Builder measure(ModelAdapter model, RepresentationSource source, long step, int epoch) {
        EntropyRecord.Builder record = spectrum.measure(() -> source.representations(probe), source.layerDescription(),
                step, epoch);
        Double test;
        Double train;
        try (SavedInputs ignored = SavedInputs.of(model)) {
            test = accuracy(testAccuracy, model, step);
            train = accuracy(trainAccuracy, model, step);
        }
        return record.paramNorm(model.model().params().norm2Number().doubleValue())
                .testAccuracy(test).trainAccuracy(train).fourierAlignment(fourierAlignment(model, step));
    }

    /** Accuracy, or empty with a warning when it fails: H̃ measured at this step is kept either way. */
    private Double accuracy(ModelAccuracy accuracy, ModelAdapter model, long step) {
        if (accuracy == null) {
            return null;
        }
        return failures.valueOrEmpty("an accuracy", step, () -> accuracy.accuracy(model, evaluationOutput));
    }

    private Double fourierAlignment(ModelAdapter model, long step) {
        ToDoubleFunction<Model> alignment = fourierAlignment;
        if (alignment == null) {
            return null;
        }
        return failures.valueOrEmpty("the Fourier alignment", step, () -> alignment.applyAsDouble(model.model()));
    }
}
