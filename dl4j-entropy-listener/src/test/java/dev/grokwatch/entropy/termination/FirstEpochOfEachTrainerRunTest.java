package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.EntropyEventType;
import dev.grokwatch.entropy.SpectralEntropyListener;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculatorCG;
import org.deeplearning4j.earlystopping.termination.IterationTerminationCondition;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingGraphTrainer;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static dev.grokwatch.entropy.termination.EntropyTerminationTest.TEST;
import static dev.grokwatch.entropy.termination.EntropyTerminationTest.TRAIN;
import static dev.grokwatch.entropy.termination.NotMemorisingTerminationTest.RANDOM_LABELS;
import static org.junit.jupiter.api.Assertions.*;

/**
 * DL4J 1.0.0-M2.1's early-stopping trainers hold no best model before one of <em>their</em> epochs has ended
 * ({@code BaseEarlyStoppingTrainer.fit}: a condition met inside the first epoch ends in a
 * {@code NullPointerException} on "bestModel"). A model trained before with the listener attached, or a second
 * trainer run on the same listener, starts a new first epoch: every condition, already met when the trainer
 * starts, must wait for it to end and stop at the first iteration of the trainer's second epoch, for
 * MultiLayerNetwork and ComputationGraph trainers alike.
 */
class FirstEpochOfEachTrainerRunTest {

    /** 400 examples in minibatches of 100. */
    static final int ITERATIONS_PER_EPOCH = 4;
    static final int EARLIER_EPOCHS = 3;

    /** A condition already met after three epochs of plain {@code fit}, with the model and data that meet it. */
    record Case(String factory, Supplier<MultiLayerNetwork> net, DataSet train,
                UnaryOperator<SpectralEntropyListener.Builder> listener,
                Function<SpectralEntropyListener, IterationTerminationCondition> condition, EntropyEventType met) {
    }

    static final List<Case> CASES = List.of(
            new Case("grokked", () -> EntropyTerminationTest.net(1e-2), TRAIN,
                    b -> b.evaluateOn(TEST), EntropyTermination::grokked, null),
            new Case("thresholdCrossed", () -> EntropyTerminationTest.net(1e-2), TRAIN, b -> b.threshold(0.15),
                    EntropyTermination::thresholdCrossed, EntropyEventType.THRESHOLD_CROSSED),
            new Case("noCollapseWithin", () -> EntropyTerminationTest.net(0), TRAIN, b -> b,
                    l -> EntropyTermination.noCollapseWithin(l, 8), null),
            new Case("collapseWithoutGeneralisation", () -> EntropyTerminationTest.net(0.2), RANDOM_LABELS,
                    b -> b.threshold(0.1).evaluateOn(NotMemorisingTerminationTest.TEST).verdictSteps(1_000, 4),
                    EntropyTermination::collapseWithoutGeneralisation, EntropyEventType.COLLAPSE_WITHOUT_GENERALISATION),
            new Case("diverged", VerdictTerminationTest::exploding, TRAIN, b -> b.evaluateOn(TEST),
                    EntropyTermination::diverged, EntropyEventType.DIVERGED),
            new Case("notMemorising", () -> EntropyTerminationTest.net(0.2), RANDOM_LABELS,
                    b -> b.trainAccuracyOn(RANDOM_LABELS).notMemorisedWithin(8),
                    EntropyTermination::notMemorising, EntropyEventType.NOT_MEMORISING),
            new Case("predictedGrokReached", () -> EntropyTerminationTest.net(1e-2), TRAIN,
                    b -> b.evaluateOn(TEST).forecaster(new PredictedGrokReachedTerminationTest.FixedForecaster(4, true)),
                    l -> EntropyTermination.predictedGrokReached(l, 0), null));

    static SpectralEntropyListener listener(Case c, boolean graph) {
        SpectralEntropyListener.Builder b = SpectralEntropyListener.builder().probe(c.train().getFeatures())
                .everyNIterations(1);
        return c.listener().apply(graph ? b.layer("0") : b.layer(0)).build();
    }

    static <T extends Model> EarlyStoppingConfiguration<T> config(IterationTerminationCondition condition, boolean graph) {
        return new EarlyStoppingConfiguration.Builder<T>()
                .iterationTerminationConditions(condition)
                .epochTerminationConditions(new MaxEpochsTerminationCondition(20))
                .scoreCalculator(graph ? new DataSetLossCalculatorCG(new ViewIterator(TEST, 100), true)
                        : new DataSetLossCalculator(new ViewIterator(TEST, 100), true))
                .modelSaver(new InMemoryModelSaver<>()).saveLastModel(true).build();
    }

