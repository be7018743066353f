package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.EntropyEventType;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.Phase;
import dev.grokwatch.entropy.SpectralEntropyListener;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.IterationTerminationCondition;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import static dev.grokwatch.entropy.termination.EntropyTerminationTest.TEST;
import static dev.grokwatch.entropy.termination.EntropyTerminationTest.TRAIN;
import static org.junit.jupiter.api.Assertions.*;

/** The verdicts that give up on a run that is not learning, diverged and not memorising, in DL4J's trainer. */
class VerdictTerminationTest {

    static final int EPOCHS = 10; // 4 iterations each

    static SpectralEntropyListener everyStep() {
        return SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer(0).everyNIterations(1)
                .evaluateOn(TEST).trainAccuracyOn(TRAIN).build();
    }

    static EarlyStoppingResult<MultiLayerNetwork> fit(MultiLayerNetwork net, IterationTerminationCondition condition) {
        EarlyStoppingConfiguration<MultiLayerNetwork> config = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                .iterationTerminationConditions(condition)
                .epochTerminationConditions(new MaxEpochsTerminationCondition(EPOCHS))
                .scoreCalculator(new DataSetLossCalculator(new ViewIterator(TEST, 100), true))
                .modelSaver(new InMemoryModelSaver<>()).saveLastModel(true).build();
        return new EarlyStoppingTrainer(config, net, new ViewIterator(TRAIN, 100)).fit();
    }

    @Test
    void divergedStopsTheTrainerAtTheFirstNonFiniteEvaluation() {
        MultiLayerNetwork net = exploding();
        SpectralEntropyListener entropy = everyStep();
        net.addListeners(entropy);
        EarlyStoppingResult<MultiLayerNetwork> result = fit(net, EntropyTermination.diverged(entropy));

        assertEquals(EarlyStoppingResult.TerminationReason.IterationTerminationCondition, result.getTerminationReason());
        EntropyRecord first = entropy.history().records().stream().filter(r -> !finite(r)).findFirst().orElseThrow();
        long diverged = entropy.stepOf(EntropyEventType.DIVERGED).orElseThrow();
        assertEquals(first.step(), diverged, "the event is the first evaluation with a NaN or infinite number");
        // met inside the first epoch (4 steps), it stops at the first iteration of the second
        assertEquals(Math.max(diverged, 5), entropy.currentStep());
        assertTrue(result.getTerminationDetails().contains("diverged at step " + diverged
                + ", stopped at step " + entropy.currentStep()), result.getTerminationDetails());
    }

