package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.SpectralEntropyListener;
import org.deeplearning4j.earlystopping.termination.IterationTerminationCondition;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

/**
 * Base of grokwatch's early-stopping conditions. DL4J hands a condition only the minibatch score,
 * so each one reads the state of the {@link SpectralEntropyListener} it was given. The listener
 * reference is transient and not part of the JSON form: after deserialisation, {@link #attach} it again.
 */
public abstract class EntropyTerminationCondition implements IterationTerminationCondition {

    private static final long serialVersionUID = 1L;

    @JsonIgnore
    private transient SpectralEntropyListener listener;

    protected EntropyTerminationCondition(SpectralEntropyListener listener) {
        this.listener = listener;
    }

    /** Binds the listener to read (after deserialisation, or to reuse a configuration). */
    public EntropyTerminationCondition attach(SpectralEntropyListener entropyListener) {
        if (entropyListener == null) {
            throw new IllegalArgumentException("listener is null; expected the SpectralEntropyListener attached to the model");
        }
        this.listener = entropyListener;
        return this;
    }

    @Override
    public void initialize() {
        listener(); // fail at the start of training, not at the first check
    }

    @Override
    public final boolean terminate(double lastMiniBatchScore) {
        return shouldTerminate(listener());
    }

    protected abstract boolean shouldTerminate(SpectralEntropyListener entropy);

    @JsonIgnore
    protected SpectralEntropyListener listener() {
        if (listener == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " has no SpectralEntropyListener;"
                    + " expected one passed to EntropyTermination or attach(listener)");
        }
        return listener;
    }

    /** True when a listener is bound, for toString() on a freshly deserialised condition. */
    protected boolean attached() {
        return listener != null;
    }
}
