package dev.grokwatch.models.tasks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The rows of one split: pairs (a, b) with the class of a ∘ b, kept as Java arrays so that building a
 * batch never touches ND4J state beyond allocating its two result arrays.
 */
final class Examples {

    /** Tokens per example: a, b and {@code =}. */
    static final int SEQUENCE_LENGTH = 3;

    private final GroupTask task;
    private final int[] a;
    private final int[] b;
    private final int[] classes;

    Examples(GroupTask task, int[] a, int[] b) {
        this.task = task;
        this.a = a;
        this.b = b;
        this.classes = new int[a.length];
        for (int row = 0; row < a.length; row++) {
            classes[row] = task.apply(a[row], b[row]);
        }
    }

    int size() {
        return a.length;
    }

    /** Every row, in order. */
    DataSet dataSet() {
        int[] rows = new int[size()];
        for (int row = 0; row < rows.length; row++) {
            rows[row] = row;
        }
        return dataSet(rows);
    }

    /** The given rows (repeats allowed): features [n, 3] and one-hot labels [n, numClasses], both FLOAT. */
    DataSet dataSet(int[] rows) {
        int numClasses = task.numClasses();
        float[] labels = new float[rows.length * numClasses];
        for (int i = 0; i < rows.length; i++) {
            labels[i * numClasses + classes[rows[i]]] = 1f;
        }
        return new DataSet(features(rows), Nd4j.create(labels, new long[] {rows.length, numClasses}, DataType.FLOAT));
    }

    /** Token indices {@code [a, b, =]} of the given rows, shape [n, 3], FLOAT. */
    INDArray features(int[] rows) {
        float[] tokens = new float[rows.length * SEQUENCE_LENGTH];
        for (int i = 0; i < rows.length; i++) {
            tokens[i * SEQUENCE_LENGTH] = a[rows[i]];
            tokens[i * SEQUENCE_LENGTH + 1] = b[rows[i]];
            tokens[i * SEQUENCE_LENGTH + 2] = task.equalsToken();
        }
        return Nd4j.create(tokens, new long[] {rows.length, SEQUENCE_LENGTH}, DataType.FLOAT);
    }
}
