package dev.grokwatch.entropy;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.preprocessor.ComposableInputPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SpaceToDepthLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Which axis holds channels comes from each layer's configuration: every convolution-family layer and
 * graph vertex in NHWC and NCHW, recurrent ones in NWC and NCW, and a clear refusal where the
 * configuration does not tell.
 */
class LayoutTest {

    private static final ActivationReduction AVERAGE = new ActivationReduction(SequenceReduction.LAST,
            SpatialReduction.GLOBAL_AVERAGE);
    private static final ActivationReduction FLATTEN = new ActivationReduction(SequenceReduction.LAST,
            SpatialReduction.FLATTEN);
    private static final int N = 12;

    /** input [n, 7, 7, 3] (or NCHW) → 2×2 convolution (4 channels, 6×6) → layer under test → softmax. */
    static MultiLayerNetwork convNet(CNN2DFormat format, Layer underTest) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(4).dataFormat(format).activation(Activation.TANH).build())
                .layer(underTest)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(7, 7, 3, format))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static INDArray images(CNN2DFormat format) {
        Nd4j.getRandom().setSeed(17);
        return format == CNN2DFormat.NHWC ? Nd4j.rand(DataType.DOUBLE, N, 7, 7, 3) : Nd4j.rand(DataType.DOUBLE, N, 3, 7, 7);
    }

    static Stream<Arguments> convolutionFamily() {
        return Stream.of(CNN2DFormat.NHWC, CNN2DFormat.NCHW).flatMap(f -> Stream.<Supplier<Layer>>of(
                () -> new ConvolutionLayer.Builder(2, 2).nOut(5).dataFormat(f).build(),
                () -> new Deconvolution2D.Builder(2, 2).nOut(5).dataFormat(f).build(),
                () -> new DepthwiseConvolution2D.Builder(2, 2).depthMultiplier(2).dataFormat(f).build(),
                () -> new SeparableConvolution2D.Builder(2, 2).nOut(5).dataFormat(f).build(),
                () -> new SubsamplingLayer.Builder(PoolingType.MAX, new int[]{2, 2}).dataFormat(f).build(),
                () -> new BatchNormalization.Builder().build(),
                () -> new LocalResponseNormalization.Builder().build(),
                () -> new Upsampling2D.Builder(2).build(),
                () -> new ZeroPaddingLayer.Builder(1, 1).build(),
                () -> new Cropping2D.Builder(1, 1).build(),
                () -> new SpaceToDepthLayer.Builder(2).build(),
                () -> new ActivationLayer.Builder().activation(Activation.RELU).build(),
                () -> new DropoutLayer.Builder(0.5).build()
        ).map(layer -> Arguments.of(f, layer.get().getClass().getSimpleName(), layer)));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("convolutionFamily")
    void globalAverageIsThePerChannelMeanForEveryConvolutionFamilyLayer(CNN2DFormat format, String name,
                                                                       Supplier<Layer> layer) {
        MultiLayerNetwork net = convNet(format, layer.get());
        INDArray x = images(format);
        INDArray activations = net.feedForward(x, false).get(2);
        double[][] expected = Reference.channelMeans(activations, format == CNN2DFormat.NHWC ? 3 : 1);
        Reference.assertRepresentations(expected,
                RepresentationSource.of(net, LayerSelector.index(1), AVERAGE).representations(Probe.of(x)));
    }

    /** The case: batch norm and subsampling vertices after an NHWC convolution, as graph vertices. */
    @Test
    void graphVerticesAfterAnNhwcConvolutionAverageOverHeightAndWidth() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.DOUBLE).graphBuilder().addInputs("image")
                .setInputTypes(InputType.convolutional(7, 7, 3, CNN2DFormat.NHWC))
                .addLayer("conv", new ConvolutionLayer.Builder(2, 2).nOut(4).dataFormat(CNN2DFormat.NHWC)
                        .activation(Activation.RELU).build(), "image")
                .addLayer("norm", new BatchNormalization.Builder().build(), "conv")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.AVG, new int[]{2, 2}).build(), "norm")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").build());
        graph.init();
        INDArray x = images(CNN2DFormat.NHWC);
        for (String vertex : new String[]{"norm", "pool"}) {
            INDArray activations = graph.feedForward(new INDArray[]{x}, false).get(vertex);
            assertEquals(4, activations.size(3), "channels last");
            Reference.assertRepresentations(Reference.channelMeans(activations, 3),
                    RepresentationSource.of(graph, LayerSelector.named(vertex), AVERAGE).representations(Probe.of(x)));
        }
    }

    /** Two convolutions of one image in the given formats, joined by a merge or an element-wise vertex. */
    static ComputationGraph joined(CNN2DFormat a, CNN2DFormat b, org.deeplearning4j.nn.conf.graph.GraphVertex join) {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(6)
                .dataType(DataType.DOUBLE).graphBuilder().addInputs("image")
                .addLayer("convA", new ConvolutionLayer.Builder(2, 2).nIn(3).nOut(2).dataFormat(a)
                        .activation(Activation.TANH).build(), "image")
                .addLayer("convB", new ConvolutionLayer.Builder(2, 2).nIn(3).nOut(2).dataFormat(b)
                        .activation(Activation.SIGMOID).build(), "image")
                .addVertex("joined", join, "convA", "convB")
                .addLayer("flat", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "joined")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "flat")
                .setOutputs("out").build());
        graph.init();
        return graph;
    }

    @Test
    void nonLayerVerticesTakeTheLayoutOfTheLayersFeedingThem() {
        INDArray x = images(CNN2DFormat.NHWC).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3))
                .dup(); // [n, 3, 3, 3] → [n, 2, 2, 2]: the same shapes in NHWC and NCHW, only the configuration can tell
        for (org.deeplearning4j.nn.conf.graph.GraphVertex join : new org.deeplearning4j.nn.conf.graph.GraphVertex[]{
                new ElementWiseVertex(ElementWiseVertex.Op.Add), new ElementWiseVertex(ElementWiseVertex.Op.Product)}) {
            ComputationGraph graph = joined(CNN2DFormat.NHWC, CNN2DFormat.NHWC, join);
            INDArray activations = graph.feedForward(new INDArray[]{x}, false).get("joined");
            Reference.assertRepresentations(Reference.channelMeans(activations, 3),
                    RepresentationSource.of(graph, LayerSelector.named("joined"), AVERAGE).representations(Probe.of(x)));
            // the network input reads as the layout of the convolutions it feeds
            Reference.assertRepresentations(Reference.channelMeans(x, 3),
                    RepresentationSource.of(graph, LayerSelector.named("image"), AVERAGE).representations(Probe.of(x)));
        }
    }

    @Test
    void aMergeOfNhwcConvolutionsIsNhwc() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(6)
                .dataType(DataType.DOUBLE).graphBuilder().addInputs("image")
                .setInputTypes(InputType.convolutional(7, 7, 3, CNN2DFormat.NHWC))
                .addLayer("convA", new ConvolutionLayer.Builder(2, 2).nOut(4).dataFormat(CNN2DFormat.NHWC).build(), "image")
                .addLayer("convB", new ConvolutionLayer.Builder(2, 2).nOut(2).dataFormat(CNN2DFormat.NHWC).build(), "image")
                .addVertex("merged", new MergeVertex(), "convA", "convB")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "merged")
                .setOutputs("out").build());
        graph.init();
        INDArray x = images(CNN2DFormat.NHWC);
        INDArray merged = graph.feedForward(new INDArray[]{x}, false).get("merged");
        assertArrayEquals(new long[]{N, 6, 6, 6}, merged.shape());
        Reference.assertRepresentations(Reference.channelMeans(merged, 3),
                RepresentationSource.of(graph, LayerSelector.named("merged"), AVERAGE).representations(Probe.of(x)));
    }

    @Test
    void ambiguousLayoutsAreRefusedForGlobalAverageButFlattenStillWorks() {
        INDArray x = images(CNN2DFormat.NHWC).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3))
                .dup();
        ComputationGraph mixed = joined(CNN2DFormat.NHWC, CNN2DFormat.NCHW, new ElementWiseVertex(ElementWiseVertex.Op.Add));
        IllegalArgumentException disagree = assertThrows(IllegalArgumentException.class, () -> RepresentationSource
                .of(mixed, LayerSelector.named("joined"), AVERAGE).representations(Probe.of(x)));
        assertTrue(disagree.getMessage().contains("'joined'") && disagree.getMessage().contains("disagree")
                && disagree.getMessage().contains("NHWC") && disagree.getMessage().contains("FLATTEN"), disagree.getMessage());
        INDArray joined = mixed.feedForward(new INDArray[]{x}, false).get("joined");
        assertEquals(joined.reshape('c', N, joined.length() / N),
                RepresentationSource.of(mixed, LayerSelector.named("joined"), FLATTEN).representations(Probe.of(x)));

        ComputationGraph reshaped = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(7)
                .dataType(DataType.DOUBLE).graphBuilder().addInputs("in")
                .addVertex("image", new ReshapeVertex(-1, 2, 3, 3), "in")
                .addLayer("flat", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "image")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "flat")
                .setOutputs("out").build());
        reshaped.init();
        INDArray flat = Nd4j.rand(DataType.DOUBLE, N, 18);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> RepresentationSource
                .of(reshaped, LayerSelector.named("image"), AVERAGE).representations(Probe.of(flat)));
        assertTrue(unknown.getMessage().contains("ReshapeVertex") && unknown.getMessage().contains("NCHW or NHWC"),
                unknown.getMessage());
        assertEquals(flat, RepresentationSource.of(reshaped, LayerSelector.named("image"), FLATTEN)
                .representations(Probe.of(flat)));
    }

    @Test
    void preprocessorVerticesGiveTheLayoutTheirPreprocessorBuilds() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(8)
                .dataType(DataType.DOUBLE).graphBuilder().addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(5).nOut(18).activation(Activation.TANH).build(), "in")
                .addVertex("image", new PreprocessorVertex(new FeedForwardToCnnPreProcessor(3, 3, 2)), "dense")
                .addVertex("wrapped", new PreprocessorVertex(new ComposableInputPreProcessor(
                        new FeedForwardToCnnPreProcessor(3, 3, 2))), "dense")
                .addLayer("flat", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "image")
                .addLayer("flat2", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "wrapped")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "flat")
                .addLayer("out2", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "flat2")
                .setOutputs("out", "out2").build());
        graph.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, N, 5);
        INDArray image = graph.feedForward(new INDArray[]{x}, false).get("image"); // [n, 2, 3, 3]
        Reference.assertRepresentations(Reference.channelMeans(image, 1),
                RepresentationSource.of(graph, LayerSelector.named("image"), AVERAGE).representations(Probe.of(x)));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> RepresentationSource
                .of(graph, LayerSelector.named("wrapped"), AVERAGE).representations(Probe.of(x)));
        assertTrue(unknown.getMessage().contains("ComposableInputPreProcessor"), unknown.getMessage());
    }

    /** DL4J runs a dense layer on a sequence per time step: its activations have n·T rows, not one per example. */
    @Test
    void layersAppliedPerTimeStepAreRefused() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(9)
                .dataType(DataType.DOUBLE).list()
                .layer(new LSTM.Builder().nOut(4).build())
                .layer(new DenseLayer.Builder().nOut(3).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(3, 6))
                .build());
        net.init();
        INDArray x = sequences(RNNFormat.NCW);
        assertEquals(N * 6, net.feedForward(x, false).get(2).rows());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RepresentationSource.of(net,
                LayerSelector.index(1), ActivationReduction.defaults()).representations(Probe.of(x)));
        assertTrue(e.getMessage().contains("one row per example") && e.getMessage().contains(N + " examples"),
                e.getMessage());
    }

    // ---- sequences ----

    static MultiLayerNetwork sequenceNet(RNNFormat format, Layer afterLstm) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(8).dataType(DataType.DOUBLE).list()
                .layer(new LSTM.Builder().nOut(5).dataFormat(format).activation(Activation.TANH).build())
                .layer(afterLstm)
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).dataFormat(format)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(3, 6, format))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static INDArray sequences(RNNFormat format) {
        Nd4j.getRandom().setSeed(19);
        return format == RNNFormat.NWC ? Nd4j.rand(DataType.DOUBLE, N, 6, 3) : Nd4j.rand(DataType.DOUBLE, N, 3, 6);
    }

    static Stream<Arguments> sequenceFamily() {
        return Stream.of(RNNFormat.NWC, RNNFormat.NCW).flatMap(f -> Stream.<Supplier<Layer>>of(
                () -> new ActivationLayer.Builder().activation(Activation.CUBE).build(),
                () -> new DropoutLayer.Builder(0.5).build(),
                () -> new Bidirectional(new LSTM.Builder().nOut(4).dataFormat(f).build()),
                () -> new LSTM.Builder().nOut(4).dataFormat(f).build()
        ).flatMap(layer -> Stream.of(SequenceReduction.LAST, SequenceReduction.MEAN)
                .map(r -> Arguments.of(f, layer.get().getClass().getSimpleName(), layer, r))));
    }

    @ParameterizedTest(name = "{1} in {0}, {3}")
    @MethodSource("sequenceFamily")
    void sequenceLayersAreReducedAlongTheirTimeAxis(RNNFormat format, String name, Supplier<Layer> layer,
                                                   SequenceReduction reduction) {
        MultiLayerNetwork net = sequenceNet(format, layer.get());
        INDArray x = sequences(format);
        INDArray activations = net.feedForward(x, false).get(2);
        boolean channelsLast = format == RNNFormat.NWC;
        int[] full = new int[N];
        java.util.Arrays.fill(full, 6);
        double[][] expected = reduction == SequenceReduction.LAST ? Reference.lastSteps(activations, full, channelsLast)
                : Reference.meanSteps(activations, full, channelsLast);
        Reference.assertRepresentations(expected, RepresentationSource.of(net, LayerSelector.index(1),
                new ActivationReduction(reduction, null)).representations(Probe.of(x)));
    }

    @Test
    void embeddingSequencesAndMergedRecurrentLayersKeepTheirConfiguredLayout() {
        int[] full = new int[N];
        java.util.Arrays.fill(full, 6);
        MultiLayerNetwork embedding = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(9)
                .dataType(DataType.DOUBLE).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(7).nOut(4).inputLength(6)
                        .outputDataFormat(RNNFormat.NWC).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
                        .dataFormat(RNNFormat.NWC).activation(Activation.SOFTMAX).build())
                .build());
        embedding.init();
        Nd4j.getRandom().setSeed(23);
        INDArray tokens = org.nd4j.linalg.ops.transforms.Transforms.floor(Nd4j.rand(DataType.DOUBLE, N, 6).muli(7));
        INDArray embedded = embedding.feedForward(tokens, false).get(1);
        assertArrayEquals(new long[]{N, 6, 4}, embedded.shape());
        Reference.assertRepresentations(Reference.meanSteps(embedded, full, true), RepresentationSource.of(embedding,
                LayerSelector.index(0), new ActivationReduction(SequenceReduction.MEAN, null)).representations(Probe.of(tokens)));

        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(9)
                .dataType(DataType.DOUBLE).graphBuilder().addInputs("seq")
                .setInputTypes(InputType.recurrent(3, 6, RNNFormat.NWC))
                .addLayer("lstmA", new LSTM.Builder().nOut(3).dataFormat(RNNFormat.NWC).build(), "seq")
                .addLayer("lstmB", new LSTM.Builder().nOut(2).dataFormat(RNNFormat.NWC).build(), "seq")
                .addVertex("merged", new MergeVertex(), "lstmA", "lstmB")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .dataFormat(RNNFormat.NWC).activation(Activation.SOFTMAX).build(), "merged")
                .setOutputs("out").build());
        graph.init();
        INDArray x = sequences(RNNFormat.NWC);
        INDArray merged = graph.feedForward(new INDArray[]{x}, false).get("merged");
        assertArrayEquals(new long[]{N, 6, 5}, merged.shape());
        Reference.assertRepresentations(Reference.meanSteps(merged, full, true), RepresentationSource.of(graph,
                LayerSelector.named("merged"), new ActivationReduction(SequenceReduction.MEAN, null))
                .representations(Probe.of(x)));
    }

    @Test
    void sequencesOfUnknownLayoutAreRefusedForLastAndMeanButFlattenStillWorks() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(10)
                .dataType(DataType.DOUBLE).graphBuilder().addInputs("in")
                .addVertex("sequence", new ReshapeVertex(-1, 3, 4), "in")
                .addLayer("lstm", new LSTM.Builder().nIn(3).nOut(2).build(), "sequence")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "lstm")
                .setOutputs("out").build());
        graph.init();
        INDArray flat = Nd4j.rand(DataType.DOUBLE, N, 12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RepresentationSource.of(graph,
                LayerSelector.named("sequence"), ActivationReduction.defaults()).representations(Probe.of(flat)));
        assertTrue(e.getMessage().contains("NCW or NWC") && e.getMessage().contains("ReshapeVertex")
                && e.getMessage().contains("FLATTEN"), e.getMessage());
        assertEquals(flat, RepresentationSource.of(graph, LayerSelector.named("sequence"),
                new ActivationReduction(SequenceReduction.FLATTEN, null)).representations(Probe.of(flat)));
    }
}
