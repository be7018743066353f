package dev.grokwatch.models.interventions;

import dev.grokwatch.models.GrokMlp;
import dev.grokwatch.models.GrokModelBuilder;
import dev.grokwatch.models.GrokTransformer;
import dev.grokwatch.models.Initialisation;
import dev.grokwatch.models.layers.OneNativeThread;
import dev.grokwatch.models.tasks.GroupDataset;
import dev.grokwatch.models.tasks.GroupTask;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(OneNativeThread.class)
class LogitScaleTest {

    private static final GroupTask TASK = GroupTask.modularAddition(23);
    private static final GroupDataset DATA = GroupDataset.split(TASK, 0.5, 0);

    /**
     * Loops over the representation and the output layer's W and b in double precision; the logits are checked
     * to be the model's own by their softmax, which must be the model's output.
     */
    private static double slowMeanMaxLogit(ComputationGraph model, INDArray probe) {
        INDArray h = model.feedForward(probe, false).get(GrokModelBuilder.REPRESENTATION);
        INDArray w = model.getParam(GrokModelBuilder.OUTPUT + "_W");
        INDArray b = model.getParam(GrokModelBuilder.OUTPUT + "_b");
        INDArray probabilities = model.outputSingle(probe);
        int n = (int) h.rows();
        int classes = (int) w.columns();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double[] logits = new double[classes];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                logits[j] = b.getDouble(j);
                for (int k = 0; k < h.columns(); k++) {
                    logits[j] += h.getDouble(i, k) * w.getDouble(k, j);
                }
                max = Math.max(max, logits[j]);
            }
            double partition = 0;
            for (double logit : logits) {
                partition += Math.exp(logit - max);
            }
            for (int j = 0; j < classes; j++) {
                assertEquals(Math.exp(logits[j] - max) / partition, probabilities.getDouble(i, j), 1e-5,
                        "softmax of the reference logits, row " + i + " class " + j);
            }
            sum += max;
        }
        return sum / n;
    }

    @Test
    void isTheMeanOverTheProbeOfTheLargestLogitOfBothModels() {
        INDArray probe = DATA.probe(60, 0);
        for (GrokModelBuilder<?> builder : new GrokModelBuilder<?>[]{
                GrokTransformer.builder(TASK).dModel(16).heads(2).ffWidth(32).seed(1),
                GrokMlp.builder(TASK).embeddingWidth(8).hiddenWidth(24).representationWidth(16).seed(1),
                GrokTransformer.builder(TASK).dModel(16).heads(2).ffWidth(32).seed(1).init(Initialisation.TORCH)}) {
            ComputationGraph model = builder.build();
            DataSet batch = DATA.trainIterator(32, 0).next();
            for (int step = 0; step < 20; step++) {
                model.fit(batch); // away from initialisation, so that the output bias matters too
            }
            double expected = slowMeanMaxLogit(model, probe);
            assertEquals(expected, LogitScale.meanMaxLogit(model, probe), 1e-5 * Math.max(1, Math.abs(expected)));
            assertTrue(Math.abs(expected) > 0.1, "a logit scale worth comparing: " + expected);
        }
    }

    @Test
    void leavesTheModelsInputAsTrainingLeftIt() {
        ComputationGraph model = GrokTransformer.builder(TASK).dModel(16).heads(2).ffWidth(32).seed(1).build();
        DataSet batch = DATA.trainIterator(32, 0).next();
        model.fit(batch);
        INDArray[] before = model.getInputs();
        double[] parameters = model.params().toDoubleVector();
        LogitScale.meanMaxLogit(model, DATA.probe(60, 0));
        assertSame(before[0], model.getInputs()[0]);
        assertArrayEquals(parameters, model.params().toDoubleVector());
    }

    @Test
    void refusesAModelWithoutTheRepresentationVertex() {
        ComputationGraph other = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in").addLayer("out", new OutputLayer.Builder().nIn(3).nOut(2).build(), "in")
                .setOutputs("out").build());
        other.init();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogitScale.meanMaxLogit(other, DATA.probe(4, 0)));
        assertEquals("model has no vertex 'representation' or no layer 'output', expected a GrokTransformer or"
                + " GrokMlp", e.getMessage());
    }
}
