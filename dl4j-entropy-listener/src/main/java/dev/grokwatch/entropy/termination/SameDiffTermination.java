package dev.grokwatch.entropy.termination;

import org.deeplearning4j.earlystopping.termination.IterationTerminationCondition;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.ListenerResponse;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.listeners.records.LossCurve;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Stops a SameDiff {@code fit} on the same {@link EntropyTermination} conditions that stop DL4J's early-stopping
 * trainers, read from a {@code SameDiffEntropyListener}:
 *
 * <pre>{@code
 * SameDiffTermination stop = SameDiffTermination.when(EntropyTermination.grokked(entropy));
 * sd.fit(stop.iterator(trainIterator), maxEpochs, entropy, stop);
 * }</pre>
 *
 * <p>ND4J 1.0.0-M2.1 has no per-iteration stop: this listener's {@code epochEnd} returns
 * {@link ListenerResponse#STOP} once a condition holds, which ends {@code fit} at that epoch's end. For a stop
 * mid-epoch, train on {@link #iterator}: it has no next batch once a condition holds, so the epoch ends after the
 * update that met it (checked after every update, whatever the listeners' order). The wrapped iterator reports
 * no asynchronous prefetch, or SameDiff would read batches ahead of the stop.
 */
public final class SameDiffTermination extends BaseListener {

    private static final Logger log = LoggerFactory.getLogger(SameDiffTermination.class);

    private final List<EntropyTerminationCondition> conditions;
    private volatile EntropyTerminationCondition stoppedBy;

    private SameDiffTermination(List<EntropyTerminationCondition> conditions) {
        this.conditions = conditions;
    }

    /**
     * Stop when any of {@code conditions} holds. Each is initialised now, so one whose listener does not measure
     * what it reads is refused before training.
     *
     * @throws IllegalArgumentException when none is given, or one is not an {@link EntropyTermination} condition
     * @throws IllegalStateException    when a condition's listener lacks what it reads (naming the builder call)
     */
    public static SameDiffTermination when(IterationTerminationCondition... conditions) {
        if (conditions == null || conditions.length == 0) {
            throw new IllegalArgumentException("no conditions; expected at least one EntropyTermination condition"
                    + " (e.g. EntropyTermination.grokked(entropy))");
        }
        for (IterationTerminationCondition c : conditions) {
            if (!(c instanceof EntropyTerminationCondition)) {
                throw new IllegalArgumentException("condition " + c + " is not one of EntropyTermination's; expected"
                        + " conditions that read an entropy listener (a budget is fit's number of epochs)");
            }
        }
        List<EntropyTerminationCondition> entropy = java.util.Arrays.stream(conditions)
                .map(c -> (EntropyTerminationCondition) c).toList();
        entropy.forEach(EntropyTerminationCondition::initialize);
        return new SameDiffTermination(entropy);
    }

    /** The condition that stopped training, once one has. */
    public Optional<IterationTerminationCondition> stoppedBy() {
        return Optional.ofNullable(stoppedBy);
    }

    /** True once a condition holds (the first one met is kept for {@link #stoppedBy()}). */
    private boolean stop() {
        if (stoppedBy == null) {
            for (EntropyTerminationCondition c : conditions) {
                if (c.met()) {
                    stoppedBy = c;
                    log.info("grokwatch: stopping SameDiff training: {}", c);
                    break;
                }
            }
        }
        return stoppedBy != null;
    }

    @Override
    public boolean isActive(Operation operation) {
        return operation == Operation.TRAINING;
    }

    /**
     * A fit started once a condition holds would stop before its first update, where SameDiff 1.0.0-M2.1 fails
     * on an epoch without iterations: say so instead.
     */
    @Override
    public void epochStart(SameDiff sd, At at) {
        if (stop()) {
            throw new IllegalStateException("SameDiffTermination: " + stoppedBy + " holds already, so this fit would"
                    + " stop before its first update; expected a new listener and conditions to train further");
        }
    }

    @Override
    public ListenerResponse epochEnd(SameDiff sd, At at, LossCurve lossCurve, long epochTimeMillis) {
        return stop() ? ListenerResponse.STOP : ListenerResponse.CONTINUE;
    }

    /** {@code training} ending its epoch once a condition holds; no asynchronous prefetch. */
    public DataSetIterator iterator(DataSetIterator training) {
        if (training == null) {
            throw new IllegalArgumentException("training iterator is null; expected the iterator fit would read");
        }
        return new DataSetIterator() {
            @Override
            public boolean hasNext() {
                return !stop() && training.hasNext();
            }

            @Override
            public org.nd4j.linalg.dataset.DataSet next() {
                return training.next();
            }

            @Override
            public org.nd4j.linalg.dataset.DataSet next(int num) {
                return training.next(num);
            }

            @Override
            public int inputColumns() {
                return training.inputColumns();
            }

            @Override
            public int totalOutcomes() {
                return training.totalOutcomes();
            }

            @Override
            public boolean resetSupported() {
                return training.resetSupported();
            }

            @Override
            public boolean asyncSupported() {
                return false; // prefetching would read batches past the stop
            }

            @Override
            public void reset() {
                training.reset();
            }

            @Override
            public int batch() {
                return training.batch();
            }

            @Override
            public void setPreProcessor(DataSetPreProcessor preProcessor) {
                training.setPreProcessor(preProcessor);
            }

            @Override
            public DataSetPreProcessor getPreProcessor() {
                return training.getPreProcessor();
            }

            @Override
            public List<String> getLabels() {
                return training.getLabels();
            }
        };
    }

    /** As {@link #iterator(DataSetIterator)}, for multi-input graphs. */
    public MultiDataSetIterator iterator(MultiDataSetIterator training) {
        if (training == null) {
            throw new IllegalArgumentException("training iterator is null; expected the iterator fit would read");
        }
        return new MultiDataSetIterator() {
            @Override
            public boolean hasNext() {
                return !stop() && training.hasNext();
            }

            @Override
            public MultiDataSet next() {
                return training.next();
            }

            @Override
            public MultiDataSet next(int num) {
                return training.next(num);
            }

            @Override
            public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
                training.setPreProcessor(preProcessor);
            }

            @Override
            public MultiDataSetPreProcessor getPreProcessor() {
                return training.getPreProcessor();
            }

            @Override
            public boolean resetSupported() {
                return training.resetSupported();
            }

            @Override
            public boolean asyncSupported() {
                return false; // prefetching would read batches past the stop
            }

            @Override
            public void reset() {
                training.reset();
            }
        };
    }

    @Override
    public String toString() {
        return "SameDiffTermination(" + conditions + (stoppedBy == null ? "" : ", stopped by " + stoppedBy) + ")";
    }
}
