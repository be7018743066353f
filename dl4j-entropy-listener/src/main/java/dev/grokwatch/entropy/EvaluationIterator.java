package dev.grokwatch.entropy;

import java.util.Iterator;

/**
 * Evaluation data from a resettable iterator, as both listeners read it: from its start at every pass, and left
 * at its end between passes (where DL4J's own {@code evaluate} leaves an iterator). Left there, it tells when
 * something else reads it: an iterator found with batches left has been reset or read since the last pass. In a
 * fit that is the fit itself when the iterator is also the one it trains on ({@code trainAccuracyOn(it)} and
 * {@code fit(it)}): each pass would reset it and the epoch would never end. The listeners call
 * {@link #refuseAnotherReader} before the updates a pass could disturb, and so refuse that before it happens;
 * a pass at an epoch's last batch, where the fit has read the iterator to its end too, disturbs nothing.
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
     * @param when where training stands, for the message (e.g. "at step 40")
     * @throws IllegalStateException when the iterator has batches left since this listener's last pass: another
     *                               reader reset or read it, in a fit the fit itself training on it
     */
    void refuseAnotherReader(String when) {
        if (iterator.hasNext()) {
            throw new IllegalStateException("The " + role + " iterator has batches left " + when + ", although this"
                    + " listener left it at its end when it last read it: something else has reset or read it since,"
                    + " in a fit the fit itself when it trains on this very iterator (evaluateOn(it) or"
                    + " trainAccuracyOn(it), and fit(it, ...)). Each evaluation would reset it, and the epoch would"
                    + " never end. Expected an"
                    + " iterator of its own for the " + role + " data (a second iterator over the same data, or the"
                    + " data as a DataSet), which nothing but the listener reads");
        }
    }

    /** The iterator from its first batch: read it through, then {@link #leaveAtEnd}. */
    Iterator<T> fromStart() {
        reset.run();
        return iterator;
    }

    /** Reads what a pass left (one that stopped early) so that the iterator ends where every pass leaves it. */
    void leaveAtEnd() {
        while (iterator.hasNext()) {
            iterator.next();
        }
    }
}
