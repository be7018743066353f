package dev.grokwatch.models.tasks;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Training minibatches drawn uniformly with replacement from the training split, as in the paper's setting (arXiv 2604.13123, appendix A): one
 * {@code new Random(seed)} draws every row of every batch, so a seed fixes the whole stream of batches.
 *
 * <p><b>Steps per {@code fit}.</b> DL4J's {@code fit(iterator)} trains on batches while {@code hasNext()}
 * and {@code fit(iterator, epochs)} resets in between, so one "epoch" here is {@link #batchesPerEpoch()}
 * training steps: by default {@code ceil(trainSize / batchSize)}, i.e. one pass's worth of examples.
 * Set it with {@link #batchesPerEpoch(int)}, e.g. to the evaluation interval, or to
 * {@link Integer#MAX_VALUE} for a stream that only a termination condition ends.
 *
 * <p>{@link #reset()} starts a new epoch but does not rewind the generator: epochs continue the one
 * stream, so the batches a run sees do not depend on how it is cut into epochs.
 */
public final class SampledBatchIterator implements DataSetIterator {

    private final Examples train;
    private final int numClasses;
    private final int batchSize;
    private final Random random;
    private int batchesPerEpoch;
    private int batchesThisEpoch;
    private DataSetPreProcessor preProcessor;

    SampledBatchIterator(Examples train, int numClasses, int batchSize, long seed) {
        this.train = train;
        this.numClasses = numClasses;
        this.batchSize = GroupDataset.checkBatchSize(batchSize);
        this.random = new Random(seed);
        this.batchesPerEpoch = (train.size() + batchSize - 1) / batchSize;
    }

    /** Sets how many batches {@code hasNext()} allows between resets; returns this iterator. */
    public SampledBatchIterator batchesPerEpoch(int batches) {
        if (batches < 1) {
            throw new IllegalArgumentException("batchesPerEpoch must be at least 1, got " + batches);
        }
        this.batchesPerEpoch = batches;
        return this;
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    @Override
    public boolean hasNext() {
        return batchesThisEpoch < batchesPerEpoch;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    /** A batch of {@code num} sampled rows instead of {@link #batch()}; counts as one batch of the epoch. */
    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("all " + batchesPerEpoch + " batches of this epoch were drawn; call reset()");
        }
        if (num < 1) {
            throw new IllegalArgumentException("number of examples must be at least 1, got " + num);
        }
        int[] rows = new int[num];
        for (int i = 0; i < num; i++) {
            rows[i] = random.nextInt(train.size());
        }
        batchesThisEpoch++;
        DataSet batch = train.dataSet(rows);
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    @Override
    public void reset() {
        batchesThisEpoch = 0;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** Drawing a batch costs far less than a training step; a prefetch thread would only add a thread. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public int inputColumns() {
        return Examples.SEQUENCE_LENGTH;
    }

    @Override
    public int totalOutcomes() {
        return numClasses;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** Classes are numbered, not named. */
    @Override
    public List<String> getLabels() {
        return null;
    }
}
