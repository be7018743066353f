package dev.grokwatch.models;

import dev.grokwatch.models.layers.OneNativeThread;
import dev.grokwatch.models.tasks.GroupDataset;
import dev.grokwatch.models.tasks.GroupTask;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Initialisation}: today's scheme kept bit for bit, PyTorch's defaults drawn as PyTorch declares them. */
@ExtendWith(OneNativeThread.class)
class InitialisationTest {

    private static final GroupTask TASK = GroupTask.modularAddition(97);

    /** SHA-256 of the raw float bits of {@code params()}, recorded before {@link Initialisation} existed. */
    @Test
    void defaultIsTodaysInitialisationBitForBit() {
        assertEquals("f71e1c34e2a77c357ea765089eabd80c1165920d4f48ce76c34c160e32847991",
                sha256(GrokTransformer.builder(TASK).seed(0).init(Initialisation.DEFAULT).build()));
        assertEquals("b03cdc129b2822431fc5d16d0fb288e43d9cccfbc33567c79fbdbfa2b41e7858",
                sha256(GrokTransformer.builder(TASK).seed(7).init(Initialisation.DEFAULT).build()));
        assertEquals("50f9f70f48a535521990e8fc81ba0cd86c24466ba551be1a5fd5247f49045677",
                sha256(GrokMlp.builder(TASK).seed(0).init(Initialisation.DEFAULT).build()));
        assertEquals("e587f600cd19a20947002e153b08c5bf5829e8d7a2041f368912baf21f8bea7c",
                sha256(GrokMlp.builder(TASK).seed(3).init(Initialisation.DEFAULT).build()));
        assertArrayEquals(bits(GrokTransformer.builder(TASK).seed(2).build()),
                bits(GrokTransformer.builder(TASK).seed(2).init(Initialisation.DEFAULT).build()));
    }

    @Test
    void torchDrawsEveryTransformerParameterFromPyTorchsDefault() {
        ComputationGraph model = GrokTransformer.builder(TASK).seed(0).init(Initialisation.TORCH).build();
        // fan-in of each linear map: the attention's projections and the MLP's first map read d = 128,
        // the MLP's second map the FF width 512, the output layer d = 128
        Map<String, Integer> linear = Map.of("attention_Wq", 128, "attention_Wk", 128, "attention_Wv", 128,
                "attention_Wo", 128, "representation_Win", 128, "representation_bin", 128,
                "representation_Wout", 512, "representation_bout", 512, "output_W", 128, "output_b", 128);
        assertPyTorchDefaults(model, linear, "embedding_E", "embedding_P");
    }

    @Test
    void torchDrawsEveryMlpParameterFromPyTorchsDefault() {
        ComputationGraph model = GrokMlp.builder(TASK).seed(0).init(Initialisation.TORCH).build();
        // the hidden layer reads the two operands' embeddings side by side: 2 · 128
        Map<String, Integer> linear = Map.of("hidden_W", 256, "hidden_b", 256, "representation_W", 512,
                "representation_b", 512, "output_W", 128, "output_b", 128);
        assertPyTorchDefaults(model, linear, "embedding_E");
    }

    @Test
    void aSeedReproducesTorchsParametersAndAnotherSeedDoesNot() {
        ComputationGraph first = GrokTransformer.builder(TASK).seed(5).init(Initialisation.TORCH).build();
        Nd4j.getRandom().setSeed(99);
        Nd4j.randn(100, 100); // disturb ND4J's generator: the models must not depend on it
        ComputationGraph again = GrokTransformer.builder(TASK).seed(5).init(Initialisation.TORCH).build();
        assertArrayEquals(bits(first), bits(again));
        assertArrayEquals(bits(GrokMlp.builder(TASK).seed(5).init(Initialisation.TORCH).build()),
                bits(GrokMlp.builder(TASK).seed(5).init(Initialisation.TORCH).build()));
        assertDiffersEverywhere(first, GrokTransformer.builder(TASK).seed(6).init(Initialisation.TORCH).build());
        // independent of the default scheme's draws for the same seed, not a rescaling of them
        assertDiffersEverywhere(first, GrokTransformer.builder(TASK).seed(5).build());
    }

