package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.SpectralEntropyListener;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.termination.IterationTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.ViewIterator;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static dev.grokwatch.entropy.termination.EntropyTerminationTest.TEST;
import static dev.grokwatch.entropy.termination.EntropyTerminationTest.TRAIN;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Every condition of {@link EntropyTermination} refuses, in a real DL4J {@code EarlyStoppingTrainer} at the
 * start of training (before the first epoch and any update), a listener that lacks what the condition
 * reads, naming the builder call that supplies it; the conditions that read only H̃ accept any listener.
 */
class ConditionRequirementsTest {

    /** A condition, a listener lacking one thing it reads, and the builder call the refusal must name. */
    record Case(String factory, Function<SpectralEntropyListener, IterationTerminationCondition> condition,
                UnaryOperator<SpectralEntropyListener.Builder> listener, String names) {
    }

    static final PredictedGrokReachedTerminationTest.FixedForecaster FORECASTER =
            new PredictedGrokReachedTerminationTest.FixedForecaster(20, true);

    static final List<Case> NEEDS = List.of(
            new Case("grokked", l -> EntropyTermination.grokked(l, 0), b -> b.threshold(0.3), ".evaluateOn(testData)"),
            new Case("thresholdCrossed", l -> EntropyTermination.thresholdCrossed(l, 0), b -> b.evaluateOn(TEST),
                    ".threshold("),
            new Case("collapseWithoutGeneralisation", EntropyTermination::collapseWithoutGeneralisation,
                    b -> b.evaluateOn(TEST), ".threshold("),
            new Case("collapseWithoutGeneralisation", EntropyTermination::collapseWithoutGeneralisation,
                    b -> b.threshold(0.3), ".evaluateOn(testData)"),
            new Case("notMemorising", EntropyTermination::notMemorising, b -> b.evaluateOn(TEST).threshold(0.3),
                    ".trainAccuracyOn(trainData)"),
            new Case("predictedGrokReached", l -> EntropyTermination.predictedGrokReached(l, 0),
                    b -> b.evaluateOn(TEST).threshold(0.3), ".forecaster("),
            new Case("predictedGrokReached", l -> EntropyTermination.predictedGrokReached(l, 0),
                    b -> b.forecaster(FORECASTER).threshold(0.3), ".evaluateOn(testData)"));

    /** Conditions that read only H̃ (and whatever else the listener measures): no listener lacks it. */
    static final List<Case> READ_ONLY_ENTROPY = List.of(
            new Case("noCollapseWithin", l -> EntropyTermination.noCollapseWithin(l, 8), b -> b, ""),
            new Case("diverged", EntropyTermination::diverged, b -> b, ""));

    static SpectralEntropyListener.Builder bare() {
        return SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer(0).everyNIterations(2);
    }

    @Test
    void everyConditionRefusesAListenerThatCannotSupplyWhatItReadsBeforeTheFirstUpdate() {
        for (Case c : NEEDS) {
            MultiLayerNetwork net = EntropyTerminationTest.net(1e-3);
            SpectralEntropyListener lacking = c.listener().apply(bare()).build();
            net.addListeners(lacking);
            INDArray initial = net.params().dup();
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> new EarlyStoppingTrainer(EntropyTerminationTest.config(c.condition().apply(lacking)), net,
                            new ViewIterator(TRAIN, 100)).fit(), c.factory() + " without " + c.names());
            assertTrue(refused.getMessage().contains(c.names()), c.factory() + ": " + refused.getMessage());
            assertTrue(refused.getMessage().contains("TerminationCondition"), refused.getMessage());
            assertEquals(0, net.getIterationCount(), c.factory() + " refused before any update");
            dev.grokwatch.entropy.BitExact.assertBitIdentical(initial, net.params(), c.factory());
        }
    }

    /** collapseWithoutGeneralisation's refusal, when the trainer initialises it, with the listener it is given. */
    static String collapseRefusal(SpectralEntropyListener listener) {
        return assertThrows(IllegalStateException.class,
                () -> EntropyTermination.collapseWithoutGeneralisation(listener).initialize()).getMessage();
    }

    @Test
    void collapseWithoutGeneralisationNamesTheMissingThresholdAlone() {
        String message = collapseRefusal(bare().evaluateOn(TEST).build());
        assertTrue(message.contains("no threshold H̃*") && message.contains(".threshold("), message);
        assertFalse(message.contains("evaluateOn"), "test data is there: " + message);
    }

    @Test
    void collapseWithoutGeneralisationNamesTheMissingTestDataAlone() {
        String message = collapseRefusal(bare().threshold(0.3).build());
        assertTrue(message.contains("no test accuracy") && message.contains(".evaluateOn(testData)"), message);
        assertFalse(message.contains(".threshold("), "the threshold is there: " + message);
    }

    @Test
    void collapseWithoutGeneralisationNamesBothWhenBothAreMissing() {
        String message = collapseRefusal(bare().build());
        assertTrue(message.contains("no threshold H̃* and no test accuracy"), message);
        assertTrue(message.contains(".threshold(") && message.contains(".evaluateOn(testData)"), message);
    }

    @Test
    void conditionsThatReadOnlyEntropyAcceptABareListener() {
        for (Case c : READ_ONLY_ENTROPY) {
            MultiLayerNetwork net = EntropyTerminationTest.net(1e-3);
            SpectralEntropyListener bare = bare().build();
            net.addListeners(bare);
            EarlyStoppingResult<MultiLayerNetwork> result = new EarlyStoppingTrainer(
                    EntropyTerminationTest.config(c.condition().apply(bare)), net, new ViewIterator(TRAIN, 100)).fit();
            assertTrue(net.getIterationCount() > 0, c.factory() + " trained");
            assertNotNull(result.getTerminationReason(), c.factory());
        }
    }

    @Test
    void theCasesCoverEveryConditionEntropyTerminationBuilds() {
        Set<String> factories = Arrays.stream(EntropyTermination.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered = new TreeSet<>();
        NEEDS.forEach(c -> covered.add(c.factory()));
        READ_ONLY_ENTROPY.forEach(c -> covered.add(c.factory()));
        assertEquals(factories, covered, "a new condition needs its requirement checked here");
    }
}
