package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.entropy.forecast.GrokForecaster;
import dev.grokwatch.entropy.termination.EntropyTermination;
import dev.grokwatch.entropy.termination.SameDiffTermination;
import org.deeplearning4j.earlystopping.termination.IterationTerminationCondition;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SameDiffTermination's counterpart of the DL4J trainers' refusal of a listener not on the model: a condition whose
 * SameDiffEntropyListener the fit does not call (never added, or built for another graph) would never fire, so the
 * fit is refused at its first iteration, before any update, with the fix named; so is a fit without epochs, and one
 * reading the termination's iterator without calling the termination.
 */
class SameDiffListenerNotOnTheFitTest {

    private static final DataSet TRAIN = TestNetworks.blobs(96, 1);
    private static final DataSet TEST = TestNetworks.blobs(60, 2);
    private static final INDArray PROBE = TestNetworks.blobs(64, 3).getFeatures();

    /** Always the same confident forecast, for the predicted-grok condition. */
    record FixedForecaster(long predicted) implements GrokForecaster {
        @Override
        public Optional<Forecast> forecast(EntropyCurve curve) {
            return Optional.of(new Forecast(curve.latest().orElseThrow().step(), predicted, name(), true));
        }

        @Override
        public String name() {
            return "fixed";
        }
    }

    /** Every EntropyTermination condition, on a listener that supplies what it reads. */
    private static final Map<String, Function<SameDiffEntropyListener, IterationTerminationCondition>> CONDITIONS =
            new LinkedHashMap<>();

    static {
        CONDITIONS.put("grokked", EntropyTermination::grokked);
        CONDITIONS.put("thresholdCrossed", EntropyTermination::thresholdCrossed);
        CONDITIONS.put("noCollapseWithin", l -> EntropyTermination.noCollapseWithin(l, 1_000));
        CONDITIONS.put("collapseWithoutGeneralisation", EntropyTermination::collapseWithoutGeneralisation);
        CONDITIONS.put("diverged", EntropyTermination::diverged);
        CONDITIONS.put("notMemorising", EntropyTermination::notMemorising);
        CONDITIONS.put("predictedGrokReached", l -> EntropyTermination.predictedGrokReached(l, 0));
    }

    private static SameDiffEntropyListener complete(SameDiff sd) {
        return SameDiffEntropyListener.builder(sd).probe("input", PROBE).variable("representation")
                .everyNIterations(2).threshold(0.3).evaluateOn(TEST).trainAccuracyOn(TRAIN).outputVariable("output")
                .forecaster(new FixedForecaster(20)).build();
    }

