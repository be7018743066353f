package dev.grokwatch.entropy.termination;

import dev.grokwatch.entropy.EntropyMonitor;
import dev.grokwatch.entropy.CallbackCounts;
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
 * the next epoch, with one warning: DL4J 1.0.0-M2.1's trainers hold no best model before one of their
 * epochs has ended and would end in a {@code NullPointerException}. The first epoch is the trainer run's
 * own: {@link #initialize()}, which the trainer calls at the start of each {@code fit()}, marks the
 * listener's {@link CallbackCounts}, so epochs the listener saw before (a plain {@code model.fit}, an
 * earlier trainer run) do not count. Without {@code initialize()} the mark is the listener's whole life.
 *
 * <p>At a trainer run's first check (after its first update, before the second), a condition whose listener
 * has taken no iteration since {@link #initialize()} refuses it with an {@link IllegalStateException}: the
 * listener is not on the model being trained and would never let the condition fire.
 */
public abstract class EntropyTerminationCondition implements IterationTerminationCondition {

    private static final long serialVersionUID = 1L;

    private static final Logger log = LoggerFactory.getLogger(EntropyTerminationCondition.class);

    @JsonIgnore
    private transient EntropyMonitor listener;
    @JsonIgnore
    private transient boolean warnedFirstEpoch;
    /** The listener's callbacks when the trainer run started; null before {@link #initialize()}. */
    @JsonIgnore
    private transient CallbackCounts atStart;
    /** This trainer run's first check has made sure the model being trained calls the listener. */
    @JsonIgnore
    private transient boolean checkedListenerCalled;

    protected EntropyTerminationCondition(EntropyMonitor listener) {
        this.listener = listener;
    }

    /** Binds the listener to read (after deserialisation, or to reuse a configuration). */
    public EntropyTerminationCondition attach(EntropyMonitor entropyListener) {
        if (entropyListener == null) {
            throw new IllegalArgumentException("listener is null; expected the SpectralEntropyListener attached to the model");
        }
        this.listener = entropyListener;
        return this;
    }

    /**
     * Called by DL4J's early-stopping trainer at the start of each {@code fit()}, before its first epoch: checks
     * that a listener is bound and marks where this trainer run starts. Subclasses check what they read.
     */
    @Override
    public void initialize() {
        atStart = listener().callbacks(); // fail at the start of training, not at the first check
        warnedFirstEpoch = false;
        checkedListenerCalled = false;
    }

    @Override
    public final boolean terminate(double lastMiniBatchScore) {
        EntropyMonitor entropy = listener();
        if (atStart != null && !checkedListenerCalled) {
            checkedListenerCalled = true;
            refuseAListenerTheModelDoesNotCall(entropy);
        }
        if (!shouldTerminate(entropy)) {
            return false;
        }
        if (entropy.callbacks().inFirstEpochSince(atStart == null ? CallbackCounts.NONE : atStart)) {
            // DL4J 1.0.0-M2.1's early-stopping trainers hold no best model before their first epoch ends and
            // fail with a NullPointerException on "bestModel" when a condition fires in it: wait for its end.
            if (!warnedFirstEpoch) {
                warnedFirstEpoch = true;
                log.warn("grokwatch: {} was met at step {} inside the trainer's first epoch; DL4J's early-stopping"
                        + " trainer can only stop once one of its epochs has ended (it holds no best model before),"
                        + " so training stops at the first iteration of the next epoch. Use shorter epochs to stop"
                        + " sooner.", getClass().getSimpleName(), entropy.currentStep());
            }
            return false;
        }
        return true;
    }

    /**
     * At a trainer run's first check, after its first update: a listener that took no iteration since the run
     * started is not on the model being trained, never measures, and would let training run every epoch.
     */
    private void refuseAListenerTheModelDoesNotCall(EntropyMonitor entropy) {
        if (!entropy.callbacks().iteratedSince(atStart)) {
            throw new IllegalStateException(getClass().getSimpleName() + " reads a SpectralEntropyListener that the"
                    + " model being trained does not call: the trainer's first update reached no iteration of it, so it"
                    + " never measures and the condition would never fire (" + entropy + "). Expected the listener"
                    + " added to the model the trainer trains, before training: model.addListeners(entropy), or"
                    + " wrapper.setListeners(entropy.onlyFor(model)) under ParallelWrapper; a trainer built from a"
                    + " configuration trains a new model, so build the model, add the listener and give the trainer"
                    + " the model");
        }
    }

    /**
     * True when the condition holds now, read from its listener alone: no trainer's first-epoch wait, no check
     * that a trainer calls the listener. For loops other than DL4J's early-stopping trainers, such as
     * {@link SameDiffTermination}'s.
     *
     * @throws IllegalStateException when no listener is attached
     */
    public boolean met() {
        return shouldTerminate(listener());
    }

    protected abstract boolean shouldTerminate(EntropyMonitor entropy);

    @JsonIgnore
    protected EntropyMonitor listener() {
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
