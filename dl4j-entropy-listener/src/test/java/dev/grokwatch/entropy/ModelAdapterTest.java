package dev.grokwatch.entropy;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Each adapter answers what DL4J's own calls on its kind of model answer. */
class ModelAdapterTest {

    static final DataSet DATA = TestNetworks.blobs(30, 3);

    @Test
    void onlyMultiLayerNetworksAndGraphsAreAdapted() {
        assertInstanceOf(MultiLayerAdapter.class, ModelAdapter.of(TestNetworks.mln(1, 0)));
        assertInstanceOf(GraphAdapter.class, ModelAdapter.of(TestNetworks.graph(1, 0)));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> ModelAdapter.of(null));
        assertTrue(none.getMessage().contains("null") && none.getMessage().contains("expected a MultiLayerNetwork or a"
                + " ComputationGraph"), none.getMessage());
        Model layer = TestNetworks.mln(1, 0).getLayer(0);
        assertInstanceOf(DenseLayer.class, layer);
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> ModelAdapter.of(layer));
        assertTrue(other.getMessage().contains(DenseLayer.class.getName()), other.getMessage());
    }

    @Test
    void multiLayerNetworkNumbersAreDl4jsOwn() {
        MultiLayerNetwork net = TestNetworks.mln(4, 1e-2);
        net.fit(DATA);
        ModelAdapter adapter = ModelAdapter.of(net);
        assertSame(net, adapter.model());
        assertEquals(net.calcRegularizationScore(true), adapter.regularisationScore());
        assertTrue(adapter.regularisationScore() > 0, "weight decay makes the term positive");
        INDArray expected = net.output(DATA.getFeatures(), false);
        assertEquals(expected, adapter.output(new INDArray[]{DATA.getFeatures()}, null, null, 0));
        assertEquals(1, adapter.inputCount());
        assertEquals(1, adapter.outputCount());
        assertEquals(List.of(), adapter.inputNames());
        assertEquals("", adapter.outputNames());
        assertEquals("", adapter.outputName(0));
        assertSame(net.getLayerWiseConfigurations().getConf(2).getLayer(), adapter.outputLayer(0));
        assertEquals(0, adapter.evaluationOutput(null));
        assertEquals(0, adapter.evaluationOutput(0));
        IllegalArgumentException second = assertThrows(IllegalArgumentException.class, () -> adapter.evaluationOutput(1));
        assertTrue(second.getMessage().contains("one output"), second.getMessage());
    }

    @Test
    void graphNumbersAreDl4jsOwn() {
        ComputationGraph graph = AccuracyTest.twoOutputs();
        graph.fit(AccuracyTest.twoLabels(30, 3));
        ModelAdapter adapter = ModelAdapter.of(graph);
        assertSame(graph, adapter.model());
        assertEquals(graph.calcRegularizationScore(true), adapter.regularisationScore());
        INDArray[] expected = graph.output(DATA.getFeatures());
        for (int output = 0; output < 2; output++) {
            assertEquals(expected[output], adapter.output(new INDArray[]{DATA.getFeatures()}, null, null, output));
        }
        assertEquals(1, adapter.inputCount());
        assertEquals(2, adapter.outputCount());
        assertEquals(List.of("in"), adapter.inputNames());
        assertEquals(" [0 = 'outA', 1 = 'outB']", adapter.outputNames());
        assertEquals(" ('outB')", adapter.outputName(1));
        assertSame(((LayerVertex) graph.getConfiguration().getVertices().get("outB")).getLayerConf().getLayer(),
                adapter.outputLayer(1));
        assertEquals(1, adapter.evaluationOutput(1));
        IllegalArgumentException unchosen = assertThrows(IllegalArgumentException.class, () -> adapter.evaluationOutput(null));
        assertTrue(unchosen.getMessage().contains("0 = 'outA'"), unchosen.getMessage());
        IllegalArgumentException outOfRange = assertThrows(IllegalArgumentException.class, () -> adapter.evaluationOutput(2));
        assertTrue(outOfRange.getMessage().contains("[0, 1]"), outOfRange.getMessage());
        assertEquals(0, ModelAdapter.of(TestNetworks.graph(1, 0)).evaluationOutput(null), "one output needs no choice");
    }

    @Test
    void bothKindsGiveTheSameNumbersForTheSameWeights() {
        MultiLayerNetwork net = TestNetworks.mln(8, 1e-2);
        ComputationGraph graph = TestNetworks.graph(8, 1e-2);
        graph.setParams(net.params()); // the same architecture: the same parameter layout
        INDArray[] features = {DATA.getFeatures()};
        assertEquals(ModelAdapter.of(net).output(features, null, null, 0),
                ModelAdapter.of(graph).output(features, null, null, 0));
        assertEquals(ModelAdapter.of(net).regularisationScore(), ModelAdapter.of(graph).regularisationScore(), 1e-6);
    }

    @Test
    void featuresOfTheWrongCountOrWidthAreNamed() {
        ModelAdapter net = ModelAdapter.of(TestNetworks.mln(1, 0));
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> net.checkFeatures(new INDArray[]{Nd4j.rand(DataType.FLOAT, 5, 4)}, "probe"));
        assertEquals("probe features have 4 columns; the network's first layer expects nIn = 6", width.getMessage());
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> net.checkFeatures(new INDArray[]{DATA.getFeatures(), DATA.getFeatures()}, "probe"));
        assertTrue(two.getMessage().contains("exactly 1"), two.getMessage());
        net.checkFeatures(new INDArray[]{DATA.getFeatures()}, "probe");

        ModelAdapter graph = ModelAdapter.of(TestNetworks.graph(1, 0));
        IllegalArgumentException graphWidth = assertThrows(IllegalArgumentException.class,
                () -> graph.checkFeatures(new INDArray[]{Nd4j.rand(DataType.FLOAT, 5, 9)}, "evaluation"));
        assertEquals("evaluation features for input 'in' have 9 columns; vertex 'hidden' expects nIn = 6",
                graphWidth.getMessage());
        IllegalArgumentException graphTwo = assertThrows(IllegalArgumentException.class,
                () -> graph.checkFeatures(new INDArray[]{DATA.getFeatures(), DATA.getFeatures()}, "probe"));
        assertTrue(graphTwo.getMessage().contains("2 input array(s)") && graphTwo.getMessage().contains("[in]"),
                graphTwo.getMessage());
        graph.checkFeatures(new INDArray[]{DATA.getFeatures()}, "probe");
    }

    @Test
    void savedInputsPutBackWhatAForwardPassReplaced() {
        for (Model model : List.of(TestNetworks.mln(2, 0), TestNetworks.graph(2, 0))) {
            ModelAdapter adapter = ModelAdapter.of(model);
            INDArray training = DATA.getFeatures().dup();
            adapter.restoreInputs(new INDArray[]{training});
            try (SavedInputs ignored = SavedInputs.of(adapter)) {
                adapter.representationSource(LayerSelector.named("representation"), ActivationReduction.defaults())
                        .representations(Probe.of(TestNetworks.blobs(12, 9).getFeatures()));
                adapter.restoreInputs(new INDArray[]{Nd4j.zeros(DataType.FLOAT, 3, 6)}); // as an inference might
            }
            assertSame(training, adapter.inputs()[0], model.getClass().getSimpleName());
        }
    }
}
