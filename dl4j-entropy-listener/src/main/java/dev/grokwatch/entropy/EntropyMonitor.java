package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.entropy.forecast.GrokForecaster;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a listener's curve tells while a model trains, the same for a DL4J model ({@link SpectralEntropyListener})
 * and a SameDiff graph ({@link SameDiffEntropyListener}): the early-stopping conditions of
 * {@code dev.grokwatch.entropy.termination} read this, so one set of rules stops either.
 */
public interface EntropyMonitor {

    /** Every evaluation so far (live: the same object keeps growing). */
    EntropyHistory history();

    PhaseCriteria criteria();

    /** Phase after the latest evaluation. */
    Phase phase();

    Optional<EntropyRecord> latest();

    /** Step at which an event fired, if it has. */
    OptionalLong stepOf(EntropyEventType type);

    /** True when test accuracy is recorded, which the grokking step needs. */
    boolean measuresTestAccuracy();

    /** True when training accuracy is recorded, which memorisation needs. */
    boolean measuresTrainAccuracy();

    /** The forecaster given to the builder, if any. */
    Optional<GrokForecaster> forecaster();

    /** The forecaster's forecast after the latest evaluation before grokking; empty without a forecaster. */
    Optional<Forecast> latestForecast();

    /** The most recent confident forecast. */
    Optional<Forecast> latestConfidentForecast();

    /** The training callbacks taken from the model so far (epoch starts and ends, iterations). */
    CallbackCounts callbacks();

    /** Number of updates done when the listener was last called. */
    long currentStep();
}
