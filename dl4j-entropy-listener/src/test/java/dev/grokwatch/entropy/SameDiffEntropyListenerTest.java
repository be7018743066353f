package dev.grokwatch.entropy;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SameDiff listener on a real SameDiff MLP that trains: H̃, steps, accuracy, data loss, untouched training. */
class SameDiffEntropyListenerTest {

    private static final DataSet TRAIN = TestNetworks.blobs(96, 1);
    private static final DataSet TEST = TestNetworks.blobs(60, 2);
    private static final INDArray PROBE = TestNetworks.blobs(64, 3).getFeatures();

    /** What the graph gives at the listener's evaluation steps, computed here independently of it. */
    private static final class Reference extends BaseListener {
        private final SameDiff graph;
        private final int every;
        final Map<Long, Double> entropy = new TreeMap<>();
        final Map<Long, Double> testAccuracy = new TreeMap<>();
        final Map<Long, Double> loss = new TreeMap<>();
        /** What SameDiff's Loss says of the loss variable after the update. */
        final Map<Long, Double> reportedLoss = new TreeMap<>();
        final List<Operation> operations = new ArrayList<>();

        Reference(SameDiff graph, int every) {
            this.graph = graph;
            this.every = every;
        }

        @Override
        public boolean isActive(Operation operation) {
            return true;
        }

        /** The batch's loss before its update, from a forward pass of its own: SameDiff's Loss need not hold it. */
        @Override
        public void iterationStart(SameDiff sd, At at, MultiDataSet data, long etlMs) {
            long step = at.iteration() + 1L;
            if (at.operation() == Operation.TRAINING && step % every == 0) {
                loss.put(step, graph.output(Map.of("input", data.getFeatures(0), "label", data.getLabels(0)), "loss")
                        .get("loss").getDouble(0));
            }
        }

        @Override
        public void iterationDone(SameDiff sd, At at, MultiDataSet data, Loss batchLoss) {
            operations.add(at.operation());
            long step = at.iteration() + 1L;
            if (at.operation() != Operation.TRAINING || step % every != 0) {
                return;
            }
            INDArray representations = graph.output(Map.of("input", PROBE), "representation").get("representation");
            entropy.put(step, SpectralEntropy.of(representations).normalisedEntropy());
            Evaluation evaluation = new Evaluation();
            evaluation.eval(TEST.getLabels(), graph.output(Map.of("input", TEST.getFeatures()), "output").get("output"));
            testAccuracy.put(step, evaluation.accuracy());
            reportedLoss.put(step, batchLoss.getLoss("loss"));
        }
    }

    private static SameDiffEntropyListener listener(SameDiff sd, int every) {
        return SameDiffEntropyListener.builder(sd).probe("input", PROBE).variable("representation")
                .everyNIterations(every).evaluateOn(TEST).trainAccuracyOn(TRAIN).outputVariable("output").build();
    }

    @Test
    void entropyAccuracyAndLossAreTheGraphsOwnAtEveryEvaluationStep() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        SameDiffEntropyListener entropy = listener(sd, 3);
        Reference reference = new Reference(sd, 3);
        sd.fit(SameDiffNetworks.batches(TRAIN, 32), 4, entropy, reference); // 3 batches × 4 epochs = 12 steps