    @Test
    void torchRefusesALayerItHasNoPyTorchDefaultFor() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).graphBuilder()
                .addInputs("in")
                .addLayer("lookup", new EmbeddingSequenceLayer.Builder().nIn(10).nOut(4).inputLength(3).build(), "in")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(5).build(),
                        "lookup")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Initialisation.TORCH.apply(graph, 0));
        assertTrue(e.getMessage().startsWith("layer 'lookup' (EmbeddingSequenceLayer) parameter 'W' has no PyTorch"
                + " default here; expected the layers of GrokTransformer and GrokMlp"), e.getMessage());
        // DL4J's own output layer is a linear map: drawn, not refused
        ComputationGraph plain = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in").addLayer("out", new OutputLayer.Builder().nIn(3).nOut(2).build(), "in")
                .setOutputs("out").build());
        plain.init();
        Initialisation.TORCH.apply(plain, 0);
        assertTrue(plain.params().amaxNumber().doubleValue() <= (float) (1 / Math.sqrt(3)));
    }

    @Test
    void theCommandLineNamesAreLowerCase() {
        assertEquals("default", Initialisation.DEFAULT.toString());
        assertEquals("torch", Initialisation.TORCH.toString());
        assertThrows(IllegalArgumentException.class, () -> GrokMlp.builder(TASK).init(null));
    }

    /**
     * A small Transformer initialised as PyTorch does still learns: fitting one batch of 128 training pairs of Z/23
     * (width 32, lr 1e-2) for 30 steps brings its cross-entropy below half of where it started. Measured: from 3.40
     * to 0.18 (seed 0; the default initialisation: 3.22 to 0.04).
     */
    @Test
    void aTorchInitialisedTransformerLearns() {
        GroupDataset data = GroupDataset.split(GroupTask.modularAddition(23), 0.8, 0);
        ComputationGraph model = GrokTransformer.builder(data.task()).dModel(32).heads(4).ffWidth(64)
                .learningRate(1e-2).seed(0).init(Initialisation.TORCH).build();
        DataSet batch = data.trainIterator(128, 0).next();
        double before = crossEntropy(model, batch);
        for (int step = 0; step < 30; step++) {
            model.fit(batch);
        }
        double after = crossEntropy(model, batch);
        assertTrue(after < 0.5 * before, "cross-entropy " + before + " before and " + after + " after 30 steps,"
                + " expected it to fall below half");
    }

    /** Mean of −log p(label) over the rows, from the model's softmax output. */
    private static double crossEntropy(ComputationGraph model, DataSet data) {
        INDArray p = model.outputSingle(data.getFeatures());
        INDArray labels = data.getLabels();
        double sum = 0;
        for (int i = 0; i < p.rows(); i++) {
            sum -= Math.log(p.getDouble(i, labels.getRow(i).argMax().getInt(0)));
        }
        return sum / p.rows();
    }

    /**
     * Every parameter block is listed: the embedding tables hold {@code N(0, 1)} values, each linear block
     * {@code U(−b, b)} with {@code b = 1/√fan_in}: within the bound (in the parameters' float precision), mean near
     * 0, sample variance near {@code b²/3}, and extremes near the bound. Tolerances are 5 standard errors for the
     * block's size (kurtosis 1.8 for the uniform, 3 for the normal).
     */
    private static void assertPyTorchDefaults(ComputationGraph model, Map<String, Integer> linear,
            String... embeddings) {
        Map<String, INDArray> params = new TreeMap<>(model.paramTable());
        assertEquals(linear.size() + embeddings.length, params.size(), "blocks " + params.keySet());
        for (String key : embeddings) {
            assertMoments(key, flat(params.get(key)), 1.0, 3.0);
        }
        for (Map.Entry<String, Integer> e : linear.entrySet()) {
            INDArray block = params.get(e.getKey());
            assertTrue(block != null, e.getKey() + " missing from " + params.keySet());
            double bound = 1 / Math.sqrt(e.getValue());
            double[] values = flat(block);
            double largest = block.amaxNumber().doubleValue();
            assertTrue(largest <= (float) bound, e.getKey() + ": |w| up to " + largest + ", expected <= " + bound);
            assertTrue(largest >= 0.9 * bound, e.getKey() + ": |w| only up to " + largest + " of bound " + bound);
            assertMoments(e.getKey(), values, bound * bound / 3, 1.8);
        }
    }

    private static void assertMoments(String key, double[] values, double variance, double kurtosis) {
        int n = values.length;
        double mean = 0;
        for (double v : values) {
            mean += v / n;
        }
        double sumSquares = 0;
        for (double v : values) {
            sumSquares += (v - mean) * (v - mean);
        }
        double sampleVariance = sumSquares / (n - 1);
        assertEquals(0.0, mean, 5 * Math.sqrt(variance / n), key + " mean");
        assertEquals(variance, sampleVariance, 5 * variance * Math.sqrt((kurtosis - 1) / n), key + " variance");
    }

    private static double[] flat(INDArray block) {
        return block.dup().reshape(block.length()).toDoubleVector();
    }

    private static void assertDiffersEverywhere(ComputationGraph a, ComputationGraph b) {
        for (String key : a.paramTable().keySet()) {
            assertFalse(a.getParam(key).equals(b.getParam(key)), key + " is the same in both models");
        }
    }

    private static int[] bits(ComputationGraph model) {
        float[] values = model.params().toFloatVector();
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private static String sha256(ComputationGraph model) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (int b : bits(model)) {
                digest.update(new byte[]{(byte) (b >>> 24), (byte) (b >>> 16), (byte) (b >>> 8), (byte) b});
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
