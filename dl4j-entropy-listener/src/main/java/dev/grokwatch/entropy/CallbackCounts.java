package dev.grokwatch.entropy;

/**
 * How many DL4J training callbacks a {@link SpectralEntropyListener} has taken from its model since it was
 * built (or Java-deserialised): a mark to compare a later count with. The early-stopping conditions take one
 * when a trainer starts ({@code IterationTerminationCondition.initialize()}, called by DL4J 1.0.0-M2.1's
 * {@code BaseEarlyStoppingTrainer.fit} before its first epoch), so that "the trainer's first epoch" and "the
 * model being trained calls this listener" are read per trainer run, not over the listener's life.
 *
 * @param epochsStarted {@code onEpochStart} calls
 * @param epochsEnded   {@code onEpochEnd} calls
 * @param iterations    {@code iterationDone} calls (one per parameter update)
 */
public record CallbackCounts(long epochsStarted, long epochsEnded, long iterations) {

    /** Nothing taken yet: the mark of a listener's whole life. */
    public static final CallbackCounts NONE = new CallbackCounts(0, 0, 0);

    public CallbackCounts {
        if (epochsStarted < 0 || epochsEnded < 0 || iterations < 0) {
            throw new IllegalArgumentException("callback counts must be >= 0, got " + epochsStarted + " epochs started, "
                    + epochsEnded + " ended, " + iterations + " iterations");
        }
    }

    /**
     * True inside the first epoch begun after {@code mark}: an epoch has started since and none has ended. Never
     * in a {@code fit(DataSet)} loop, which calls no epoch callbacks.
     */
    public boolean inFirstEpochSince(CallbackCounts mark) {
        return epochsStarted > mark.epochsStarted && epochsEnded == mark.epochsEnded;
    }

    /** True when an iteration has been done since {@code mark}. */
    public boolean iteratedSince(CallbackCounts mark) {
        return iterations > mark.iterations;
    }
}
