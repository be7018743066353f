package dev.grokwatch.entropy;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.*;

class RepresentationSourceTest {

    private static final ActivationReduction DEFAULT = ActivationReduction.defaults();

    @Test
    void multiLayerNetworkByIndexAndByNameGiveTheLayerActivations() {
        MultiLayerNetwork net = TestNetworks.mln(1, 0);
        INDArray probe = TestNetworks.blobs(40, 2).getFeatures();
        INDArray expected = net.feedForward(probe, false).get(2); // input, layer 0, layer 1
        INDArray byIndex = RepresentationSource.of(net, LayerSelector.index(1), DEFAULT).representations(Probe.of(probe));
        INDArray byName = RepresentationSource.of(net, LayerSelector.named("representation"), DEFAULT)
                .representations(Probe.of(probe));
        assertEquals(expected, byIndex);
        assertEquals(expected, byName);
        assertArrayEquals(new long[]{40, TestNetworks.HIDDEN}, byIndex.shape());
    }

    @Test
    void graphVertexActivations() {
        ComputationGraph graph = TestNetworks.graph(1, 0);
        INDArray probe = TestNetworks.blobs(40, 2).getFeatures();
        INDArray expected = graph.feedForward(probe, false).get("representation");
        assertEquals(expected, RepresentationSource.of(graph, LayerSelector.named("representation"), DEFAULT)
                .representations(Probe.of(probe)));
    }

    @Test
    void readingRepresentationsLeavesTheModelInputAlone() {
        MultiLayerNetwork net = TestNetworks.mln(1, 0);
        DataSet batch = TestNetworks.blobs(30, 3);
        net.setInput(batch.getFeatures());
        RepresentationSource.of(net, LayerSelector.index(1), DEFAULT).representations(Probe.of(batch.getFeatures().dup()));
        assertSame(batch.getFeatures(), net.getInput());
    }

    @Test
    void unknownLayersAreRejectedListingTheOnesThatExist() {
        MultiLayerNetwork net = TestNetworks.mln(1, 0);
        IllegalArgumentException byIndex = assertThrows(IllegalArgumentException.class,
                () -> RepresentationSource.of(net, LayerSelector.index(7), DEFAULT));
        assertTrue(byIndex.getMessage().contains("[0, 2]") && byIndex.getMessage().contains("1=representation"),
                byIndex.getMessage());
        IllegalArgumentException byName = assertThrows(IllegalArgumentException.class,
                () -> RepresentationSource.of(net, LayerSelector.named("penultimate"), DEFAULT));
        assertTrue(byName.getMessage().contains("'penultimate'"), byName.getMessage());

        ComputationGraph graph = TestNetworks.graph(1, 0);
        IllegalArgumentException vertex = assertThrows(IllegalArgumentException.class,
                () -> RepresentationSource.of(graph, LayerSelector.named("repr"), DEFAULT));
        assertTrue(vertex.getMessage().contains("[hidden, in, out, representation]"), vertex.getMessage());
        IllegalArgumentException graphIndex = assertThrows(IllegalArgumentException.class,
                () -> RepresentationSource.of(graph, LayerSelector.index(1), DEFAULT));
        assertTrue(graphIndex.getMessage().contains("vertex name"), graphIndex.getMessage());
    }

    @Test
    void probesOfTheWrongWidthOrSizeAreRejectedWithTheExpectation() {
        MultiLayerNetwork net = TestNetworks.mln(1, 0);
        RepresentationSource source = RepresentationSource.of(net, LayerSelector.index(1), DEFAULT);
        Probe narrow = Probe.of(Nd4j.rand(DataType.FLOAT, 20, 4));
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class, () -> source.checkProbe(narrow));
        assertTrue(width.getMessage().contains("4 columns") && width.getMessage().contains("nIn = 6"), width.getMessage());
        // unchecked, the forward pass still refuses it, naming the probe's shape and the layer
        IllegalArgumentException forward = assertThrows(IllegalArgumentException.class, () -> source.representations(narrow));
        assertTrue(forward.getMessage().startsWith("Forward pass of the probe [20, 4] to layer 1"), forward.getMessage());

