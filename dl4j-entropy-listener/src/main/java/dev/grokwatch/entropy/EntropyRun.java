package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.entropy.forecast.GrokForecaster;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * One run's curve, whatever API trains the model: each measured evaluation goes through the one
 * {@link PhaseTracker}, the forecaster and the event callbacks into the {@link EntropyHistory}, and a
 * measurement that fails during training is skipped and counted, never thrown into the user's training.
 * Both listeners ({@link SpectralEntropyListener} for DL4J models, {@link SameDiffEntropyListener} for SameDiff
 * graphs) keep one and read their model below it.
 */
final class EntropyRun implements Serializable {

    private static final long serialVersionUID = 1L;

    private final EntropyHistory history;
    private final PhaseTracker tracker;
    /** Null without a forecaster. */
    private final Forecasting forecasting;
    private final EventDispatch events;
    /** The listener's logger name (a Logger does not serialise). */
    private final String loggerName;
    private volatile long currentStep;
    private int skippedEvaluations;

    /**
     * @param criteria      the phase criteria (threshold, accuracy criteria, collapse window, verdict horizons)
     * @param resumeFrom    an earlier curve to continue, or null
     * @param forecaster    the forecaster, or null
     * @param events        the event callbacks
     * @param listenerClass the listener whose logger the run's warnings keep (the name users filter on)
     */
    EntropyRun(PhaseCriteria criteria, EntropyHistory resumeFrom, GrokForecaster forecaster,
               List<EntropyEventListener> events, Class<?> listenerClass) {
        this.history = new EntropyHistory(criteria);
        if (resumeFrom != null) {
            resumeFrom.records().forEach(history::append);
        }
        this.tracker = PhaseTracker.replay(history);
        this.forecasting = forecaster == null ? null : new Forecasting(forecaster);
        this.events = new EventDispatch(events);
        this.loggerName = listenerClass.getName();
    }

    /**
     * The rule for continuing a curve ({@code resumeFrom(history)}) on a model that has done {@code modelStep}
     * updates, checked at the listener's first callback, before any update: a model behind the history is
     * refused, since its steps up to the history's last are in the curve already (measured on the model the
     * history came from) and would never be evaluated on it; a model ahead of it continues, the gap named in a
     * warning. Both listeners apply it.
     *
     * @param model         what the listener's users call the model ("model", "graph"), for the messages
     * @param savedTogether how that API keeps a model and its history at the same step, for the message
     * @throws IllegalStateException naming both steps when the model is behind the history
     */
    void checkResumedOn(long modelStep, String model, String savedTogether) {
        Optional<EntropyRecord> last = history.latest();
        if (last.isEmpty()) {
            return;
        }
        long lastStep = last.get().step();
        if (modelStep > lastStep) {
            LoggerFactory.getLogger(loggerName).warn("grokwatch: the resumed history ends at step {} but the {} has"
                    + " done {} updates: steps {} to {} have no evaluations (a gap in the curve; the collapse window"
                    + " and verdicts span it)", lastStep, model, modelStep, lastStep + 1, modelStep);
        } else if (modelStep < lastStep) {
            throw new IllegalStateException("The history this listener continues ends at step " + lastStep + ", but the "
                    + model + " has done only " + modelStep + " updates (its iteration count): the " + model + " is older"
                    + " than the history, whose steps " + (modelStep + 1) + " to " + lastStep + " were measured on"
                    + " another " + model + " and would not be evaluated on this one. Expected the " + model
                    + " saved with the history (" + savedTogether + "), or a listener built with"
                    + " resumeFrom(history.upTo(" + modelStep + "))");
        }
    }

    /** Notes the number of updates done, as the latest training callback told it. */
    void at(long step) {
        currentStep = step;
    }

    /** True when {@code step} has no evaluation yet: positive and after the latest recorded one. */
    boolean unmeasured(long step) {
        Optional<EntropyRecord> last = history.latest();
        return step > 0 && (last.isEmpty() || step > last.get().step());
    }

    /**
     * Measures and records the evaluation at {@code step}: the phase, the forecast (until the run grokked or
     * generalised) and the events it fires are added, then the callbacks hear of them. A measurement that
     * throws is skipped and counted (the first logged with its cause): what fails before training was refused
     * then, and a failure now must not cost the user's run.
     */
    void record(long step, Supplier<EntropyRecord> measure) {
        EntropyRecord measured;
        try {
            measured = measure.get();
        } catch (RuntimeException e) {
            if (skippedEvaluations++ == 0) {
                LoggerFactory.getLogger(loggerName).warn("grokwatch: skipped the entropy evaluation at step {} (later skips are counted, not logged): {}",
                        step, e.toString(), e);
            }
            return;
        }
        List<EntropyEvent> fired = tracker.observe(measured);
        EntropyRecord recorded = measured.withPhase(tracker.phase());
        if (forecasting != null && tracker.stepOf(EntropyEventType.GROKKED).isEmpty()
                && tracker.stepOf(EntropyEventType.GENERALISED).isEmpty()) { // generalised: nothing to forecast
            recorded = recorded.withForecast(forecasting.predict(history, recorded, tracker));
        }
        history.append(recorded);
        events.deliver(fired, recorded, LoggerFactory.getLogger(loggerName));
    }

    void addEventListener(EntropyEventListener listener) {
        events.add(listener);
    }

    /** Event callbacks Java deserialisation dropped and were not added again. */
    int lostEventListeners() {
        return events.lost();
    }

    EntropyHistory history() {
        return history;
    }

    Phase phase() {
        return tracker.phase();
    }

    OptionalLong stepOf(EntropyEventType type) {
        return tracker.stepOf(type);
    }

    Optional<GrokForecaster> forecaster() {
        return forecasting == null ? Optional.empty() : Optional.of(forecasting.forecaster());
    }

    Optional<Forecast> latestForecast() {
        return forecasting == null ? Optional.empty() : forecasting.latest();
    }

    Optional<Forecast> latestConfidentForecast() {
        return forecasting == null ? Optional.empty() : forecasting.latestConfident();
    }

    long currentStep() {
        return currentStep;
    }

    int skippedEvaluations() {
        return skippedEvaluations;
    }
}
