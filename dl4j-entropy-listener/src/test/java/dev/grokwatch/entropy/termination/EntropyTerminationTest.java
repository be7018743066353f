package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.EntropyEventType;
import dev.grokwatch.entropy.SpectralEntropyListener;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.IterationTerminationCondition;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingGraphTrainer;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class EntropyTerminationTest {

    /** Two Gaussian blobs far apart: a tiny MLP separates them within a few dozen steps. */
    static DataSet blobs(int n, long seed) {
        Random random = new Random(seed);
        INDArray x = Nd4j.create(DataType.FLOAT, n, 4);
        INDArray y = Nd4j.create(DataType.FLOAT, n, 2);
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            for (int j = 0; j < 4; j++) {
                x.putScalar(i, j, (label == 0 ? -2 : 2) + random.nextGaussian());
            }
            y.putScalar(i, label, 1);
        }
        return new DataSet(x, y);
    }

    static MultiLayerNetwork net(double learningRate) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(learningRate > 0 ? new Adam(learningRate) : new Sgd(0)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(24).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(24).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static final DataSet TRAIN = blobs(400, 1);
    static final DataSet TEST = blobs(200, 2);

    static SpectralEntropyListener listener() {
        return SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer(0).everyNIterations(2)
                .threshold(0.3).evaluateOn(TEST).build();
    }

    static EarlyStoppingConfiguration<MultiLayerNetwork> config(IterationTerminationCondition condition) {
        return new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                .iterationTerminationConditions(condition)
                .epochTerminationConditions(new MaxEpochsTerminationCondition(50))
                .scoreCalculator(new DataSetLossCalculator(new ViewIterator(TEST, 100), true))
                .modelSaver(new InMemoryModelSaver<>()).saveLastModel(true)
                .build();
    }

    @Test
    void earlyStoppingTrainerStopsWhenTestAccuracyHasReachedTheGrokkingCriterion() {
        MultiLayerNetwork net = net(1e-3);
        SpectralEntropyListener entropy = listener();
        net.addListeners(entropy);
        // 4 iterations per epoch: DL4J's trainers need one finished epoch to hold a best model
        EarlyStoppingResult<MultiLayerNetwork> result =
                new EarlyStoppingTrainer(config(EntropyTermination.grokked(entropy, 4)), net,
                        new ViewIterator(TRAIN, 100)).fit();

        assertEquals(EarlyStoppingResult.TerminationReason.IterationTerminationCondition, result.getTerminationReason());
        // no training accuracy: the run reads generalised, a delay past memorisation being unknown
        long grok = entropy.stepOf(EntropyEventType.GENERALISED).orElseThrow();
        assertTrue(entropy.stepOf(EntropyEventType.GROKKED).isEmpty());
        assertEquals(grok + 4, entropy.currentStep(), "stops 4 steps after the grokking evaluation");
        assertTrue(entropy.latest().orElseThrow().testAccuracy() >= 0.99);
        assertTrue(result.getTerminationDetails().contains("generalised (whether after a delay past memorisation is"
                + " unknown without training accuracy) at step " + grok), result.getTerminationDetails());
        assertTrue(result.getTerminationDetails().contains("stopped at step " + (grok + 4)), result.getTerminationDetails());
        assertTrue(result.getTotalEpochs() < 50);
    }

    @Test
    void earlyStoppingGraphTrainerStopsAtTheThresholdCrossing() {
        ComputationGraph graph = net(1e-2).toComputationGraph();
        // H̃ starts at 0.19 and falls towards 0.10: it comes down through 0.15
        SpectralEntropyListener entropy = SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer("0")
                .everyNIterations(2).threshold(0.15).build();
        graph.addListeners(entropy);
        EarlyStoppingConfiguration<ComputationGraph> config = new EarlyStoppingConfiguration.Builder<ComputationGraph>()
                .iterationTerminationConditions(EntropyTermination.thresholdCrossed(entropy, 6))
                .epochTerminationConditions(new MaxEpochsTerminationCondition(50))
                .scoreCalculator(new DataSetLossCalculator(new ViewIterator(TEST, 100), true))
                .modelSaver(new InMemoryModelSaver<>()).saveLastModel(true).build();
        EarlyStoppingResult<ComputationGraph> result =
                new EarlyStoppingGraphTrainer(config, graph, new ViewIterator(TRAIN, 100)).fit();
        assertEquals(EarlyStoppingResult.TerminationReason.IterationTerminationCondition, result.getTerminationReason());
        long crossed = entropy.stepOf(EntropyEventType.THRESHOLD_CROSSED).orElseThrow();
        assertEquals(crossed + 6, entropy.currentStep());
        assertTrue(entropy.history().records().stream().filter(r -> r.step() == crossed).findFirst().orElseThrow()
                .normalisedEntropy() < 0.15);
        assertTrue(result.getTerminationDetails().contains("crossed at step " + crossed), result.getTerminationDetails());
    }

    @Test
    void noCollapseGivesUpOnAFrozenModel() {
        MultiLayerNetwork frozen = net(0); // learning rate 0: H̃ cannot move
        SpectralEntropyListener entropy = listener();
        frozen.addListeners(entropy);
        EarlyStoppingResult<MultiLayerNetwork> result = new EarlyStoppingTrainer(
                config(EntropyTermination.noCollapseWithin(entropy, 30)), frozen, new ViewIterator(TRAIN, 100)).fit();
        assertEquals(EarlyStoppingResult.TerminationReason.IterationTerminationCondition, result.getTerminationReason());
        assertEquals(30, entropy.currentStep());
        assertTrue(result.getTerminationDetails().contains("none by step 30"), result.getTerminationDetails());
    }

    @Test
    void conditionsRoundTripThroughJacksonLikeDl4jOnes() throws Exception {
        ObjectMapper json = new ObjectMapper();
        SpectralEntropyListener entropy = listener();
        IterationTerminationCondition[] conditions = {
                EntropyTermination.grokked(entropy, 300), EntropyTermination.thresholdCrossed(entropy, 1000),
                EntropyTermination.noCollapseWithin(entropy, 20_000), EntropyTermination.collapseWithoutGeneralisation(entropy)};
        for (IterationTerminationCondition condition : conditions) {
            String text = json.writeValueAsString(condition);
            assertTrue(text.contains("\"@class\""), text);
            IterationTerminationCondition read = json.readValue(text, IterationTerminationCondition.class);
            assertEquals(condition.getClass(), read.getClass());
            assertEquals(json.writeValueAsString(condition), json.writeValueAsString(read));
            IllegalStateException unattached = assertThrows(IllegalStateException.class, () -> read.terminate(0));
            assertTrue(unattached.getMessage().contains("attach"), unattached.getMessage());
            ((EntropyTerminationCondition) read).attach(entropy);
            assertFalse(read.terminate(0));
        }
        assertEquals(300, ((GrokkedTerminationCondition) json.readValue(json.writeValueAsString(conditions[0]),
                IterationTerminationCondition.class)).extraSteps());
    }

    @Test
    void aConditionMetInsideTheFirstEpochStopsAtTheStartOfTheNextInsteadOfFailingInDl4j() {
        MultiLayerNetwork net = net(1e-2);
        SpectralEntropyListener entropy = listener();
        net.addListeners(entropy);
        // 40 iterations per epoch: the blobs are separated within the first epoch, where DL4J's trainer
        // has no best model yet and would end in a NullPointerException on "bestModel"
        EarlyStoppingResult<MultiLayerNetwork> result = new EarlyStoppingTrainer(
                config(EntropyTermination.grokked(entropy, 0)), net, new ViewIterator(TRAIN, 10)).fit();

        long grok = entropy.stepOf(EntropyEventType.GENERALISED).orElseThrow();
        assertTrue(grok < 40, "test accuracy at 0.99 inside the first epoch, at step " + grok);
        assertEquals(EarlyStoppingResult.TerminationReason.IterationTerminationCondition, result.getTerminationReason());
        assertEquals(41, entropy.currentStep(), "stopped at the first iteration of the second epoch");
        assertNotNull(result.getBestModel());
    }

    @Test
    void conditionsThatReadTestAccuracyRefuseAListenerWithoutItBeforeTraining() {
        SpectralEntropyListener noTestData = SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer(0)
                .threshold(0.5).build();
        MultiLayerNetwork net = net(1e-3);
        net.addListeners(noTestData);
        INDArray initial = net.params().dup();
        IllegalStateException grokked = assertThrows(IllegalStateException.class,
                () -> new EarlyStoppingTrainer(config(EntropyTermination.grokked(noTestData, 0)), net,
                        new ViewIterator(TRAIN, 100)).fit());
        assertTrue(grokked.getMessage().contains(".evaluateOn(testData)"), grokked.getMessage());
        assertEquals(0, net.getIterationCount(), "refused before any update");
        dev.grokwatch.entropy.BitExact.assertBitIdentical(initial, net.params(), "parameters before the refusal");
        IllegalStateException collapse = assertThrows(IllegalStateException.class,
                () -> EntropyTermination.collapseWithoutGeneralisation(noTestData).initialize());
        assertTrue(collapse.getMessage().contains(".evaluateOn(testData)"), collapse.getMessage());
    }

    @Test
    void conditionsThatNeedAThresholdSayWhenItIsMissing() {
        SpectralEntropyListener noThreshold = SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer(0).build();
        IllegalStateException crossed = assertThrows(IllegalStateException.class,
                () -> EntropyTermination.thresholdCrossed(noThreshold).initialize());
        assertTrue(crossed.getMessage().contains(".threshold("), crossed.getMessage());
        assertThrows(IllegalStateException.class,
                () -> EntropyTermination.collapseWithoutGeneralisation(noThreshold).initialize());
        assertThrows(IllegalArgumentException.class, () -> EntropyTermination.grokked(null));
        assertThrows(IllegalArgumentException.class, () -> EntropyTermination.grokked(noThreshold, -1));
        assertThrows(IllegalArgumentException.class, () -> EntropyTermination.noCollapseWithin(noThreshold, 0));
    }

    @Test
    void toStringReadsAsTheRuleBeforeAnythingHappened() {
        SpectralEntropyListener entropy = listener();
        assertEquals("GrokkedTerminationCondition(test accuracy >= 0.99, extraSteps=0)",
                EntropyTermination.grokked(entropy).toString());
        assertEquals("ThresholdCrossedTerminationCondition(H̃ < 0.3, afterSteps=1000)",
                EntropyTermination.thresholdCrossed(entropy, 1000).toString());
        assertEquals("NoCollapseTerminationCondition(no collapse onset within 500 steps)",
                EntropyTermination.noCollapseWithin(entropy, 500).toString());
    }
}
