package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.CallbackCounts;
import dev.grokwatch.entropy.SameDiffEntropyListener;
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

import java.util.ArrayList;
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
 *
 * <p>Before the first update of each {@code fit} (at its first {@code iterationStart}), a condition whose listener
 * this fit does not call is refused with an {@link IllegalStateException}: a listener never added to the graph's
 * fit (neither in {@code sd.fit(..., entropy, stop)} nor {@code sd.addListeners(entropy)}), or built for another
 * graph, never measures, and the condition would never fire. So is a fit without epochs ({@code sd.fit(DataSet)}),
 * which this listener cannot stop, and a fit reading the wrapped iterator without calling this listener
 * ({@code sd.fit(stop.iterator(it), epochs, entropy)}): nothing would stop it once the iterator ends its epochs.
 */
public final class SameDiffTermination extends BaseListener {

    private static final Logger log = LoggerFactory.getLogger(SameDiffTermination.class);

    private final List<EntropyTerminationCondition> conditions;
    /** The listener each condition reads, in the order of {@link #conditions}. */
    private final List<SameDiffEntropyListener> listeners;
    private volatile EntropyTerminationCondition stoppedBy;
    /** Each listener's callbacks when the current fit started ({@code operationStart}). */
    private List<CallbackCounts> atFitStart;
    /** True from a fit's first {@code epochStart} to its {@code operationEnd}: this listener is called by that fit. */
    private volatile boolean epochStartedInFit;
    private boolean checkedFit;

    private SameDiffTermination(List<EntropyTerminationCondition> conditions, List<SameDiffEntropyListener> listeners) {
        this.conditions = conditions;
        this.listeners = listeners;
    }

    /**
     * Stop when any of {@code conditions} holds. Each is initialised now, so one whose listener does not measure
     * what it reads is refused before training.
     *
     * @throws IllegalArgumentException when none is given, or one is not an {@link EntropyTermination} condition on
     *                                  a {@link SameDiffEntropyListener}
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
        List<SameDiffEntropyListener> read = new ArrayList<>();
        for (EntropyTerminationCondition c : entropy) {
            if (!(c.listener() instanceof SameDiffEntropyListener listener)) {
                throw new IllegalArgumentException(c.getClass().getSimpleName() + " reads " + c.listener() + ", not a"
                        + " SameDiffEntropyListener: a SameDiff fit never calls it, so the condition would never fire."
                        + " Expected conditions on the SameDiffEntropyListener of the graph being fitted (a DL4J"
                        + " model's SpectralEntropyListener stops DL4J's EarlyStoppingTrainer)");
            }
            read.add(listener);
        }
        entropy.forEach(EntropyTerminationCondition::initialize);
        return new SameDiffTermination(entropy, List.copyOf(read));
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

    /** A fit starts: where its listeners' callbacks stand, to tell at its first update whether they were called. */
    @Override
    public void operationStart(SameDiff sd, Operation op) {
        if (op == Operation.TRAINING) {
            atFitStart = listeners.stream().map(SameDiffEntropyListener::callbacks).toList();
            epochStartedInFit = false;
            checkedFit = false;
        }
    }

    /**
     * The fit's first iteration, before its update: every listener's {@code epochStart} of this fit has been
     * called by now, so a listener this fit does not call is refused here.
     */
    @Override
    public void iterationStart(SameDiff sd, At at, MultiDataSet data, long etlMs) {
        if (checkedFit || at.operation() != Operation.TRAINING) {
            return;
        }
        checkedFit = true;
        if (!epochStartedInFit) {
            throw new IllegalStateException("SameDiffTermination is given to a fit without epochs (sd.fit(DataSet) or"
                    + " sd.fit(MultiDataSet)), which it cannot stop: it stops at an epoch's end or through its"
                    + " iterator. Expected sd.fit(stop.iterator(trainingIterator), epochs, entropy, stop)");
        }
        for (int i = 0; i < conditions.size(); i++) {
            SameDiffEntropyListener listener = listeners.get(i);
            String condition = conditions.get(i).getClass().getSimpleName();
            if (!listener.watches(sd)) {
                throw new IllegalStateException(condition + " reads a SameDiffEntropyListener that watches another"
                        + " graph (" + listener + "), not the graph being fitted (SameDiff@"
                        + Integer.toHexString(System.identityHashCode(sd)) + "): it never measures this training and"
                        + " the condition would never fire. Expected the conditions on"
                        + " SameDiffEntropyListener.builder(graph)...build() for the graph that calls fit, given to the"
                        + " same fit: sd.fit(stop.iterator(training), epochs, entropy, stop)");
            }
            if (listener.callbacks().epochsStarted() == atFitStart.get(i).epochsStarted()) {
                throw new IllegalStateException(condition + " reads a SameDiffEntropyListener that this fit does not"
                        + " call (" + listener + "): it never measures, so the condition would never fire. Expected"
                        + " the listener added to the fit with the termination, before training:"
                        + " sd.fit(stop.iterator(training), epochs, entropy, stop), or sd.addListeners(entropy)");
            }
        }
    }

    /**
     * A fit started once a condition holds would stop before its first update, where SameDiff 1.0.0-M2.1 fails
     * on an epoch without iterations: say so instead.
     */
    @Override
    public void epochStart(SameDiff sd, At at) {
        epochStartedInFit = true;
        if (stop()) {
            throw new IllegalStateException("SameDiffTermination: " + stoppedBy + " holds already, so this fit would"
                    + " stop before its first update; expected a new listener and conditions to train further");
        }
    }

    @Override
    public ListenerResponse epochEnd(SameDiff sd, At at, LossCurve lossCurve, long epochTimeMillis) {
        return stop() ? ListenerResponse.STOP : ListenerResponse.CONTINUE;
    }

    @Override
    public void operationEnd(SameDiff sd, Operation op) {
        if (op == Operation.TRAINING) {
            epochStartedInFit = false;
        }
    }

    /**
     * A batch of the wrapped iterator is about to be trained on ({@code fit} reads it after every listener's
     * {@code epochStart}): the fit must call this listener, or nothing would stop it once the iterator ends its
     * epochs, and SameDiff 1.0.0-M2.1 fails on the next epoch, which has no batches.
     */
    private void refuseAFitWithoutThis() {
        if (!epochStartedInFit) {
            throw new IllegalStateException("A SameDiffTermination's iterator is read outside a fit that calls the"
                    + " SameDiffTermination (it is not among the fit's listeners, nor added by sd.addListeners): once"
                    + " a condition holds the iterator ends the epoch, but nothing stops the fit, and SameDiff fails"
                    + " on its next epoch, which has no batches. Expected the termination given to the same fit:"
                    + " sd.fit(stop.iterator(trainingIterator), epochs, entropy, stop)");
        }
    }

    /**
     * {@code training} ending its epoch once a condition holds; no asynchronous prefetch. Only a fit that calls this
     * listener may read it: a batch read otherwise ({@code sd.fit(stop.iterator(it), epochs, entropy)}, without
     * {@code stop}) is refused with an {@link IllegalStateException} before its update.
     */
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
                refuseAFitWithoutThis();
                return training.next();
            }

            @Override
            public org.nd4j.linalg.dataset.DataSet next(int num) {
                refuseAFitWithoutThis();
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
                refuseAFitWithoutThis();
                return training.next();
            }

            @Override
            public MultiDataSet next(int num) {
                refuseAFitWithoutThis();
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