    /**
     * A linear model under plain SGD at a learning rate far past stability: each update multiplies the
     * weights by about lr·|x|², so float32 overflows within a few steps.
     */
    static MultiLayerNetwork exploding() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.FLOAT).updater(new Sgd(1e6)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(24).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(24).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        return net;
    }

    private static boolean finite(EntropyRecord r) {
        return Double.isFinite(r.normalisedEntropy()) && (r.trainLoss() == null || Double.isFinite(r.trainLoss()))
                && Double.isFinite(r.trainAccuracy()) && Double.isFinite(r.testAccuracy());
    }

    @Test
    void divergedLetsAHealthyRunTrainToItsEpochLimit() {
        MultiLayerNetwork net = EntropyTerminationTest.net(1e-3);
        SpectralEntropyListener entropy = everyStep();
        net.addListeners(entropy);
        EarlyStoppingResult<MultiLayerNetwork> result = fit(net, EntropyTermination.diverged(entropy));
        assertEquals(EarlyStoppingResult.TerminationReason.EpochTerminationCondition, result.getTerminationReason());
        assertEquals(4L * EPOCHS, entropy.currentStep());
        assertTrue(entropy.stepOf(EntropyEventType.DIVERGED).isEmpty());
    }

    @Test
    void notMemorisingStopsTheTrainerAtTheVerdict() {
        // random labels: training accuracy stays at chance, the verdict comes at step 20
        MultiLayerNetwork net = EntropyTerminationTest.net(0.2);
        SpectralEntropyListener entropy = SpectralEntropyListener.builder()
                .probe(NotMemorisingTerminationTest.RANDOM_LABELS.getFeatures()).layer(0).everyNIterations(1)
                .trainAccuracyOn(NotMemorisingTerminationTest.RANDOM_LABELS).notMemorisedWithin(20).build();
        net.addListeners(entropy);
        EarlyStoppingConfiguration<MultiLayerNetwork> config = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                .iterationTerminationConditions(EntropyTermination.notMemorising(entropy))
                .epochTerminationConditions(new MaxEpochsTerminationCondition(EPOCHS))
                .scoreCalculator(new DataSetLossCalculator(new ViewIterator(TEST, 100), true))
                .modelSaver(new InMemoryModelSaver<>()).saveLastModel(true).build();
        EarlyStoppingResult<MultiLayerNetwork> result = new EarlyStoppingTrainer(config, net,
                new ViewIterator(NotMemorisingTerminationTest.RANDOM_LABELS, 100)).fit();

        assertEquals(EarlyStoppingResult.TerminationReason.IterationTerminationCondition, result.getTerminationReason());
        assertEquals(20, entropy.currentStep());
        assertEquals(Phase.NOT_MEMORISING, entropy.phase());
        double trainAccuracy = entropy.latest().orElseThrow().trainAccuracy();
        assertTrue(trainAccuracy < 0.99, "still below the criterion: " + trainAccuracy);
        assertEquals("NotMemorisingTerminationCondition(training accuracy below 0.99 at step 20): not memorised at"
                + String.format(" step 20, train accuracy %.4f", trainAccuracy), result.getTerminationDetails());
    }

    @Test
    void notMemorisingLetsARunThatMemorisesTrainToItsEpochLimit() {
        MultiLayerNetwork net = EntropyTerminationTest.net(1e-2);
        SpectralEntropyListener entropy = SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer(0)
                .everyNIterations(1).trainAccuracyOn(TRAIN).notMemorisedWithin(20).build();
        net.addListeners(entropy);
        EarlyStoppingResult<MultiLayerNetwork> result = fit(net, EntropyTermination.notMemorising(entropy));
        assertEquals(EarlyStoppingResult.TerminationReason.EpochTerminationCondition, result.getTerminationReason());
        assertTrue(entropy.stepOf(EntropyEventType.MEMORISED).orElseThrow() <= 20);
    }

    @Test
    void notMemorisingRefusesAListenerWithoutTrainingAccuracyBeforeTraining() {
        SpectralEntropyListener noTrainData = SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer(0)
                .evaluateOn(TEST).build();
        MultiLayerNetwork net = EntropyTerminationTest.net(1e-3);
        net.addListeners(noTrainData);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> fit(net, EntropyTermination.notMemorising(noTrainData)));
        assertTrue(e.getMessage().contains(".trainAccuracyOn(trainData)"), e.getMessage());
        assertEquals(0, net.getIterationCount(), "refused before any update");
        EntropyTermination.diverged(noTrainData).initialize(); // diverged reads what every listener has
        assertThrows(IllegalArgumentException.class, () -> EntropyTermination.diverged(null));
        assertThrows(IllegalArgumentException.class, () -> EntropyTermination.notMemorising(null));
    }

    @Test
    void roundTripThroughJacksonAndReadAsTheRuleBeforeAnythingHappened() throws Exception {
        SpectralEntropyListener entropy = everyStep();
        ObjectMapper json = new ObjectMapper();
        for (IterationTerminationCondition condition : new IterationTerminationCondition[]{
                EntropyTermination.diverged(entropy), EntropyTermination.notMemorising(entropy)}) {
            String text = json.writeValueAsString(condition);
            IterationTerminationCondition read = json.readValue(text, IterationTerminationCondition.class);
            assertEquals(condition.getClass(), read.getClass());
            assertThrows(IllegalStateException.class, () -> read.terminate(0));
            ((EntropyTerminationCondition) read).attach(entropy);
            assertFalse(read.terminate(0));
            assertEquals(condition.toString(), read.toString());
        }
        assertEquals("DivergedTerminationCondition(H̃, an accuracy or the training loss NaN or infinite)",
                EntropyTermination.diverged(entropy).toString());
        assertEquals("NotMemorisingTerminationCondition(training accuracy below 0.99 at step 10000)",
                EntropyTermination.notMemorising(entropy).toString());
        assertEquals("NotMemorisingTerminationCondition(training accuracy below the criterion at the not-memorising"
                + " step)", new NotMemorisingTerminationCondition().toString());
    }
}
