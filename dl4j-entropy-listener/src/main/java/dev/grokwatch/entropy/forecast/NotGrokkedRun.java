package dev.grokwatch.entropy.forecast;

/**
 * A run given to calibration that did not grok: it never generalised, or it generalised without a delay past
 * memorisation ({@link dev.grokwatch.entropy.EntropyEventType#GENERALISED}), which is not grokking. It cannot be
 * scored, but what the selected forecaster would have said on it is reported (on a run that never generalised, a
 * confident forecast is a false alarm).
 *
 * @param name            the run
 * @param lastStep        its last evaluation
 * @param firstConfident  the selected forecaster's first confident forecast on it, or {@code null}
 * @param generalisedStep the step it generalised without a delay, or {@code null} when it never generalised
 */
public record NotGrokkedRun(String name, long lastStep, Forecast firstConfident, Long generalisedStep) {

    /** Whether the run generalised without a delay (rather than never generalising). */
    public boolean generalised() {
        return generalisedStep != null;
    }
}
