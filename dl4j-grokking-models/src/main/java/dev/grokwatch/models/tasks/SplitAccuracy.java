package dev.grokwatch.models.tasks;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Accuracy of a classifier on a whole split: the fraction of rows whose highest output is the labelled
 * class. Runs inference only ({@code train = false}): no parameter, updater, iteration count or listener
 * is touched, so it is safe to call between training steps, e.g. from {@code iterationDone}.
 */
public final class SplitAccuracy {

    private SplitAccuracy() {
    }

    /** Accuracy on {@code data}, in batches of {@value GroupDataset#DEFAULT_BATCH_SIZE}. */
    public static double of(Model model, DataSet data) {
        return of(model, data, GroupDataset.DEFAULT_BATCH_SIZE);
    }

    /** Accuracy on {@code data}, {@code batchSize} rows per forward pass to bound memory. */
    public static double of(Model model, DataSet data, int batchSize) {
        if (data == null || data.numExamples() == 0) {
            throw new IllegalArgumentException("data must hold at least one example");
        }
        return of(model, new ViewIterator(data, GroupDataset.checkBatchSize(batchSize)));
    }

    /**
     * Accuracy over every batch of {@code batches} (reset first where it supports it), e.g.
     * {@link GroupDataset#testIterator(int)}.
     *
     * @param model a {@link MultiLayerNetwork} or a {@link ComputationGraph} with one input and one output
     */
    public static double of(Model model, DataSetIterator batches) {
        checkModel(model);
        if (batches.resetSupported()) {
            batches.reset();
        }
        long correct = 0;
        long total = 0;
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            INDArray labels = batch.getLabels();
            INDArray output = output(model, batch.getFeatures().castTo(model.params().dataType()));
            if (output.rank() != 2 || !Arrays.equals(output.shape(), labels.shape())) {
                throw new IllegalArgumentException("model output of shape " + Arrays.toString(output.shape())
                        + " does not match labels of shape " + Arrays.toString(labels.shape())
                        + "; expected [batch, numClasses] scores");
            }
            correct += output.argMax(1).eq(labels.argMax(1)).castTo(DataType.INT).sumNumber().longValue();
            total += labels.size(0);
        }
        if (total == 0) {
            throw new IllegalArgumentException("batches held no examples");
        }
        return (double) correct / total;
    }

    private static void checkModel(Model model) {
        if (model instanceof MultiLayerNetwork) {
            return;
        }
        if (model instanceof ComputationGraph) {
            ComputationGraph graph = (ComputationGraph) model;
            if (graph.getNumInputArrays() != 1 || graph.getNumOutputArrays() != 1) {
                throw new IllegalArgumentException("ComputationGraph must have one input and one output, got "
                        + graph.getNumInputArrays() + " inputs and " + graph.getNumOutputArrays() + " outputs");
            }
            return;
        }
        throw new IllegalArgumentException("model must be a MultiLayerNetwork or a ComputationGraph, got "
                + (model == null ? "null" : model.getClass().getName()));
    }

    private static INDArray output(Model model, INDArray features) {
        if (model instanceof MultiLayerNetwork) {
            return ((MultiLayerNetwork) model).output(features, false);
        }
        return ((ComputationGraph) model).outputSingle(false, features);
    }
}
