package dev.grokwatch.entropy;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.TestMultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Accuracy is the number DL4J's own {@code Evaluation} gives on the same data, masks included, for
 * MultiLayerNetworks and ComputationGraphs, single- and multi-input, single- and multi-output, from
 * DataSets, MultiDataSets and iterators of both.
 */
class AccuracyTest {

    static final int T = 8;

    /**
     * Two classes told apart by the sign of feature 0 over each sequence's real steps; the padding
     * beyond each length is loud noise, so a forward pass that ignores the mask predicts worse.
     */
    static DataSet paddedSequences(int n, long seed, boolean perStepLabels, RNNFormat format) {
        Random random = new Random(seed);
        boolean nwc = format == RNNFormat.NWC;
        INDArray x = nwc ? Nd4j.create(DataType.FLOAT, n, T, 2) : Nd4j.create(DataType.FLOAT, n, 2, T);
        INDArray y = perStepLabels ? (nwc ? Nd4j.create(DataType.FLOAT, n, T, 2) : Nd4j.create(DataType.FLOAT, n, 2, T))
                : Nd4j.create(DataType.FLOAT, n, 2);
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            lengths[i] = 2 + random.nextInt(T - 1);
            for (int t = 0; t < T; t++) {
                boolean real = t < lengths[i];
                double signal = real ? (label == 1 ? 0.6 : -0.6) + 0.8 * random.nextGaussian() : 3 * random.nextGaussian();
                double other = real ? random.nextGaussian() : 3 * random.nextGaussian();
                x.putScalar(nwc ? new long[]{i, t, 0} : new long[]{i, 0, t}, signal);
                x.putScalar(nwc ? new long[]{i, t, 1} : new long[]{i, 1, t}, other);
                if (perStepLabels) {
                    y.putScalar(nwc ? new long[]{i, t, label} : new long[]{i, label, t}, 1);
                }
            }
            if (!perStepLabels) {
                y.putScalar(i, label, 1);
            }
        }
        INDArray mask = Reference.mask(lengths, T).castTo(DataType.FLOAT);
        return new DataSet(x, y, mask, perStepLabels ? mask.dup() : null);
    }

    static NeuralNetConfiguration.Builder base(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT).updater(new Adam(0.05));
    }

    /** LSTM → average pooling → softmax, the architecture. */
    static MultiLayerNetwork pooledLstm() {
        MultiLayerNetwork net = new MultiLayerNetwork(base(41).list()
                .layer(new LSTM.Builder().nIn(2).nOut(6).activation(Activation.TANH).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    static ComputationGraph pooledLstmGraph() {
        ComputationGraph graph = new ComputationGraph(base(41).graphBuilder().addInputs("seq")
                .addLayer("lstm", new LSTM.Builder().nIn(2).nOut(6).activation(Activation.TANH).build(), "seq")
                .addLayer("pooled", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "lstm")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "pooled")
                .setOutputs("out").build());
        graph.init();
        return graph;
    }

    static void fit(Model model, DataSet data, int steps) {
        for (int i = 0; i < steps; i++) {
            if (model instanceof MultiLayerNetwork net) {
                net.fit(data);
            } else {
                ((ComputationGraph) model).fit(data);
            }
        }
    }

    static double dl4j(Model model, DataSet data) {
        ViewIterator batches = new ViewIterator(data, 16);
        return model instanceof MultiLayerNetwork net ? net.evaluate(batches).accuracy()
                : ((ComputationGraph) model).evaluate(batches).accuracy();
    }

    /** The case: a features mask changes the predictions; accuracy must see it as DL4J does. */
    @Test
    void featuresMasksApplyAsInDl4jsEvaluationForNetworksAndGraphsFromDataSetsAndIterators() {
        DataSet train = paddedSequences(80, 1, false, RNNFormat.NCW);
        DataSet test = paddedSequences(60, 2, false, RNNFormat.NCW);
        for (Model model : new Model[]{pooledLstm(), pooledLstmGraph()}) {
            fit(model, train, 15);
            double expected = dl4j(model, test);
            DataSet unmasked = new DataSet(test.getFeatures(), test.getLabels());
            assertNotEquals(expected, dl4j(model, unmasked), 1e-9, "the mask must matter for this test");
            assertEquals(expected, ModelAccuracy.of(test, "evaluation").accuracy(ModelAdapter.of(model), null), 1e-12);
            assertEquals(expected, ModelAccuracy.of(new ViewIterator(test, 7), "evaluation").accuracy(ModelAdapter.of(model), null), 1e-12);
        }
    }

    /** Per-step labels with a labels mask: masked steps are left out, as in DL4J's Evaluation. */
    @Test
    void timeSeriesLabelsWithLabelsMasks() {
        DataSet train = paddedSequences(80, 3, true, RNNFormat.NCW);
        DataSet test = paddedSequences(40, 4, true, RNNFormat.NCW);
        MultiLayerNetwork net = new MultiLayerNetwork(base(42).list()
                .layer(new LSTM.Builder().nIn(2).nOut(5).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        fit(net, train, 10);
        double expected = dl4j(net, test);
        assertEquals(expected, ModelAccuracy.of(test, "evaluation").accuracy(ModelAdapter.of(net), null), 1e-12);
        assertEquals(expected, ModelAccuracy.of(new ViewIterator(test, 9), "evaluation").accuracy(ModelAdapter.of(net), null), 1e-12);
    }

    /** NWC outputs: classes lie along the last axis; counted here by hand over the unmasked steps. */
    @Test
    void channelsLastSequenceOutputsReadClassesAlongTheChannelAxis() {
        DataSet train = paddedSequences(80, 5, true, RNNFormat.NWC);
        DataSet test = paddedSequences(40, 6, true, RNNFormat.NWC);
        MultiLayerNetwork net = new MultiLayerNetwork(base(43).list()
                .layer(new LSTM.Builder().nIn(2).nOut(5).dataFormat(RNNFormat.NWC).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(2)
                        .dataFormat(RNNFormat.NWC).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        fit(net, train, 10);
        INDArray out = net.output(test.getFeatures(), false, test.getFeaturesMaskArray(), test.getLabelsMaskArray());
        net.clearLayerMaskArrays();
        long correct = 0;
        long total = 0;
        for (int i = 0; i < test.numExamples(); i++) {
            for (int t = 0; t < T; t++) {
                if (test.getLabelsMaskArray().getDouble(i, t) != 0) {
                    int predicted = out.getDouble(i, t, 1) > out.getDouble(i, t, 0) ? 1 : 0;
                    correct += test.getLabels().getDouble(i, t, predicted) == 1 ? 1 : 0;
                    total++;
                }
            }
        }
        assertEquals((double) correct / total, ModelAccuracy.of(test, "evaluation").accuracy(ModelAdapter.of(net), null), 1e-12);
    }

    /** A single sigmoid output: DL4J's Evaluation thresholds at 0.5 (an argmax over one column is always 0). */
    @Test
    void aSingleBinaryOutputIsThresholdedAsInDl4jsEvaluation() {
        MultiLayerNetwork net = new MultiLayerNetwork(base(44).list()
                .layer(new DenseLayer.Builder().nIn(TestNetworks.FEATURES).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(4).nOut(1)
                        .activation(Activation.SIGMOID).build())
                .build());
        net.init();
        DataSet blobs = TestNetworks.blobs(90, 12);
        INDArray binary = blobs.getLabels().getColumn(0, true).dup(); // class 0 against the rest
        DataSet data = new DataSet(blobs.getFeatures(), binary);
        double expected = dl4j(net, data);
        assertTrue(expected < 1, "an untrained model is not perfect: " + expected);
        assertEquals(expected, ModelAccuracy.of(data, "evaluation").accuracy(ModelAdapter.of(net), null), 1e-12);
    }

    /** Inputs "dense" and "seq" (masked), in that order: LSTM(seq) pooled and merged with a dense branch. */
    static ComputationGraph twoInputs() {
        ComputationGraph graph = new ComputationGraph(base(45).graphBuilder().addInputs("dense", "seq")
                .addLayer("lstm", new LSTM.Builder().nIn(2).nOut(5).activation(Activation.TANH).build(), "seq")
                .addLayer("pooled", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "lstm")
                .addLayer("hidden", new DenseLayer.Builder().nIn(3).nOut(2).build(), "dense")
                .addVertex("merged", new MergeVertex(), "pooled", "hidden")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(7).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "merged")
                .setOutputs("out").build());
        graph.init();
        return graph;
    }

    static MultiDataSet withDenseInput(DataSet sequences, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray dense = Nd4j.rand(DataType.FLOAT, sequences.numExamples(), 3);
        return new MultiDataSet(new INDArray[]{dense, sequences.getFeatures()}, new INDArray[]{sequences.getLabels()},
                new INDArray[]{null, sequences.getFeaturesMaskArray()}, null);
    }

    static TestMultiDataSetIterator iterator(MultiDataSet data, int batch) {
        return new TestMultiDataSetIterator(batch, data.asList().toArray(new org.nd4j.linalg.dataset.api.MultiDataSet[0]));
    }

    @Test
    void multiInputGraphsFromMultiDataSetsAndTheirIterators() {
        ComputationGraph graph = twoInputs();
        MultiDataSet train = withDenseInput(paddedSequences(80, 7, false, RNNFormat.NCW), 1);
        MultiDataSet test = withDenseInput(paddedSequences(60, 8, false, RNNFormat.NCW), 2);
        for (int i = 0; i < 15; i++) {
            graph.fit(train);
        }
        double expected = graph.evaluate(iterator(test, 16)).accuracy();
        MultiDataSet unmasked = new MultiDataSet(test.getFeatures(), test.getLabels());
        assertNotEquals(expected, graph.evaluate(iterator(unmasked, 16)).accuracy(), 1e-9, "the mask must matter");
        assertEquals(expected, ModelAccuracy.of(test, "evaluation").accuracy(ModelAdapter.of(graph), null), 1e-12);
        assertEquals(expected, ModelAccuracy.of(iterator(test, 7), "evaluation").accuracy(ModelAdapter.of(graph), null), 1e-12);
    }

    /** One input, outputs "outA" (3 classes) and "outB" (2 classes). */
    static ComputationGraph twoOutputs() {
        ComputationGraph graph = new ComputationGraph(base(46).graphBuilder().addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(TestNetworks.FEATURES).nOut(8)
                        .activation(Activation.TANH).build(), "in")
                .addLayer("outA", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .addLayer("outB", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("outA", "outB").build());
        graph.init();
        return graph;
    }

    static MultiDataSet twoLabels(int n, long seed) {
        DataSet blobs = TestNetworks.blobs(n, seed);
        INDArray b = Nd4j.create(DataType.FLOAT, n, 2);
        for (int i = 0; i < n; i++) {
            b.putScalar(i, blobs.getFeatures().getDouble(i, 0) > 0 ? 1 : 0, 1);
        }
        return new MultiDataSet(new INDArray[]{blobs.getFeatures()}, new INDArray[]{blobs.getLabels(), b});
    }

    @Test
    void multiOutputGraphsUseTheChosenOutput() {
        ComputationGraph graph = twoOutputs();
        MultiDataSet data = twoLabels(90, 13);
        graph.fit(data);
        graph.fit(data);
        for (int output = 0; output < 2; output++) {
            Map<Integer, IEvaluation[]> evaluations = Map.of(output, new IEvaluation[]{new Evaluation()});
            double expected = ((Evaluation) graph.evaluate(iterator(data, 32), evaluations).get(output)[0]).accuracy();
            assertEquals(expected, ModelAccuracy.of(data, "evaluation").accuracy(ModelAdapter.of(graph), output), 1e-12);
            DataSet oneOutput = new DataSet(data.getFeatures(0), data.getLabels(output));
            assertEquals(expected, ModelAccuracy.of(oneOutput, "evaluation").accuracy(ModelAdapter.of(graph), output), 1e-12);
        }
        IllegalArgumentException unchosen = assertThrows(IllegalArgumentException.class,
                () -> ModelAccuracy.of(data, "evaluation").check(ModelAdapter.of(graph), null));
        assertTrue(unchosen.getMessage().contains("0 = 'outA'") && unchosen.getMessage().contains("1 = 'outB'")
                && unchosen.getMessage().contains("evaluationOutput"), unchosen.getMessage());
        IllegalArgumentException outOfRange = assertThrows(IllegalArgumentException.class,
                () -> ModelAccuracy.of(data, "evaluation").check(ModelAdapter.of(graph), 2));
        assertTrue(outOfRange.getMessage().contains("[0, 1]"), outOfRange.getMessage());
        IllegalArgumentException network = assertThrows(IllegalArgumentException.class,
                () -> ModelAccuracy.of(TestNetworks.blobs(9, 1), "evaluation").check(ModelAdapter.of(TestNetworks.mln(1, 0)), 1));
        assertTrue(network.getMessage().contains("one output"), network.getMessage());
    }

    /** Fixed MultiDataSets travel with a serialised listener, as DataSets do. */
    @Test
    void aMultiDataSetSurvivesSerialisation() throws Exception {
        ComputationGraph graph = twoInputs();
        MultiDataSet test = withDenseInput(paddedSequences(30, 11, false, RNNFormat.NCW), 5);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(ModelAccuracy.of(test, "evaluation"));
        }
        ModelAccuracy copy;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (ModelAccuracy) in.readObject();
        }
        assertEquals(graph.evaluate(iterator(test, 8)).accuracy(), copy.accuracy(ModelAdapter.of(graph), null), 1e-12);
    }

    /** An evaluated example with an empty sequence has no prediction (pooling divides by zero steps). */
    @Test
    void anEvaluatedEmptySequenceIsRefusedButAMaskedOutOneIsNot() {
        DataSet pooled = paddedSequences(12, 12, false, RNNFormat.NCW);
        pooled.getFeaturesMaskArray().getRow(5).assign(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelAccuracy.of(pooled, "evaluation").check(ModelAdapter.of(pooledLstm()), null));
        assertTrue(e.getMessage().contains("row 5") && e.getMessage().contains("empty sequence"), e.getMessage());

        DataSet perStep = paddedSequences(12, 13, true, RNNFormat.NCW);
        perStep.getFeaturesMaskArray().getRow(5).assign(0);
        perStep.getLabelsMaskArray().getRow(5).assign(0); // the example is not evaluated
        MultiLayerNetwork net = new MultiLayerNetwork(base(47).list()
                .layer(new LSTM.Builder().nIn(2).nOut(3).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        ModelAccuracy accuracy = ModelAccuracy.of(perStep, "evaluation");
        accuracy.check(ModelAdapter.of(net), null);
        assertEquals(dl4j(net, perStep), accuracy.accuracy(ModelAdapter.of(net), null), 1e-12);
    }

    @Test
    void aDivergedModelHasNaNAccuracyEvenWithMasks() {
        MultiLayerNetwork net = pooledLstm();
        net.params().putScalar(0, Double.NaN);
        assertTrue(Double.isNaN(ModelAccuracy.of(paddedSequences(20, 9, false, RNNFormat.NCW), "evaluation")
                .accuracy(ModelAdapter.of(net), null)));
    }

    @Test
    void evaluationDataThatDoesNotFitIsRefusedNamingWhatWasExpected() {
        MultiLayerNetwork net = TestNetworks.mln(1, 0);
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class, () -> ModelAccuracy.of(
                new DataSet(Nd4j.rand(DataType.FLOAT, 8, 4), Nd4j.zeros(DataType.FLOAT, 8, 3)), "evaluation").check(ModelAdapter.of(net), null));
        assertTrue(width.getMessage().contains("evaluation features have 4 columns")
                && width.getMessage().contains("nIn = 6"), width.getMessage());
        IllegalArgumentException labels = assertThrows(IllegalArgumentException.class, () -> ModelAccuracy.of(
                new DataSet(Nd4j.rand(DataType.FLOAT, 8, 6), Nd4j.zeros(DataType.FLOAT, 8, 5)), "evaluation").check(ModelAdapter.of(net), null));
        assertTrue(labels.getMessage().contains("[8, 5]") && labels.getMessage().contains("[8, 3]"), labels.getMessage());

        ComputationGraph graph = twoInputs();
        IllegalArgumentException dataSet = assertThrows(IllegalArgumentException.class, () -> ModelAccuracy.of(
                paddedSequences(8, 1, false, RNNFormat.NCW), "evaluation").check(ModelAdapter.of(graph), null));
        assertTrue(dataSet.getMessage().contains("2 inputs [dense, seq]") && dataSet.getMessage().contains("MultiDataSet"),
                dataSet.getMessage());
        MultiDataSet oneLabelTooMany = new MultiDataSet(new INDArray[]{Nd4j.rand(DataType.FLOAT, 8, TestNetworks.FEATURES)},
                new INDArray[]{Nd4j.zeros(DataType.FLOAT, 8, 3), Nd4j.zeros(DataType.FLOAT, 8, 2), Nd4j.zeros(8, 2)});
        IllegalArgumentException outputs = assertThrows(IllegalArgumentException.class,
                () -> ModelAccuracy.of(oneLabelTooMany, "evaluation").check(ModelAdapter.of(twoOutputs()), 0));
        assertTrue(outputs.getMessage().contains("3 labels array(s)") && outputs.getMessage().contains("2 output(s)"),
                outputs.getMessage());

        IllegalArgumentException reset = assertThrows(IllegalArgumentException.class, () -> ModelAccuracy.of(
                new ViewIterator(TestNetworks.blobs(9, 1), 3) {
                    @Override
                    public boolean resetSupported() {
                        return false;
                    }
                }, "evaluation"));
        assertTrue(reset.getMessage().contains("reset()"), reset.getMessage());
    }
}
