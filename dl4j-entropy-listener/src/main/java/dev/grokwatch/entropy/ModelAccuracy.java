package dev.grokwatch.entropy;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Classification accuracy of a model on fixed data (test accuracy for the grokking step, training
 * accuracy for the memorisation step), in inference mode: the share of examples whose output argmax
 * equals the label argmax. Outputs with NaN give NaN: a diverged model has no accuracy (DL4J's own
 * {@code Evaluation} throws there, which would cost the evaluation).
 *
 * <p>A {@link DataSet} travels with a serialised listener; an iterator is transient (iterators are
 * generally not serialisable) and must be given again after deserialisation.
 */
final class ModelAccuracy implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int BATCH = 1024;

    private final DataSet data;
    private final transient DataSetIterator iterator;

    private ModelAccuracy(DataSet data, DataSetIterator iterator) {
        this.data = data;
        this.iterator = iterator;
    }

    static ModelAccuracy of(DataSet data, String what) {
        if (data == null || data.getFeatures() == null || data.getLabels() == null || data.numExamples() == 0) {
            throw new IllegalArgumentException(what + " data is null or empty; expected a DataSet with features and labels");
        }
        return new ModelAccuracy(data, null);
    }

    static ModelAccuracy of(DataSetIterator iterator, String what) {
        if (iterator == null) {
            throw new IllegalArgumentException(what + " iterator is null; expected a DataSetIterator with labels");
        }
        return new ModelAccuracy(null, iterator);
    }

    /** Accuracy in [0, 1], NaN for a model with non-finite outputs, null when an iterator was lost in serialisation. */
    Double accuracy(Model model) {
        DataSetIterator source = data != null ? new ViewIterator(data, BATCH) : iterator;
        if (source == null) {
            return null;
        }
        if (source.resetSupported()) {
            source.reset();
        }
        long correct = 0;
        long total = 0;
        while (source.hasNext()) {
            DataSet batch = source.next();
            INDArray output = output(model, batch.getFeatures());
            INDArray labels = batch.getLabels();
            if (output.rank() != 2 || !Arrays.equals(output.shape(), labels.shape())) {
                throw new IllegalArgumentException("Model output has shape " + Arrays.toString(output.shape())
                        + " but the labels have shape " + Arrays.toString(labels.shape())
                        + "; expected one-hot labels [n, classes] matching the output layer");
            }
            if (!Double.isFinite(output.sumNumber().doubleValue())) {
                return Double.NaN;
            }
            correct += output.argMax(1).eq(labels.argMax(1)).castTo(org.nd4j.linalg.api.buffer.DataType.INT)
                    .sumNumber().longValue();
            total += labels.size(0);
        }
        return total == 0 ? null : (double) correct / total;
    }

    private static INDArray output(Model model, INDArray features) {
        if (model instanceof MultiLayerNetwork net) {
            return net.output(features, false);
        }
        if (model instanceof ComputationGraph graph) {
            return graph.outputSingle(false, features);
        }
        throw new IllegalArgumentException("Cannot evaluate a " + model.getClass().getName()
                + "; expected a MultiLayerNetwork or ComputationGraph");
    }
}
