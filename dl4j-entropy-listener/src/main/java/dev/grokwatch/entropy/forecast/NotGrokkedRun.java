package dev.grokwatch.entropy.forecast;

/**
 * A run given to calibration that never grokked: it cannot be scored, but what the selected
 * forecaster would have said on it is reported (a confident forecast here is a false alarm).
 *
 * @param name          the run
 * @param lastStep      its last evaluation
 * @param firstConfident the selected forecaster's first confident forecast on it, or {@code null}
 */
public record NotGrokkedRun(String name, long lastStep, Forecast firstConfident) {
}
