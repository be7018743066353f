package dev.grokwatch.models.tasks;

import java.util.Arrays;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Every pair (a, b) on which a {@link GroupTask} is defined, split once into a training and a test part.
 *
 * <p><b>Input convention.</b> An example is the token sequence {@code [a, b, =]}: features are token
 * indices of shape {@code [N, 3]} (FLOAT; {@code =} is {@link GroupTask#equalsToken()}), labels are one-hot
 * of shape {@code [N, numClasses]} (FLOAT). DL4J's {@code EmbeddingSequenceLayer} takes {@code [N, 3]} as
 * it is; {@link #asSequenceInput} gives the {@code [N, 1, 3]} form it also accepts.
 *
 * <p><b>Reproducibility.</b> The split and every sampler use {@link java.util.Random}, whose sequence the
 * Java specification fixes, so a seed gives the same split and batches on every machine. ND4J's random
 * generator is never used, so building data does not shift a model's seeded initialisation.
 */
public final class GroupDataset {

    /** Minibatch size of the paper's setting (arXiv 2604.13123, appendix A). */
    public static final int DEFAULT_BATCH_SIZE = 512;

    private final GroupTask task;
    private final Examples train;
    private final Examples test;

    private GroupDataset(GroupTask task, Examples train, Examples test) {
        this.task = task;
        this.train = train;
        this.test = test;
    }

    /**
     * Shuffles all defined pairs with {@code new Random(seed)} (Fisher-Yates) and puts the first
     * {@code round(trainFraction · N)} in the training split; each split then lists its pairs in
     * (a, b) order.
     *
     * @param trainFraction in (0, 1), and such that neither split is empty
     */
    public static GroupDataset split(GroupTask task, double trainFraction, long seed) {
        if (task == null) {
            throw new IllegalArgumentException("task must not be null");
        }
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("trainFraction must be in (0, 1), got " + trainFraction);
        }
        int[][] pairs = definedPairs(task);
        int total = pairs[0].length;
        long trainSize = Math.round(trainFraction * total);
        if (trainSize < 1 || trainSize > total - 1) {
            throw new IllegalArgumentException("trainFraction " + trainFraction + " leaves the "
                    + (trainSize < 1 ? "training" : "test") + " split of " + task.label() + " empty (" + total
                    + " pairs, round(trainFraction · " + total + ") = " + trainSize + "): expected a fraction in ["
                    + 0.5 / total + ", " + (total - 0.5) / total + ")");
        }
        int[] order = shuffledRows(total, seed);
        int[] trainRows = Arrays.copyOfRange(order, 0, (int) trainSize);
        int[] testRows = Arrays.copyOfRange(order, (int) trainSize, total);
        Arrays.sort(trainRows);
        Arrays.sort(testRows);
        return new GroupDataset(task, examples(task, pairs, trainRows), examples(task, pairs, testRows));
    }

    /** All defined pairs in (a, b) order, as {a[], b[]}. */
    private static int[][] definedPairs(GroupTask task) {
        long labelEntries = (long) task.order() * task.order() * task.numClasses();
        if (labelEntries > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("task " + task.label() + " is too large: " + task.order() + "² pairs × "
                    + task.numClasses() + " classes of one-hot labels exceed one Java array (at most "
                    + Integer.MAX_VALUE + " entries); expected order ≤ 1290");
        }
        int[] a = new int[task.order() * task.order()];
        int[] b = new int[a.length];
        int count = 0;
        for (int x = 0; x < task.order(); x++) {
            for (int y = 0; y < task.order(); y++) {
                if (task.isDefined(x, y)) {
                    a[count] = x;
                    b[count] = y;
                    count++;
                }
            }
        }
        return new int[][] {Arrays.copyOf(a, count), Arrays.copyOf(b, count)};
    }

    private static Examples examples(GroupTask task, int[][] pairs, int[] rows) {
        int[] a = new int[rows.length];
        int[] b = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            a[i] = pairs[0][rows[i]];
            b[i] = pairs[1][rows[i]];
        }
        return new Examples(task, a, b);
    }

    /** 0 … n−1 in the order of a Fisher-Yates shuffle driven by {@code new Random(seed)}. */
    private static int[] shuffledRows(int n, long seed) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int held = rows[i];
            rows[i] = rows[j];
            rows[j] = held;
        }
        return rows;
    }

    public GroupTask task() {
        return task;
    }

    public int trainSize() {
        return train.size();
    }

    public int testSize() {
        return test.size();
    }

    /** The whole training split; a new DataSet each call, so callers may shuffle or normalise it freely. */
    public DataSet trainDataSet() {
        return train.dataSet();
    }

    /** The whole test split; a new DataSet each call. */
    public DataSet testDataSet() {
        return test.dataSet();
    }

    /**
     * Minibatches of {@code batchSize} drawn with replacement from the training split, seeded; see
     * {@link SampledBatchIterator} for how many a {@code fit} call consumes.
     */
    public SampledBatchIterator trainIterator(int batchSize, long seed) {
        return new SampledBatchIterator(train, task.numClasses(), batchSize, seed);
    }

    /** {@link #trainIterator(int, long)} with the paper's batch of {@value #DEFAULT_BATCH_SIZE}. */
    public SampledBatchIterator trainIterator(long seed) {
        return trainIterator(DEFAULT_BATCH_SIZE, seed);
    }

    /** The test split in order, {@code batchSize} rows at a time (the last batch may be smaller); for evaluation. */
    public DataSetIterator testIterator(int batchSize) {
        return new ViewIterator(test.dataSet(), checkBatchSize(batchSize));
    }

    /** The training split in order, {@code batchSize} rows at a time, each row once; for evaluation. */
    public DataSetIterator trainEvalIterator(int batchSize) {
        return new ViewIterator(train.dataSet(), checkBatchSize(batchSize));
    }

    /**
     * Inputs of {@code n} distinct training examples, chosen with {@code new Random(seed)}: the probe whose
     * representations the spectral entropy is computed on (512 in the paper). Shape [n, 3].
     */
    public INDArray probe(int n, long seed) {
        if (n < 1 || n > train.size()) {
            throw new IllegalArgumentException("probe size n must be in [1, " + train.size()
                    + "] (the training split of " + task.label() + "), got " + n);
        }
        return train.features(Arrays.copyOf(shuffledRows(train.size(), seed), n));
    }

    /**
     * Inputs of {@code n} distinct test examples, chosen with {@code new Random(seed)}: a probe the model never
     * trains on, for comparing H̃ measured on held-out inputs with the training probe's (arXiv 2604.13123,
     * appendix B). Shape [n, 3].
     */
    public INDArray testProbe(int n, long seed) {
        if (n < 1 || n > test.size()) {
            throw new IllegalArgumentException("test probe size n must be in [1, " + test.size()
                    + "] (the test split of " + task.label() + "), got " + n);
        }
        return test.features(Arrays.copyOf(shuffledRows(test.size(), seed), n));
    }

    /**
     * Token indices of shape [N, 3] as [N, 1, 3], the rank-3 form {@code EmbeddingSequenceLayer} also
     * accepts (e.g. behind {@code InputType.recurrent(1, 3)}). A view when the input is contiguous.
     */
    public static INDArray asSequenceInput(INDArray tokens) {
        if (tokens.rank() != 2 || tokens.size(1) != Examples.SEQUENCE_LENGTH) {
            throw new IllegalArgumentException("tokens must have shape [N, " + Examples.SEQUENCE_LENGTH + "], got "
                    + Arrays.toString(tokens.shape()));
        }
        return tokens.reshape(tokens.size(0), 1, Examples.SEQUENCE_LENGTH);
    }

    static int checkBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        return batchSize;
    }

    @Override
    public String toString() {
        return task.label() + " (train " + trainSize() + ", test " + testSize() + ")";
    }
}