        ComputationGraph graph = TestNetworks.graph(1, 0);
        RepresentationSource graphSource = RepresentationSource.of(graph, LayerSelector.named("representation"), DEFAULT);
        IllegalArgumentException graphWidth = assertThrows(IllegalArgumentException.class,
                () -> graphSource.checkProbe(Probe.of(Nd4j.rand(DataType.FLOAT, 20, 9))));
        assertTrue(graphWidth.getMessage().contains("9 columns") && graphWidth.getMessage().contains("'hidden'"),
                graphWidth.getMessage());
        IllegalArgumentException inputs = assertThrows(IllegalArgumentException.class,
                () -> graphSource.checkProbe(Probe.of(Nd4j.rand(DataType.FLOAT, 20, 6), Nd4j.rand(DataType.FLOAT, 20, 6))));
        assertTrue(inputs.getMessage().contains("2 input array(s)") && inputs.getMessage().contains("[in]"),
                inputs.getMessage());

        IllegalArgumentException tiny = assertThrows(IllegalArgumentException.class,
                () -> Probe.of(Nd4j.rand(DataType.FLOAT, 1, 6)));
        assertTrue(tiny.getMessage().contains("at least 2"), tiny.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Probe.of(TestNetworks.blobs(3, 1).getFeatures().get(NDArrayIndex.interval(0, 0), NDArrayIndex.all())));
        assertTrue(empty.getMessage().contains("0 example"), empty.getMessage());
    }

    @Test
    void probeFromAnIteratorTakesTheFirstExamples() {
        DataSet all = TestNetworks.blobs(50, 4);
        Probe probe = Probe.of(new org.nd4j.linalg.dataset.ViewIterator(all, 16), 20);
        assertEquals(20, probe.size());
        assertEquals(all.getFeatures().get(NDArrayIndex.interval(0, 20), NDArrayIndex.all()), probe.features()[0]);
        IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class,
                () -> Probe.of(new org.nd4j.linalg.dataset.ViewIterator(all, 16), 80));
        assertTrue(tooFew.getMessage().contains("only 50"), tooFew.getMessage());
    }

    @Test
    void probeIsACopy() {
        INDArray features = TestNetworks.blobs(10, 5).getFeatures();
        Probe probe = Probe.of(features);
        features.assign(0);
        assertNotEquals(0.0, probe.features()[0].sumNumber().doubleValue());
    }

    static MultiLayerNetwork lstm(RNNFormat format) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).list()
                .layer(new LSTM.Builder().nIn(3).nOut(5).dataFormat(format).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).dataFormat(format).nIn(5).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void recurrentActivationsReduceToLastMeanOrFlatten() {
        MultiLayerNetwork net = lstm(RNNFormat.NCW);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 8, 3, 4);
        INDArray full = net.feedForward(x, false).get(1); // [8, 5, 4]
        INDArray last = RepresentationSource.of(net, LayerSelector.index(0), DEFAULT).representations(Probe.of(x));
        assertEquals(full.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(3)), last);
        INDArray mean = RepresentationSource.of(net, LayerSelector.index(0),
                new ActivationReduction(SequenceReduction.MEAN, null)).representations(Probe.of(x));
        assertEquals(full.mean(2), mean);
        INDArray flat = RepresentationSource.of(net, LayerSelector.index(0),
                new ActivationReduction(SequenceReduction.FLATTEN, null)).representations(Probe.of(x));
        assertArrayEquals(new long[]{8, 20}, flat.shape());
        assertEquals(full.getDouble(2, 4, 1), flat.getDouble(2, 4 * 4 + 1), 0);
    }

    @Test
    void maskedSequencesUseTheirLastRealStep() {
        MultiLayerNetwork net = lstm(RNNFormat.NCW);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3, 5);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 4, 5);
        mask.put(new org.nd4j.linalg.indexing.INDArrayIndex[]{NDArrayIndex.point(1), NDArrayIndex.interval(2, 5)},
                Nd4j.zeros(DataType.DOUBLE, 3));
        DataSet data = new DataSet(x, null, mask, null);
        INDArray last = RepresentationSource.of(net, LayerSelector.index(0), DEFAULT).representations(Probe.of(data));
        // example 1 has 2 real steps: its representation is the LSTM output after step index 1 on those steps alone
        INDArray shortRun = net.feedForward(x.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all(),
                NDArrayIndex.interval(0, 2)), false).get(1);
        assertArrayEquals(shortRun.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(1)).toDoubleVector(),
                last.getRow(1).toDoubleVector(), 1e-8, "masked example");
        INDArray meanMasked = RepresentationSource.of(net, LayerSelector.index(0),
                new ActivationReduction(SequenceReduction.MEAN, null)).representations(Probe.of(data));
        assertArrayEquals(shortRun.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all()).mean(1)
                .toDoubleVector(), meanMasked.getRow(1).toDoubleVector(), 1e-8);
    }

    @Test
    void channelsLastRecurrentLayersAreReadAsSuch() {
        MultiLayerNetwork net = lstm(RNNFormat.NWC);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 4, 3); // [n, T, features]
        INDArray full = net.feedForward(x, false).get(1); // [6, 4, 5]
        INDArray last = RepresentationSource.of(net, LayerSelector.index(0), DEFAULT).representations(Probe.of(x));
        assertEquals(full.get(NDArrayIndex.all(), NDArrayIndex.point(3), NDArrayIndex.all()), last);
    }

    @Test
    void convolutionalActivationsNeedAnExplicitReduction() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.DOUBLE).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(4, 4, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 10, 1, 4, 4);
        INDArray full = net.feedForward(x, false).get(1); // [10, 3, 3, 3]
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> RepresentationSource.of(net, LayerSelector.index(0), DEFAULT).representations(Probe.of(x)));
        assertTrue(none.getMessage().contains("FLATTEN") && none.getMessage().contains("GLOBAL_AVERAGE"), none.getMessage());
        INDArray flat = RepresentationSource.of(net, LayerSelector.index(0),
                new ActivationReduction(SequenceReduction.LAST, SpatialReduction.FLATTEN)).representations(Probe.of(x));
        assertEquals(full.reshape('c', 10, 27), flat);
        INDArray average = RepresentationSource.of(net, LayerSelector.index(0),
                new ActivationReduction(SequenceReduction.LAST, SpatialReduction.GLOBAL_AVERAGE)).representations(Probe.of(x));
        assertEquals(full.mean(2, 3), average);
    }

    @Test
    void multiInputGraphsTakeAMultiDataSetProbe() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .graphBuilder().addInputs("a", "b")
                .addLayer("da", new DenseLayer.Builder().nIn(2).nOut(3).build(), "a")
                .addLayer("db", new DenseLayer.Builder().nIn(4).nOut(3).build(), "b")
                .addVertex("merged", new MergeVertex(), "da", "db")
                .addLayer("out", new OutputLayer.Builder().nIn(6).nOut(2).activation(Activation.SOFTMAX).build(), "merged")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        INDArray a = Nd4j.rand(DataType.DOUBLE, 12, 2);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 12, 4);
        MultiDataSet data = new MultiDataSet(new INDArray[]{a, b}, new INDArray[]{Nd4j.zeros(DataType.DOUBLE, 12, 2)});
        INDArray merged = RepresentationSource.of(graph, LayerSelector.named("merged"), DEFAULT)
                .representations(Probe.of(data));
        assertEquals(graph.feedForward(new INDArray[]{a, b}, false).get("merged"), merged);
        assertArrayEquals(new long[]{12, 6}, merged.shape());
    }

    @Test
    void unsupportedModelsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RepresentationSource.of(null, LayerSelector.index(0), DEFAULT));
        assertTrue(e.getMessage().contains("MultiLayerNetwork or a ComputationGraph"), e.getMessage());
    }
}
