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
        events.deliver(fired, recorded);
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