        assertEquals(List.of(3L, 6L, 9L, 12L), entropy.history().records().stream().map(EntropyRecord::step).toList());
        for (EntropyRecord r : entropy.history().records()) {
            assertEquals(reference.entropy.get(r.step()), r.normalisedEntropy(), 1e-12, "H̃ at step " + r.step());
            assertEquals(reference.testAccuracy.get(r.step()), r.testAccuracy(), 1e-12, "test accuracy at " + r.step());
            assertEquals(reference.loss.get(r.step()), r.trainLoss(), 0.0, "data loss at step " + r.step());
            assertTrue(r.trainLoss() > 0.01, "a real loss at step " + r.step());
            // Why the listener measures the loss itself: SameDiff 1.0.0-M2.1's Loss skips a loss op whose gradient
            // needs only its inputs (softmax cross-entropy) and reports 0.
            assertEquals(0.0, reference.reportedLoss.get(r.step()), "SameDiff's own report at step " + r.step());
            assertEquals(r.step() <= 3 ? 0 : (r.step() - 1) / 3, r.epoch(), "epoch of step " + r.step());
        }
        assertTrue(entropy.history().records().get(0).normalisedEntropy()
                != entropy.history().records().get(3).normalisedEntropy(), "the representation moved while training");
        assertEquals(12, entropy.currentStep());
        assertEquals(new CallbackCounts(4, 4, 12), entropy.callbacks());
        assertEquals(0, entropy.skippedEvaluations());
    }

    @Test
    void parameterNormIsTheL2NormOfAllTrainedVariables() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        SameDiffEntropyListener entropy = listener(sd, 6);
        sd.fit(SameDiffNetworks.batches(TRAIN, 32), 2, entropy);

        double sumOfSquares = 0;
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                for (double x : v.getArr().ravel().toDoubleVector()) {
                    sumOfSquares += x * x;
                }
            }
        }
        assertEquals(Math.sqrt(sumOfSquares), entropy.latest().orElseThrow().paramNorm(), 1e-9);
    }

    @Test
    void trainedVariablesAreBitIdenticalWithAndWithoutTheListener() {
        SameDiff plain = SameDiffNetworks.mlp(11, false);
        plain.fit(SameDiffNetworks.batches(TRAIN, 32), 3);
        SameDiff watched = SameDiffNetworks.mlp(11, false);
        SameDiffEntropyListener entropy = listener(watched, 2);
        watched.fit(SameDiffNetworks.batches(TRAIN, 32), 3, entropy);

        assertFalse(entropy.history().isEmpty());
        for (SDVariable v : plain.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                BitExact.assertBitIdentical(v.getArr(), watched.getVariable(v.name()).getArr(), "variable " + v.name());
            }
        }
    }

    @Test
    void validationCallbacksAreIgnoredAndStepsCountUpdates() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        SameDiffEntropyListener entropy = listener(sd, 1);
        Reference reference = new Reference(sd, 1);
        sd.fit().train(SameDiffNetworks.batches(TRAIN, 32), 2)
                .validate(SameDiffNetworks.batches(TEST, 20), 1).listeners(entropy, reference).exec();

        assertTrue(reference.operations.contains(Operation.TRAINING_VALIDATION), "validation did call iterationDone");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), entropy.history().records().stream().map(EntropyRecord::step).toList(),
                "one evaluation per update; validation batches 0..2 are not steps");
        assertEquals(6, entropy.currentStep());
        assertEquals(6, sd.getTrainingConfig().getIterationCount());
    }

    @Test
    void epochEndEvaluationsAreAtTheUpdatesDoneAndNotRepeated() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        SameDiffEntropyListener epochEnds = SameDiffEntropyListener.builder(sd).probe("input", PROBE)
                .variable("representation").everyNIterations(0).evaluateAtEpochEnd(true).build();
        SameDiffEntropyListener both = SameDiffEntropyListener.builder(sd).probe("input", PROBE)
                .variable("representation").everyNIterations(3).evaluateAtEpochEnd(true).build();
        Reference reference = new Reference(sd, 3);
        sd.fit(SameDiffNetworks.batches(TRAIN, 32), 3, epochEnds, both, reference); // 3 batches per epoch

        assertEquals(List.of(3L, 6L, 9L), epochEnds.history().records().stream().map(EntropyRecord::step).toList());
        assertEquals(List.of(3L, 6L, 9L), both.history().records().stream().map(EntropyRecord::step).toList(),
                "an epoch end on an evaluation step is measured once");
        for (EntropyRecord r : epochEnds.history().records()) {
            assertEquals(reference.entropy.get(r.step()), r.normalisedEntropy(), 1e-12, "H̃ at epoch end " + r.step());
            assertEquals(null, r.trainLoss(), "an epoch end has no minibatch of its own");
        }
    }

    /** The shared core logs the SameDiff listener's events and warnings under its own class, the name users filter on. */
    @Test
    void eventsAreLoggedUnderTheSameDiffListenersName() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        SameDiffEntropyListener entropy = SameDiffEntropyListener.builder(sd).probe("input", PROBE)
                .variable("representation").everyNIterations(3).evaluateOn(TEST).trainAccuracyOn(TRAIN)
                .outputVariable("output").build();
        String log = StandardError.captured(() -> sd.fit(SameDiffNetworks.batches(TRAIN, 8), 2, entropy));

        long memorised = entropy.stepOf(EntropyEventType.MEMORISED).orElseThrow();
        assertTrue(log.contains("INFO dev.grokwatch.entropy.SameDiffEntropyListener - grokwatch: MEMORISED at step "
                + memorised), log);
        assertFalse(log.contains("SpectralEntropyListener"), log);
    }
}
