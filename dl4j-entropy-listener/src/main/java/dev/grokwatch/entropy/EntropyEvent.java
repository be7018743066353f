package dev.grokwatch.entropy;

/**
 * One event on the entropy curve, with the evaluation that triggered it.
 *
 * @param type   what happened
 * @param step   the training step (number of updates) of the triggering evaluation
 * @param record the triggering evaluation
 */
public record EntropyEvent(EntropyEventType type, long step, EntropyRecord record) {

    @Override
    public String toString() {
        return type + " at step " + step + String.format(" (H̃ = %.4f)", record.normalisedEntropy());
    }
}
