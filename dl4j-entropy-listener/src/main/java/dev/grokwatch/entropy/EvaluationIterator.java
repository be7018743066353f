package dev.grokwatch.entropy;

import java.util.Iterator;

/**
 * Evaluation data from a resettable iterator, as both listeners read it: from its start at every pass, and left
 * at its end between passes (where DL4J's own {@code evaluate} leaves an iterator). Left there, it tells when a
 * fit trains on it ({@code trainAccuracyOn(it)} and {@code fit(it)}), where each pass would reset it mid-epoch
 * and the epoch would never end: the listeners check it before the updates a pass could disturb, and refuse it
 * then. Mid-epoch, the iterator the fit reads is part-way through ({@link #refusePartWay}); one found at its
 * start was reset by someone else between fits (e.g. after their own {@code evaluate}), which disturbs nothing. At
 * a fit's start, before its first batch, no batch may be left at all ({@link #refuseBatchesLeft}). A pass at an
 * epoch's last batch, where the fit has read the iterator to its end too, disturbs nothing either.
 *
 * @param <T> the batch type ({@code DataSet}, {@code MultiDataSet})
 */
final class EvaluationIterator<T> {

    private final Iterator<T> iterator;
    private final Runnable reset;
    private final String role;

    /**
     * Takes the iterator and reads it to its end at once, so that from now on it is where each pass leaves it.
     *
     * @param iterator the evaluation data, {@code reset()} supported
     * @param reset    the iterator's {@code reset()}
     * @param role     the data's role in messages ("evaluation", "training-accuracy")
     */
    EvaluationIterator(Iterator<T> iterator, Runnable reset, String role) {
        this.iterator = iterator;
        this.reset = reset;
        this.role = role;
        leaveAtEnd();
    }

    /**
     * During an epoch, before an update: refuses the iterator when it is part-way through, fewer batches left
     * than it holds from its start, as the one the fit is reading is. Reads it to its end (and from its start when
     * batches were left, to count them), which a pass would do next anyway.
     *
     * @param when where training stands, for the message (e.g. "at step 40, before the graph's next update")
     * @throws IllegalStateException naming the batches left and what was expected
     */
    void refusePartWay(String when) {
        int left = leaveAtEnd();
        if (left == 0) {
            return;
        }
        reset.run();
        int all = leaveAtEnd();
        if (left != all) {
            throw refusal("is part-way through (" + left + " of its " + all + " batches left) " + when);
        }
    }

    /**
     * At a fit's start, before it reads a batch (where a DL4J {@code ComputationGraph} has already reset the
     * iterator it trains on): refuses the iterator when it has any batch left, since the listener left it at its
     * end.
     *
     * @param when where training stands, for the message
     * @throws IllegalStateException naming what was expected
     */
    void refuseBatchesLeft(String when) {
        if (iterator.hasNext()) {
            throw refusal("has batches left " + when + ", although the listener left it at its end when it last read"
                    + " it");
        }
    }

    private IllegalStateException refusal(String found) {
        return new IllegalStateException("The " + role + " iterator " + found + ": the fit reads it, training on this"
                + " very iterator (evaluateOn(it) or trainAccuracyOn(it), and fit(it, ...)). Each evaluation would"
                + " reset it, and the epoch would never end. Expected an iterator of its own for the " + role
                + " data (a second iterator over the same data, or the data as a DataSet)");
    }

    /** The iterator from its first batch: read it through, then {@link #leaveAtEnd}. */
    Iterator<T> fromStart() {
        reset.run();
        return iterator;
    }

    /**
     * Reads what a pass left (one that stopped early) so that the iterator ends where every pass leaves it.
     *
     * @return the number of batches read
     */
    int leaveAtEnd() {
        int read = 0;
        while (iterator.hasNext()) {
            iterator.next();
            read++;
        }
        return read;
    }
}
