package dev.grokwatch.entropy;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.adapter.SingletonMultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The listener refuses, before the first parameter update, whatever would fail at its first
 * evaluation, through {@code fit(iterator)} (which calls onEpochStart) and {@code fit(DataSet)}
 * (which does not); and records accuracy for the models the refusals point to.
 */
class BeforeTrainingTest {

    /** Runs training expecting a refusal; asserts no update happened and returns the message. */
    static String refusedBeforeAnyUpdate(Model model, Executable training) {
        INDArray initial = model.params().dup();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, training);
        BitExact.assertBitIdentical(initial, model.params(), "no parameter update may be spent before the refusal");
        return e.getMessage();
    }

    static SpectralEntropyListener.Builder blobsListener() {
        return SpectralEntropyListener.builder().probe(TestNetworks.blobs(20, 3).getFeatures()).everyNIterations(2);
    }

    @Test
    void evaluationDataOfTheWrongWidthIsRefusedBeforeTrainingByBothFitPaths() {
        DataSet train = TestNetworks.blobs(30, 1);
        DataSet fourColumns = new DataSet(Nd4j.rand(DataType.FLOAT, 9, 4), TestNetworks.blobs(9, 2).getLabels());
        for (boolean iterator : new boolean[]{true, false}) {
            MultiLayerNetwork net = TestNetworks.mln(2, 0);
            net.addListeners(blobsListener().layer(1).evaluateOn(fourColumns).build());
            String message = refusedBeforeAnyUpdate(net, iterator ? () -> net.fit(new ViewIterator(train, 10), 1)
                    : () -> net.fit(train));
            assertTrue(message.contains("evaluation features have 4 columns") && message.contains("nIn = 6"), message);
        }
        MultiLayerNetwork net = TestNetworks.mln(2, 0);
        DataSet fiveClasses = new DataSet(train.getFeatures(), Nd4j.zeros(DataType.FLOAT, 30, 5));
        net.addListeners(blobsListener().layer(1).trainAccuracyOn(fiveClasses).build());
        String message = refusedBeforeAnyUpdate(net, () -> net.fit(train));
        assertTrue(message.contains("training-accuracy labels") && message.contains("[30, 5]"), message);
    }

    @Test
    void aDataSetForAMultiInputGraphIsRefusedBeforeTraining() {
        ComputationGraph graph = AccuracyTest.twoInputs();
        MultiDataSet train = AccuracyTest.withDenseInput(AccuracyTest.paddedSequences(20, 1, false,
                org.deeplearning4j.nn.conf.RNNFormat.NCW), 1);
        graph.addListeners(SpectralEntropyListener.builder().probe(train).layer("merged")
                .evaluateOn(AccuracyTest.paddedSequences(10, 2, false, org.deeplearning4j.nn.conf.RNNFormat.NCW))
                .build());
        String message = refusedBeforeAnyUpdate(graph, () -> graph.fit(train));
        assertTrue(message.contains("2 inputs [dense, seq]") && message.contains("MultiDataSet"), message);
    }

    @Test
    void aMultiOutputGraphWithoutAnEvaluationOutputIsRefusedNamingItsOutputs() {
        ComputationGraph graph = AccuracyTest.twoOutputs();
        MultiDataSet data = AccuracyTest.twoLabels(30, 4);
        graph.addListeners(SpectralEntropyListener.builder().probe(data.getFeatures(0)).layer("hidden")
                .evaluateOn(data).build());
        String message = refusedBeforeAnyUpdate(graph, () -> graph.fit(new SingletonMultiDataSetIterator(data), 1));
        assertTrue(message.contains("0 = 'outA'") && message.contains("1 = 'outB'")
                && message.contains("evaluationOutput"), message);
    }

    @Test
    void aMultiOutputGraphRecordsTheAccuracyOfTheChosenOutput() {
        ComputationGraph graph = AccuracyTest.twoOutputs();
        MultiDataSet train = AccuracyTest.twoLabels(60, 5);
        MultiDataSet test = AccuracyTest.twoLabels(40, 6);
        SpectralEntropyListener entropy = SpectralEntropyListener.builder().probe(train.getFeatures(0)).layer("hidden")
                .everyNIterations(3).evaluationOutput(1).evaluateOn(test)
                .trainAccuracyOn(new DataSet(train.getFeatures(0), train.getLabels(1))).build();
        graph.addListeners(entropy);
        for (int i = 0; i < 6; i++) {
            graph.fit(train);
        }
        EntropyRecord last = entropy.latest().orElseThrow();
        assertEquals(6, last.step());
        assertEquals(accuracyOfOutput(graph, test, 1), last.testAccuracy(), 1e-12);
        assertEquals(accuracyOfOutput(graph, train, 1), last.trainAccuracy(), 1e-12);
    }

    static double accuracyOfOutput(ComputationGraph graph, MultiDataSet data, int output) {
        Map<Integer, IEvaluation[]> evaluations = Map.of(output, new IEvaluation[]{new Evaluation()});
        return ((Evaluation) graph.evaluate(new SingletonMultiDataSetIterator(data), evaluations).get(output)[0]).accuracy();
    }

    /** The accuracy case, end to end, for a network and a graph, from a DataSet and an iterator. */
    @Test
    void recordedAccuracyOnMaskedSequencesIsDl4jsEvaluation() {
        DataSet train = AccuracyTest.paddedSequences(40, 7, false, org.deeplearning4j.nn.conf.RNNFormat.NCW);
        DataSet test = AccuracyTest.paddedSequences(30, 8, false, org.deeplearning4j.nn.conf.RNNFormat.NCW);
        for (Model model : new Model[]{AccuracyTest.pooledLstm(), AccuracyTest.pooledLstmGraph()}) {
            SpectralEntropyListener.Builder builder = SpectralEntropyListener.builder().probe(train).everyNIterations(4)
                    .evaluateOn(test).trainAccuracyOn(new ViewIterator(train, 16));
            SpectralEntropyListener entropy = model instanceof MultiLayerNetwork ? builder.layer(0).build()
                    : builder.layer("lstm").build();
            if (model instanceof MultiLayerNetwork net) {
                net.addListeners(entropy);
                net.fit(new ViewIterator(train, 10), 2);
            } else {
                ((ComputationGraph) model).addListeners(entropy);
                ((ComputationGraph) model).fit(new ViewIterator(train, 10), 2);
            }
            EntropyRecord last = entropy.latest().orElseThrow();
            assertEquals(8, last.step());
            assertEquals(AccuracyTest.dl4j(model, test), last.testAccuracy(), 1e-12);
            assertEquals(AccuracyTest.dl4j(model, train), last.trainAccuracy(), 1e-12);
        }
    }

    @Test
    void aMultiInputGraphRecordsAccuracyFromMultiDataSets() {
        ComputationGraph graph = AccuracyTest.twoInputs();
        MultiDataSet train = AccuracyTest.withDenseInput(AccuracyTest.paddedSequences(40, 9, false,
                org.deeplearning4j.nn.conf.RNNFormat.NCW), 3);
        MultiDataSet test = AccuracyTest.withDenseInput(AccuracyTest.paddedSequences(30, 10, false,
                org.deeplearning4j.nn.conf.RNNFormat.NCW), 4);
        SpectralEntropyListener entropy = SpectralEntropyListener.builder().probe(train).layer("lstm")
                .everyNIterations(2).evaluateOn(test).trainAccuracyOn(AccuracyTest.iterator(train, 16)).build();
        graph.addListeners(entropy);
        graph.fit(AccuracyTest.iterator(train, 10), 1);
        EntropyRecord last = entropy.latest().orElseThrow();
        assertEquals(4, last.step());
        assertEquals(graph.evaluate(AccuracyTest.iterator(test, 8)).accuracy(), last.testAccuracy(), 1e-12);
        assertEquals(graph.evaluate(AccuracyTest.iterator(train, 8)).accuracy(), last.trainAccuracy(), 1e-12);
    }

    /**
     * Under fit(DataSet) the checks run between the gradient and the first update (masks and inputs of
     * the training batch are set then): training must still be bit-identical to training without them.
     */
    @Test
    void checksInTheMiddleOfTheFirstStepDoNotChangeTraining() {
        DataSet train = AccuracyTest.paddedSequences(30, 14, false, org.deeplearning4j.nn.conf.RNNFormat.NCW);
        DataSet test = AccuracyTest.paddedSequences(20, 15, false, org.deeplearning4j.nn.conf.RNNFormat.NCW);
        java.util.function.Supplier<List<Model>> models = () -> List.of(AccuracyTest.pooledLstm(),
                AccuracyTest.pooledLstmGraph());
        List<Model> plain = models.get();
        List<Model> watched = models.get();
        for (int m = 0; m < 2; m++) {
            SpectralEntropyListener.Builder builder = SpectralEntropyListener.builder().probe(train).everyNIterations(2)
                    .evaluateOn(test).trainAccuracyOn(train);
            SpectralEntropyListener entropy = m == 0 ? builder.layer(0).build() : builder.layer("lstm").build();
            if (watched.get(m) instanceof MultiLayerNetwork net) {
                net.addListeners(entropy);
            } else {
                ((ComputationGraph) watched.get(m)).addListeners(entropy);
            }
            AccuracyTest.fit(plain.get(m), train, 4);
            AccuracyTest.fit(watched.get(m), train, 4);
            assertEquals(2, entropy.history().size());
            assertEquals(plain.get(m).params(), watched.get(m).params(), "parameters must be bit-identical");
            assertEquals(plain.get(m).score(), watched.get(m).score());
        }
    }

    /** A convolution-family layer or vertex read without a spatialReduction: refused before training. */
    @Test
    void aConvolutionFamilyLayerWithoutSpatialReductionIsRefusedBeforeTraining() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.FLOAT).graphBuilder().addInputs("image")
                .setInputTypes(InputType.convolutional(5, 5, 2, CNN2DFormat.NHWC))
                .addLayer("conv", new ConvolutionLayer.Builder(2, 2).nOut(3).dataFormat(CNN2DFormat.NHWC)
                        .activation(Activation.RELU).build(), "image")
                .addLayer("norm", new BatchNormalization.Builder().build(), "conv")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX, new int[]{2, 2}).build(), "norm")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").build());
        graph.init();
        INDArray images = Nd4j.rand(DataType.FLOAT, 12, 5, 5, 2);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 12, 2);
        labels.getColumn(0).assign(1);
        DataSet data = new DataSet(images, labels);
        for (String vertex : List.of("conv", "norm", "pool")) {
            for (boolean iterator : new boolean[]{true, false}) {
                graph.setListeners(SpectralEntropyListener.builder().probe(images).layer(vertex).everyNIterations(1)
                        .build());
                String message = refusedBeforeAnyUpdate(graph, iterator ? () -> graph.fit(new ViewIterator(data, 6), 1)
                        : () -> graph.fit(data));
                assertTrue(message.contains("'" + vertex + "'") && message.contains("spatialReduction"), message);
            }
        }
        graph.setListeners(SpectralEntropyListener.builder().probe(images).layer("norm").everyNIterations(1)
                .spatialReduction(SpatialReduction.GLOBAL_AVERAGE).build());
        graph.fit(data); // the same graph trains once a reduction is chosen
        assertEquals(1, graph.getIterationCount());
    }
}
