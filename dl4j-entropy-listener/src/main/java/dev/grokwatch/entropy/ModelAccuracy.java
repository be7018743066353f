package dev.grokwatch.entropy;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.io.Serializable;

/**
 * Classification accuracy of a model on fixed data (test accuracy for the grokking step, training
 * accuracy for the memorisation step), in inference mode.
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

    /** Accuracy in [0, 1], or null when the data is an iterator lost in serialisation. */
    Double accuracy(Model model) {
        DataSetIterator source = data != null ? new ViewIterator(data, BATCH) : iterator;
        if (source == null) {
            return null;
        }
        if (!(model instanceof NeuralNetwork network)) {
            throw new IllegalArgumentException("Cannot evaluate a " + model.getClass().getName()
                    + "; expected a MultiLayerNetwork or ComputationGraph");
        }
        source.reset();
        Evaluation evaluation = network.doEvaluation(source, new Evaluation())[0];
        return evaluation.accuracy();
    }
}
