package dev.grokwatch.entropy;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Each layer reads the features mask of the inputs that feed it (as DL4J propagates it), on multi-input
 * graphs in any input order, downstream of merges, and after layers that change the sequence length.
 */
class MaskTest {

    private static final int N = 10;
    private static final int T = 6;

    /** Sequences [n, 3, T] (or [n, T, 3]) padded with noise beyond each row's length. */
    static INDArray paddedSequences(RNNFormat format, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return format == RNNFormat.NWC ? Nd4j.rand(DataType.DOUBLE, N, T, 3) : Nd4j.rand(DataType.DOUBLE, N, 3, T);
    }

    /** A dense input and a sequence input feeding an LSTM, in either order. */
    static ComputationGraph denseAndSequence(boolean sequenceFirst, RNNFormat format) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(11)
                .dataType(DataType.DOUBLE).graphBuilder();
        if (sequenceFirst) {
            b.addInputs("seq", "dense");
        } else {
            b.addInputs("dense", "seq");
        }
        ComputationGraph graph = new ComputationGraph(b
                .addLayer("lstm", new LSTM.Builder().nIn(3).nOut(4).dataFormat(format).activation(Activation.TANH)
                        .build(), "seq")
                .addLayer("pooled", new GlobalPoolingLayer.Builder(PoolingType.AVG)
                        .poolingDimensions(format == RNNFormat.NWC ? 1 : 2).build(), "lstm")
                .addLayer("hidden", new DenseLayer.Builder().nIn(5).nOut(3).build(), "dense")
                .addVertex("merged", new MergeVertex(), "pooled", "hidden")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(7).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "merged")
                .setOutputs("out").build());
        graph.init();
        return graph;
    }

    static Stream<Arguments> inputOrders() {
        return Stream.of(false, true).flatMap(sequenceFirst -> Stream.of(RNNFormat.NCW, RNNFormat.NWC)
                .flatMap(format -> Stream.of(SequenceReduction.LAST, SequenceReduction.MEAN, SequenceReduction.FLATTEN)
                        .map(r -> Arguments.of(sequenceFirst ? "sequence first" : "dense first", format, r))));
    }

    /** The case and its family: the LSTM reads the mask of the input feeding it, wherever that input is. */
    @ParameterizedTest(name = "{0}, {1}, {2}")
    @MethodSource("inputOrders")
    void aVertexReadsTheMaskOfTheInputFeedingIt(String order, RNNFormat format, SequenceReduction reduction) {
        boolean sequenceFirst = order.startsWith("sequence");
        ComputationGraph graph = denseAndSequence(sequenceFirst, format);
        INDArray seq = paddedSequences(format, 31);
        INDArray dense = Nd4j.rand(DataType.DOUBLE, N, 5);
        int[] lengths = Reference.lengths(N, T, 5);
        INDArray mask = Reference.mask(lengths, T);
        INDArray[] features = sequenceFirst ? new INDArray[]{seq, dense} : new INDArray[]{dense, seq};
        INDArray[] masks = sequenceFirst ? new INDArray[]{mask, null} : new INDArray[]{null, mask};
        Probe probe = Probe.of(new MultiDataSet(features, new INDArray[]{Nd4j.zeros(N, 2)}, masks, null));

        // An LSTM is causal: its unmasked output at a row's last real step is the masked one.
        INDArray unmasked = graph.feedForward(features, false).get("lstm");
        boolean nwc = format == RNNFormat.NWC;
        double[][] expected = switch (reduction) {
            case LAST -> Reference.lastSteps(unmasked, lengths, nwc);
            case MEAN -> Reference.meanSteps(unmasked, lengths, nwc);
            case FLATTEN -> zeroPaddedFlatten(unmasked, lengths, nwc);
        };
        Reference.assertRepresentations(expected, RepresentationSource.of(graph, LayerSelector.named("lstm"),
                new ActivationReduction(reduction, null)).representations(probe));
    }

    /** FLATTEN of a masked probe: d·T columns per row, zero at padded steps, in DL4J's [d, T] order. */
    static double[][] zeroPaddedFlatten(INDArray a, int[] lengths, boolean channelsLast) {
        int d = (int) a.size(channelsLast ? 2 : 1);
        double[][] out = new double[lengths.length][d * T];
        for (int i = 0; i < lengths.length; i++) {
            for (int t = 0; t < lengths[i]; t++) {
                double[] s = Reference.step(a, i, t, channelsLast);
                for (int j = 0; j < d; j++) {
                    out[i][j * T + t] = s[j];
                }
            }
        }
        return out;
    }

    @Test
    void flattenOfAMaskedProbeDoesNotDependOnThePaddingValues() {
        ComputationGraph graph = denseAndSequence(false, RNNFormat.NCW);
        int[] lengths = Reference.lengths(N, T, 6);
        INDArray mask = Reference.mask(lengths, T);
        INDArray dense = Nd4j.rand(DataType.DOUBLE, N, 5);
        INDArray seq = paddedSequences(RNNFormat.NCW, 32);
        INDArray otherPadding = seq.mul(mask.reshape(N, 1, T)).addi(paddedSequences(RNNFormat.NCW, 33)
                .muli(mask.rsub(1).reshape(N, 1, T)));
        ActivationReduction flatten = new ActivationReduction(SequenceReduction.FLATTEN, null);
        INDArray a = RepresentationSource.of(graph, LayerSelector.named("lstm"), flatten).representations(
                Probe.of(new MultiDataSet(new INDArray[]{dense, seq}, new INDArray[]{Nd4j.zeros(N, 2)},
                        new INDArray[]{null, mask}, null)));
        INDArray b = RepresentationSource.of(graph, LayerSelector.named("lstm"), flatten).representations(
                Probe.of(new MultiDataSet(new INDArray[]{dense, otherPadding}, new INDArray[]{Nd4j.zeros(N, 2)},
                        new INDArray[]{null, mask}, null)));
        assertNotEquals(seq, otherPadding);
        assertEquals(a, b);
    }

    /** Two masked sequence inputs: each LSTM reads its own mask; a merge of both reads DL4J's union of them. */
    @Test
    void masksOnBothInputsAndDownstreamOfAMerge() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(12)
                .dataType(DataType.DOUBLE).graphBuilder().addInputs("a", "b")
                .addLayer("lstmA", new LSTM.Builder().nIn(3).nOut(3).build(), "a")
                .addLayer("lstmB", new LSTM.Builder().nIn(3).nOut(2).build(), "b")
                .addVertex("merged", new MergeVertex(), "lstmA", "lstmB")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "merged")
                .setOutputs("out").build());
        graph.init();
        INDArray a = paddedSequences(RNNFormat.NCW, 34);
        INDArray b = paddedSequences(RNNFormat.NCW, 35);
        int[] lengthsA = Reference.lengths(N, T, 7);
        int[] lengthsB = Reference.lengths(N, T, 8);
        INDArray[] masks = {Reference.mask(lengthsA, T), Reference.mask(lengthsB, T)};
        Probe probe = Probe.of(new MultiDataSet(new INDArray[]{a, b}, new INDArray[]{Nd4j.zeros(N, 2, T)}, masks, null));
        Probe onlyA = Probe.of(new MultiDataSet(new INDArray[]{a, b}, new INDArray[]{Nd4j.zeros(N, 2, T)},
                new INDArray[]{masks[0], null}, null));

        INDArray unmasked = graph.feedForward(new INDArray[]{a, b}, false).get("lstmB");
        Reference.assertRepresentations(Reference.lastSteps(unmasked, lengthsB, false),
                RepresentationSource.of(graph, LayerSelector.named("lstmB"), ActivationReduction.defaults())
                        .representations(probe));

        graph.setLayerMaskArrays(masks, null);
        INDArray merged = graph.feedForward(new INDArray[]{a, b}, false).get("merged");
        graph.clearLayerMaskArrays();
        int[] union = new int[N];
        for (int i = 0; i < N; i++) {
            union[i] = Math.max(lengthsA[i], lengthsB[i]);
        }
        Reference.assertRepresentations(Reference.lastSteps(merged, union, false),
                RepresentationSource.of(graph, LayerSelector.named("merged"), ActivationReduction.defaults())
                        .representations(probe));

        // a merge of a masked and an unmasked sequence has no mask in DL4J: all steps are real
        graph.setLayerMaskArrays(new INDArray[]{masks[0], null}, null);
        INDArray half = graph.feedForward(new INDArray[]{a, b}, false).get("merged");
        graph.clearLayerMaskArrays();
        int[] full = new int[N];
        Arrays.fill(full, T);
        Reference.assertRepresentations(Reference.lastSteps(half, full, false),
                RepresentationSource.of(graph, LayerSelector.named("merged"), ActivationReduction.defaults())
                        .representations(onlyA));
    }

    /** A strided 1-D convolution halves the sequence: it reads the mask DL4J shortens with it. */
    @Test
    void aLayerThatShortensTheSequenceReadsTheShortenedMask() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(13).dataType(DataType.DOUBLE).list()
                .layer(new Convolution1DLayer.Builder(1, 2).nOut(4).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(3, T))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = paddedSequences(RNNFormat.NCW, 36);
        int[] lengths = Reference.lengths(N, T, 9);
        INDArray unmasked = net.feedForward(x, false).get(1); // [n, 4, T / 2]: output step j reads input step 2j
        assertEquals(T / 2, unmasked.size(2));
        int[] halved = Arrays.stream(lengths).map(l -> (l + 1) / 2).toArray();
        Reference.assertRepresentations(Reference.meanSteps(unmasked, halved, false),
                RepresentationSource.of(net, LayerSelector.index(0), new ActivationReduction(SequenceReduction.MEAN, null))
                        // a float mask: DL4J's own 1-D convolution mask reduction makes a float array
                        .representations(Probe.of(new DataSet(x, null, Reference.mask(lengths, T)
                                .castTo(DataType.FLOAT), null))));
    }

    @Test
    void anEmptySequenceInTheProbeIsRefusedNamingItsRow() {
        INDArray x = paddedSequences(RNNFormat.NCW, 37);
        INDArray mask = Reference.mask(Reference.lengths(N, T, 10), T);
        mask.getRow(3).assign(0);
        IllegalArgumentException single = assertThrows(IllegalArgumentException.class,
                () -> Probe.of(new DataSet(x, null, mask, null)));
        assertTrue(single.getMessage().contains("row 3") && single.getMessage().contains("empty sequence"),
                single.getMessage());
        IllegalArgumentException builder = assertThrows(IllegalArgumentException.class,
                () -> SpectralEntropyListener.builder().probe(new DataSet(x, null, mask, null)));
        assertTrue(builder.getMessage().contains("row 3"), builder.getMessage());

        INDArray secondMask = Reference.mask(Reference.lengths(N, T, 11), T);
        secondMask.getRow(7).assign(0);
        IllegalArgumentException multi = assertThrows(IllegalArgumentException.class, () -> Probe.of(new MultiDataSet(
                new INDArray[]{Nd4j.rand(N, 5), x}, new INDArray[]{Nd4j.zeros(N, 2)},
                new INDArray[]{null, secondMask}, null)));
        assertTrue(multi.getMessage().contains("input 1") && multi.getMessage().contains("row 7")
                && multi.getMessage().contains("empty sequence"), multi.getMessage());

        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> Probe.of(new DataSet(x, null, Reference.mask(new int[]{2, 3}, T), null)));
        assertTrue(rows.getMessage().contains("expected " + N + " rows"), rows.getMessage());
    }
}
