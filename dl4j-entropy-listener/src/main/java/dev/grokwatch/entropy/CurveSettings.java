package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.GrokForecaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What both listeners' builders set about the curve rather than the model: the phase criteria (H̃*,
 * accuracy criteria, collapse window, verdict horizons), the forecaster, the event callbacks and an earlier
 * curve to continue. It makes the {@link EntropyRun}, after settling one H̃* per run.
 */
final class CurveSettings {

    private PhaseCriteria criteria = PhaseCriteria.defaults();
    private GrokForecaster forecaster;
    private final List<EntropyEventListener> eventListeners = new ArrayList<>();
    private EntropyHistory resumeFrom;

    void threshold(double threshold) {
        criteria = criteria.withThreshold(threshold);
    }

    void accuracyCriteria(double grok, double memorised) {
        criteria = criteria.withAccuracyCriteria(grok, memorised);
    }

    void collapseOnset(double delta, int window) {
        criteria = criteria.withCollapse(delta, window);
    }

    void verdictSteps(long noCollapseSteps, long belowThresholdSteps) {
        criteria = criteria.withVerdictSteps(noCollapseSteps, belowThresholdSteps);
    }

    void notMemorisedWithin(long steps) {
        criteria = criteria.withNotMemorisedSteps(steps);
    }

    /** @throws IllegalArgumentException when the forecaster is null */
    void forecaster(GrokForecaster given) {
        if (given == null) {
            throw new IllegalArgumentException("forecaster is null; expected a GrokForecaster"
                    + " (e.g. Calibration.read(file).toForecaster())");
        }
        forecaster = given;
    }

    /** @throws IllegalArgumentException when the listener is null */
    void onEvent(EntropyEventListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("event listener is null");
        }
        eventListeners.add(listener);
    }

    void resumeFrom(EntropyHistory earlier) {
        resumeFrom = earlier;
    }

    /**
     * The run these settings describe, with one H̃* and, when test accuracy is measured without training
     * accuracy, one warning that memorisation (hence grokking) cannot be seen.
     *
     * @param listenerClass the listener whose logger the warnings keep
     */
    EntropyRun newRun(boolean measuresTestAccuracy, boolean measuresTrainAccuracy, Class<?> listenerClass) {
        Logger log = LoggerFactory.getLogger(listenerClass);
        oneThreshold(log);
        if (measuresTestAccuracy && !measuresTrainAccuracy) {
            log.warn("grokwatch: this listener measures test accuracy (evaluateOn) but not training accuracy:"
                    + " memorisation cannot be seen, so a run whose test accuracy reaches {} reads generalised,"
                    + " never grokked (whether it came after a delay is unknown). Build it with"
                    + " .trainAccuracyOn(trainData) to tell grokking apart", criteria.grokAccuracy());
        }
        return new EntropyRun(criteria, resumeFrom, forecaster, eventListeners, listenerClass);
    }

    /**
     * A run has one H̃*: without a threshold, the forecaster's (its calibration's) is the run's; with a
     * different one, crossings would use one value and forecasts another, so say so before training.
     */
    private void oneThreshold(Logger log) {
        OptionalDouble forecasterThreshold = forecaster == null ? OptionalDouble.empty() : forecaster.threshold();
        if (forecasterThreshold.isEmpty()) {
            return;
        }
        double calibrated = forecasterThreshold.getAsDouble();
        if (criteria.threshold() == null) {
            criteria = criteria.withThreshold(calibrated);
        } else if (Double.compare(criteria.threshold(), calibrated) != 0) {
            log.warn("grokwatch: threshold({}) differs from the forecaster's H̃* = {}: crossings and phases use {},"
                    + " forecasts {}; for one H̃* per run build the forecaster at the same value"
                    + " (Calibration.forecaster(method, {})) or leave threshold(...) out",
                    criteria.threshold(), calibrated, criteria.threshold(), calibrated, criteria.threshold());
        }
    }
}
