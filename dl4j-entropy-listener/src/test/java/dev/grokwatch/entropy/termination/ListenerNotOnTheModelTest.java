package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.SpectralEntropyListener;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculatorCG;
import org.deeplearning4j.earlystopping.termination.IterationTerminationCondition;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingGraphTrainer;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.ViewIterator;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.grokwatch.entropy.termination.EntropyTerminationTest.TEST;
import static dev.grokwatch.entropy.termination.EntropyTerminationTest.TRAIN;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A condition reads a listener the model being trained must call: one that was never added to the model (or
 * records another model) never measures, so the condition would never fire and training would run every epoch
 * silently. At the trainer's first iteration check, after one update and before the second, every condition
 * refuses such a listener, saying how to add it.
 */
class ListenerNotOnTheModelTest {

    /** Every condition, each on a listener that supplies what it reads (so only the missing calls are refused). */
    static final Map<String, Function<SpectralEntropyListener, IterationTerminationCondition>> CONDITIONS = Map.of(
            "grokked", EntropyTermination::grokked,
            "thresholdCrossed", EntropyTermination::thresholdCrossed,
            "noCollapseWithin", l -> EntropyTermination.noCollapseWithin(l, 1_000),
            "collapseWithoutGeneralisation", EntropyTermination::collapseWithoutGeneralisation,
            "diverged", EntropyTermination::diverged,
            "notMemorising", EntropyTermination::notMemorising,
            "predictedGrokReached", l -> EntropyTermination.predictedGrokReached(l, 0));

    static SpectralEntropyListener.Builder complete() {
        return SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).everyNIterations(2).threshold(0.3)
                .evaluateOn(TEST).trainAccuracyOn(TRAIN).forecaster(ConditionRequirementsTest.FORECASTER);
    }

    static void assertRefusedAfterOneUpdate(IllegalStateException refused, String condition, long iterations) {
        String message = refused.getMessage();
        assertTrue(message.startsWith(condition), message);
        assertTrue(message.contains("model.addListeners(entropy)") && message.contains("entropy.onlyFor(model)"), message);
        assertEquals(1, iterations, condition + ": refused at the first check, before the second update");
    }

    @Test
    void everyConditionRefusesAListenerNeverAddedToTheModel() {
        for (Map.Entry<String, Function<SpectralEntropyListener, IterationTerminationCondition>> c : CONDITIONS.entrySet()) {
            MultiLayerNetwork net = EntropyTerminationTest.net(1e-3);
            SpectralEntropyListener notAdded = complete().layer(0).build();
            IterationTerminationCondition condition = c.getValue().apply(notAdded);
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new EarlyStoppingTrainer(
                    EntropyTerminationTest.config(condition), net, new ViewIterator(TRAIN, 100)).fit(), c.getKey());
            assertRefusedAfterOneUpdate(refused, condition.getClass().getSimpleName(), net.getIterationCount());
        }
    }

    @Test
    void aComputationGraphTrainerRefusesItToo() {
        ComputationGraph graph = EntropyTerminationTest.net(1e-3).toComputationGraph();
        SpectralEntropyListener notAdded = complete().layer("0").build();
        EarlyStoppingConfiguration<ComputationGraph> config = new EarlyStoppingConfiguration.Builder<ComputationGraph>()
                .iterationTerminationConditions(EntropyTermination.grokked(notAdded))
                .epochTerminationConditions(new MaxEpochsTerminationCondition(50))
                .scoreCalculator(new DataSetLossCalculatorCG(new ViewIterator(TEST, 100), true))
                .modelSaver(new InMemoryModelSaver<>()).saveLastModel(true).build();
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new EarlyStoppingGraphTrainer(config, graph, new ViewIterator(TRAIN, 100)).fit());
        assertRefusedAfterOneUpdate(refused, "GrokkedTerminationCondition", graph.getIterationCount());
    }

    @Test
    void aListenerRecordingAnotherModelIsRefusedForTheModelBeingTrained() {
        MultiLayerNetwork recorded = EntropyTerminationTest.net(1e-3);
        SpectralEntropyListener entropy = complete().layer(0).build();
        recorded.addListeners(entropy);
        recorded.fit(new ViewIterator(TRAIN, 100), 1);
        MultiLayerNetwork other = EntropyTerminationTest.net(1e-3); // trained without the listener
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new EarlyStoppingTrainer(
                EntropyTerminationTest.config(EntropyTermination.noCollapseWithin(entropy, 1_000)), other,
                new ViewIterator(TRAIN, 100)).fit());
        assertRefusedAfterOneUpdate(refused, "NoCollapseTerminationCondition", other.getIterationCount());
    }

    @Test
    void aTrainerBuiltFromAConfigurationTrainsANewModelWithoutTheListener() {
        MultiLayerNetwork net = EntropyTerminationTest.net(1e-3);
        SpectralEntropyListener entropy = complete().layer(0).build();
        net.addListeners(entropy); // on this model, but the trainer builds its own from the configuration
        EarlyStoppingTrainer trainer = new EarlyStoppingTrainer(
                EntropyTerminationTest.config(EntropyTermination.diverged(entropy)), net.getLayerWiseConfigurations().clone(),
                new ViewIterator(TRAIN, 100));
        IllegalStateException refused = assertThrows(IllegalStateException.class, trainer::fit);
        assertTrue(refused.getMessage().startsWith("DivergedTerminationCondition"), refused.getMessage());
        assertEquals(0, net.getIterationCount(), "the model the listener was added to was never trained");
    }

    @Test
    void theCasesCoverEveryConditionEntropyTerminationBuilds() {
        Set<String> factories = Arrays.stream(EntropyTermination.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(factories, new TreeSet<>(CONDITIONS.keySet()), "a new condition needs its check here");
    }
}
