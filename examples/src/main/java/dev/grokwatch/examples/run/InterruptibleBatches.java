package dev.grokwatch.examples.run;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A run's minibatches for one SameDiff {@code fit}: those of {@code batches}, none more once a stop is requested
 * ({@link TrainingRun#requestStop()}), so that the fit ends after the step in progress. At least one batch: SameDiff
 * 1.0.0-M2.1 fails on an epoch without updates. No asynchronous prefetch, which would draw past the stop.
 */
final class InterruptibleBatches implements DataSetIterator {

    private final DataSetIterator batches;
    private final BooleanSupplier stopRequested;
    private boolean drawn;

    InterruptibleBatches(DataSetIterator batches, BooleanSupplier stopRequested) {
        this.batches = batches;
        this.stopRequested = stopRequested;
    }

    @Override
    public boolean hasNext() {
        return batches.hasNext() && !(drawn && stopRequested.getAsBoolean());
    }

    @Override
    public DataSet next() {
        drawn = true;
        return batches.next();
    }

    @Override
    public DataSet next(int num) {
        drawn = true;
        return batches.next(num);
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public boolean resetSupported() {
        return batches.resetSupported();
    }

    @Override
    public void reset() {
        batches.reset();
    }

    @Override
    public int inputColumns() {
        return batches.inputColumns();
    }

    @Override
    public int totalOutcomes() {
        return batches.totalOutcomes();
    }

    @Override
    public int batch() {
        return batches.batch();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        batches.setPreProcessor(preProcessor);
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return batches.getPreProcessor();
    }

    @Override
    public List<String> getLabels() {
        return batches.getLabels();
    }
}