    private static Map<String, INDArray> variables(SameDiff sd) {
        Map<String, INDArray> variables = new LinkedHashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                variables.put(v.name(), v.getArr().dup());
            }
        }
        return variables;
    }

    /** Refused before any update: the graph has trained nothing and its variables are untouched, bit for bit. */
    private static void assertNothingTrained(SameDiff sd, Map<String, INDArray> initial, String what) {
        assertEquals(0, sd.getTrainingConfig().getIterationCount(), what + ": no update");
        initial.forEach((name, value) -> BitExact.assertBitIdentical(value, sd.getVariable(name).getArr(),
                what + ": variable " + name));
    }

    @Test
    void everyConditionRefusesAListenerNeverAddedToTheFitBeforeTheFirstUpdate() {
        for (Map.Entry<String, Function<SameDiffEntropyListener, IterationTerminationCondition>> c
                : CONDITIONS.entrySet()) {
            SameDiff sd = SameDiffNetworks.mlp(7, false);
            SameDiffEntropyListener notAdded = complete(sd);
            IterationTerminationCondition condition = c.getValue().apply(notAdded);
            SameDiffTermination stop = SameDiffTermination.when(condition);
            Map<String, INDArray> initial = variables(sd);

            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> sd.fit(stop.iterator(SameDiffNetworks.batches(TRAIN, 8)), 3, stop), c.getKey());
            String message = refused.getMessage();
            assertTrue(message.startsWith(condition.getClass().getSimpleName() + " reads a SameDiffEntropyListener"
                    + " that this fit does not call"), message);
            assertTrue(message.contains("sd.fit(stop.iterator(training), epochs, entropy, stop)")
                    && message.contains("sd.addListeners(entropy)"), message);
            assertNothingTrained(sd, initial, c.getKey());
            assertEquals(0, notAdded.history().size());
        }
    }

    @Test
    void aListenerOfAnotherGraphIsRefusedBeforeTheFirstUpdate() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        SameDiffEntropyListener other = complete(SameDiffNetworks.mlp(8, false));
        SameDiffTermination stop = SameDiffTermination.when(EntropyTermination.grokked(other));
        Map<String, INDArray> initial = variables(sd);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> sd.fit(stop.iterator(SameDiffNetworks.batches(TRAIN, 8)), 3, stop));
        assertTrue(refused.getMessage().contains("watches another graph"), refused.getMessage());
        assertTrue(refused.getMessage().contains("SameDiffEntropyListener.builder(graph)"), refused.getMessage());
        assertNothingTrained(sd, initial, "another graph's listener");
    }

    @Test
    void aListenerAddedToTheGraphRatherThanToTheFitIsAccepted() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        SameDiffEntropyListener entropy = complete(sd);
        sd.addListeners(entropy);
        SameDiffTermination stop = SameDiffTermination.when(EntropyTermination.diverged(entropy)); // never fires here
        sd.fit(stop.iterator(SameDiffNetworks.batches(TRAIN, 8)), 2, stop);

        assertEquals(24, sd.getTrainingConfig().getIterationCount());
        assertEquals(12, entropy.history().size());
    }

    @Test
    void aFitWithoutEpochsIsRefusedBeforeItsUpdate() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        SameDiffEntropyListener entropy = complete(sd);
        SameDiffTermination stop = SameDiffTermination.when(EntropyTermination.grokked(entropy));
        Map<String, INDArray> initial = variables(sd);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> sd.fit(TRAIN, entropy, stop));
        assertTrue(refused.getMessage().contains("a fit without epochs") && refused.getMessage()
                .contains("sd.fit(stop.iterator(trainingIterator), epochs, entropy, stop)"), refused.getMessage());
        assertNothingTrained(sd, initial, "fit(DataSet)");
    }

    /**
     * Without the termination among its listeners, nothing stops the fit once its iterator ends an epoch, and SameDiff
     * fails on the next, empty one (a NullPointerException on "lossSums"): the wrapped iterator refuses its first
     * batch, before the first update; so after a fit that called the termination, in a fit that does not.
     */
    @Test
    void theWrappedIteratorReadByAFitWithoutTheTerminationIsRefusedBeforeTheFirstUpdate() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        SameDiffEntropyListener entropy = complete(sd);
        SameDiffTermination stop = SameDiffTermination.when(EntropyTermination.diverged(entropy)); // never fires here
        Map<String, INDArray> initial = variables(sd);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> sd.fit(stop.iterator(SameDiffNetworks.batches(TRAIN, 8)), 30, entropy));
        assertTrue(refused.getMessage().contains("read outside a fit that calls the SameDiffTermination")
                && refused.getMessage().contains("sd.fit(stop.iterator(trainingIterator), epochs, entropy, stop)"),
                refused.getMessage());
        assertNothingTrained(sd, initial, "a fit without the termination");
        assertEquals(0, entropy.history().size());

        sd.fit(stop.iterator(SameDiffNetworks.batches(TRAIN, 8)), 1, entropy, stop);
        assertEquals(12, sd.getTrainingConfig().getIterationCount(), "with it, the fit trains");
        assertThrows(IllegalStateException.class,
                () -> sd.fit(stop.iterator(SameDiffNetworks.batches(TRAIN, 8)), 1, entropy));
        assertEquals(12, sd.getTrainingConfig().getIterationCount(), "a later fit without it is refused as well");
    }

    @Test
    void conditionsOnADl4jListenerAreRefusedAtWhen() {
        SpectralEntropyListener dl4j = SpectralEntropyListener.builder().probe(PROBE).layer(0).evaluateOn(TEST)
                .build();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SameDiffTermination.when(EntropyTermination.grokked(dl4j)));
        assertTrue(refused.getMessage().contains("not a SameDiffEntropyListener")
                && refused.getMessage().contains("EarlyStoppingTrainer"), refused.getMessage());
    }
}