    /** A trainer run on the model; its result and the listener's step when it ended. */
    static EarlyStoppingResult<?> trainerRun(Model model, DataSet train, IterationTerminationCondition condition) {
        if (model instanceof ComputationGraph graph) {
            return new EarlyStoppingGraphTrainer(config(condition, true), graph, new ViewIterator(train, 100)).fit();
        }
        return new EarlyStoppingTrainer(config(condition, false), (MultiLayerNetwork) model,
                new ViewIterator(train, 100)).fit();
    }

    /** Every condition, met by a model fitted before with the listener attached, for one kind of trainer. */
    static void everyConditionWaitsForTheTrainersOwnFirstEpoch(boolean graph) {
        for (Case c : CASES) {
            String context = c.factory() + (graph ? " (ComputationGraph)" : " (MultiLayerNetwork)");
            MultiLayerNetwork net = c.net().get();
            Model model = graph ? net.toComputationGraph() : net;
            SpectralEntropyListener entropy = listener(c, graph);
            if (graph) {
                ((ComputationGraph) model).addListeners(entropy);
                ((ComputationGraph) model).fit(new ViewIterator(c.train(), 100), EARLIER_EPOCHS);
            } else {
                net.addListeners(entropy);
                net.fit(new ViewIterator(c.train(), 100), EARLIER_EPOCHS);
            }
            long before = (long) EARLIER_EPOCHS * ITERATIONS_PER_EPOCH;
            assertEquals(before, entropy.currentStep(), context);
            IterationTerminationCondition condition = c.condition().apply(entropy);
            assertMetBefore(c, entropy, context);

            EarlyStoppingResult<?> result = trainerRun(model, c.train(), condition);

            assertEquals(EarlyStoppingResult.TerminationReason.IterationTerminationCondition,
                    result.getTerminationReason(), context + ": " + result.getTerminationDetails());
            assertEquals(before + ITERATIONS_PER_EPOCH + 1, entropy.currentStep(),
                    context + ": stops at the first iteration of the trainer's second epoch");
            assertNotNull(result.getBestModel(), context);
            assertEquals(1, result.getTotalEpochs(), context + ": one epoch of the trainer finished");
        }
    }

    /** The condition's event (or the generalisation it waits for) fired during the earlier plain fit. */
    static void assertMetBefore(Case c, SpectralEntropyListener entropy, String context) {
        long before = (long) EARLIER_EPOCHS * ITERATIONS_PER_EPOCH;
        switch (c.factory()) {
            case "grokked", "predictedGrokReached" -> assertTrue(entropy.stepOf(EntropyEventType.GROKKED).orElse(
                    entropy.stepOf(EntropyEventType.GENERALISED).orElse(Long.MAX_VALUE)) <= before - 4, context);
            case "noCollapseWithin" -> assertTrue(entropy.stepOf(EntropyEventType.COLLAPSE_ONSET).isEmpty(), context);
            default -> assertTrue(entropy.stepOf(c.met()).orElse(Long.MAX_VALUE) <= before, context + ": "
                    + entropy.history().records());
        }
    }

    @Test
    void everyConditionMetBeforeAMultiLayerNetworkTrainerStartsWaitsForItsFirstEpochToEnd() {
        everyConditionWaitsForTheTrainersOwnFirstEpoch(false);
    }

    @Test
    void everyConditionMetBeforeAComputationGraphTrainerStartsWaitsForItsFirstEpochToEnd() {
        everyConditionWaitsForTheTrainersOwnFirstEpoch(true);
    }

    @Test
    void aSecondTrainerRunOnTheSameListenerWaitsForItsOwnFirstEpochToEnd() {
        MultiLayerNetwork net = EntropyTerminationTest.net(1e-2);
        SpectralEntropyListener entropy = SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer(0)
                .everyNIterations(1).evaluateOn(TEST).build();
        net.addListeners(entropy);
        EarlyStoppingResult<?> first = trainerRun(net, TRAIN, EntropyTermination.grokked(entropy));
        assertEquals(EarlyStoppingResult.TerminationReason.IterationTerminationCondition, first.getTerminationReason());
        long firstStop = entropy.currentStep();

        for (IterationTerminationCondition condition : List.of(EntropyTermination.grokked(entropy),
                EntropyTermination.grokked(entropy, 0))) {
            long start = entropy.currentStep();
            EarlyStoppingResult<?> again = trainerRun(net, TRAIN, condition);
            assertEquals(EarlyStoppingResult.TerminationReason.IterationTerminationCondition,
                    again.getTerminationReason(), again.getTerminationDetails());
            assertEquals(start + ITERATIONS_PER_EPOCH + 1, entropy.currentStep(),
                    "the run after the one that stopped at step " + firstStop + " waits for its own first epoch");
            assertNotNull(again.getBestModel());
        }
    }
}
