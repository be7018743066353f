package dev.grokwatch.entropy;

/**
 * The data loss of the minibatch behind an evaluation: DL4J's minibatch score includes the regularisation
 * term (L1, L2, weight decay) of the parameters before the update, so the term is taken at the gradient
 * calculation, while those parameters are still in place, and subtracted from the score after the update.
 * Only updates that lead to an evaluation step are decomposed. Not serialisable: after deserialisation the
 * first evaluation has no data loss unless its update was seen.
 */
final class DataLoss {

    /** The iteration (updates done before it) whose regularisation term was taken; -1 for none. */
    private long iteration = -1;
    private double regularisation;

    /** Takes the regularisation term of the current parameters, before the update of {@code iteration}. */
    void beforeUpdate(ModelAdapter model, long iteration) {
        this.regularisation = model.regularisationScore();
        this.iteration = iteration;
    }

    /**
     * The data loss of the update that brought the model to {@code step}: its minibatch score minus the
     * term taken before it, in the loss function's units; null when that update's term was not taken
     * (an epoch-end evaluation off the cadence, or the first evaluation after deserialisation).
     */
    Double after(ModelAdapter model, long step) {
        return iteration == step - 1 ? model.model().score() - regularisation : null;
    }
}
