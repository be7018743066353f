package dev.grokwatch.models;

import dev.grokwatch.models.layers.OneNativeThread;
import dev.grokwatch.models.tasks.GroupDataset;
import dev.grokwatch.models.tasks.GroupTask;
import dev.grokwatch.models.tasks.SampledBatchIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GrokMlpSameDiff is GrokMlp in SameDiff: the same variables at the start (raw bits), the same outputs, and the
 * same variables after training on the same minibatches, bit for bit, compared with DL4J's own model.
 */
@ExtendWith(OneNativeThread.class)
class GrokMlpSameDiffTest {

    private static final GroupTask TASK = GroupTask.modularAddition(97);

    private static int[] bits(INDArray array) {
        float[] values = array.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    /** Every trainable variable equals GrokMlp's parameter of the same name, bit for bit and shape for shape. */
    private static void assertSameParameters(ComputationGraph dl4j, SameDiff sd, String when) {
        Set<String> variables = sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .map(SDVariable::name).collect(Collectors.toSet());
        assertEquals(dl4j.paramTable().keySet(), variables, when);
        for (Map.Entry<String, INDArray> p : dl4j.paramTable().entrySet()) {
            INDArray variable = sd.getVariable(p.getKey()).getArr();
            assertArrayEquals(p.getValue().shape(), variable.shape(), when + ": shape of " + p.getKey());
            assertArrayEquals(bits(p.getValue()), bits(variable), when + ": " + p.getKey());
        }
    }

    @Test
    void theSameSeedGivesGrokMlpsInitialWeightsBitForBitUnderEitherInitialisation() {
        for (Initialisation init : Initialisation.values()) {
            for (long seed : new long[]{0, 3}) {
                ComputationGraph dl4j = GrokMlp.builder(TASK).seed(seed).init(init).build();
                SameDiff sd = GrokMlpSameDiff.from(GrokMlp.builder(TASK).seed(seed).init(init));
                assertSameParameters(dl4j, sd, init + " seed " + seed);
            }
        }
        assertNotEquals(bits(GrokMlp.builder(TASK).seed(0).build().params()),
                bits(GrokMlp.builder(TASK).seed(3).build().params()), "another seed, other weights");
    }

    @Test
    void outputsRepresentationsAndEmbeddingsAreGrokMlps() {
        ComputationGraph dl4j = GrokMlp.builder(TASK).seed(1).build();
        SameDiff sd = GrokMlpSameDiff.from(GrokMlp.builder(TASK).seed(1));
        INDArray tokens = GroupDataset.split(TASK, 0.3, 1).testDataSet().getFeatures();
        Map<String, INDArray> activations = dl4j.feedForward(tokens, false);
        Map<String, INDArray> outputs = sd.output(Map.of(GrokModelBuilder.INPUT, tokens),
                GrokModelBuilder.REPRESENTATION, GrokModelBuilder.OUTPUT);
        assertArrayEquals(bits(activations.get(GrokModelBuilder.REPRESENTATION)),
                bits(outputs.get(GrokModelBuilder.REPRESENTATION)), "representation");
        assertArrayEquals(bits(dl4j.outputSingle(tokens)), bits(outputs.get(GrokModelBuilder.OUTPUT)), "softmax output");
        assertArrayEquals(bits(GrokModelBuilder.tokenEmbeddings(dl4j)), bits(GrokMlpSameDiff.tokenEmbeddings(sd)));
    }

    /**
     * Fitted on the same minibatches, the two models stay bit-identical: the SameDiff graph's operations give the
     * same floats as DL4J's layers (the embedding's gradient is the same one-hot product, the batch mean's 1/512 is
     * exact), and Adam with decoupled weight decay updates in the same order. The loss differs in the last bits only:
     * DL4J's MCXENT logs clipped softmax probabilities, SameDiff's softmax cross-entropy works on the logits.
     */
    @Test
    void trainingOnTheSameBatchesGivesGrokMlpsWeightsBitForBitAndItsLoss() {
        GroupDataset data = GroupDataset.split(TASK, 0.3, 0);
        ComputationGraph dl4j = GrokMlp.builder(TASK).seed(0).build();
        SameDiff sd = GrokMlpSameDiff.from(GrokMlp.builder(TASK).seed(0));
        int steps = 80;
        SampledBatchIterator batches = data.trainIterator(512, 0).batchesPerEpoch(steps);
        while (batches.hasNext()) {
            dl4j.fit(batches.next());
        }
        sd.fit(data.trainIterator(512, 0).batchesPerEpoch(steps), 1);

        assertEquals(steps, sd.getTrainingConfig().getIterationCount());
        assertSameParameters(dl4j, sd, "after " + steps + " steps");
        DataSet train = data.trainDataSet();
        double dl4jLoss = dl4j.score(train) - dl4j.calcRegularizationScore(true);
        double sameDiffLoss = sd.output(Map.of(GrokModelBuilder.INPUT, train.getFeatures(), GrokMlpSameDiff.LABELS,
                train.getLabels()), GrokMlpSameDiff.LOSS).get(GrokMlpSameDiff.LOSS).getDouble(0);
        assertTrue(dl4jLoss > 0.1 && dl4jLoss < Math.log(97), "a loss on the way down: " + dl4jLoss);
        assertEquals(dl4jLoss, sameDiffLoss, 1e-5 * dl4jLoss, "mean cross-entropy over the training split");
    }

    @Test
    void theOptimiserIsTheBuildersAdamW() {
        SameDiff sd = GrokMlpSameDiff.from(GrokMlp.builder(TASK).learningRate(3e-4).weightDecay(0.5));
        org.nd4j.linalg.learning.config.Adam adam =
                (org.nd4j.linalg.learning.config.Adam) sd.getTrainingConfig().getUpdater();
        assertEquals(3e-4, adam.getLearningRate());
        assertEquals(0.9, adam.getBeta1());
        assertEquals(0.98, adam.getBeta2());
        assertEquals(AdamW.EPSILON, adam.getEpsilon());
        assertEquals(1, sd.getTrainingConfig().getRegularization().size());
        org.nd4j.linalg.learning.regularization.WeightDecay decay =
                (org.nd4j.linalg.learning.regularization.WeightDecay) sd.getTrainingConfig().getRegularization().get(0);
        assertEquals(0.5, decay.getCoeff().valueAt(0, 0));
        assertTrue(decay.isApplyLR(), "decoupled: scaled by the learning rate, after the update");
        assertTrue(GrokMlpSameDiff.from(GrokMlp.builder(TASK).weightDecay(0.0)).getTrainingConfig().getRegularization()
                .isEmpty(), "no decay at 0");
    }

    @Test
    void mixingAndMissingSettingsAreRefused() {
        IllegalArgumentException mixing = assertThrows(IllegalArgumentException.class,
                () -> GrokMlpSameDiff.from(GrokMlp.builder(TASK).mixing(0.3)));
        assertTrue(mixing.getMessage().contains("mixing is 0.3") && mixing.getMessage().contains("expected 0"),
                mixing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GrokMlpSameDiff.from(null));
        IllegalArgumentException notOurs = assertThrows(IllegalArgumentException.class,
                () -> GrokMlpSameDiff.tokenEmbeddings(SameDiff.create()));
        assertTrue(notOurs.getMessage().contains(GrokMlpSameDiff.TOKEN_EMBEDDINGS), notOurs.getMessage());
    }
}
