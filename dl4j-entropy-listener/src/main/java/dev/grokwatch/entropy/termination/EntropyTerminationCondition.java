package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.SpectralEntropyListener;
import org.deeplearning4j.earlystopping.termination.IterationTerminationCondition;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of grokwatch's early-stopping conditions. DL4J hands a condition only the minibatch score,
 * so each one reads the state of the {@link SpectralEntropyListener} it was given. The listener
 * reference is transient and not part of the JSON form: after deserialisation, {@link #attach} it again.
 *
 * <p>A condition met inside an early-stopping trainer's first epoch fires at the first iteration of
 * the next epoch, with one warning: DL4J 1.0.0-M2.1's trainers hold no best model before an
 * epoch has ended and would end in a {@code NullPointerException}.
 */
public abstract class EntropyTerminationCondition implements IterationTerminationCondition {

    private static final long serialVersionUID = 1L;

    private static final Logger log = LoggerFactory.getLogger(EntropyTerminationCondition.class);

    @JsonIgnore
    private transient SpectralEntropyListener listener;
    @JsonIgnore
    private transient boolean warnedFirstEpoch;

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
        SpectralEntropyListener entropy = listener();
        if (!shouldTerminate(entropy)) {
            return false;
        }
        if (entropy.inFirstEpoch()) {
            // DL4J 1.0.0-M2.1's early-stopping trainers hold no best model before the first epoch ends and
            // fail with a NullPointerException on "bestModel" when a condition fires in it: wait for epoch 1.
            if (!warnedFirstEpoch) {
                warnedFirstEpoch = true;
                log.warn("grokwatch: {} was met at step {} inside the first epoch; DL4J's early-stopping trainer can"
                        + " only stop once an epoch has ended (it holds no best model before), so training stops at"
                        + " the first iteration of the next epoch. Use shorter epochs to stop sooner.",
                        getClass().getSimpleName(), entropy.currentStep());
            }
            return false;
        }
        return true;
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
