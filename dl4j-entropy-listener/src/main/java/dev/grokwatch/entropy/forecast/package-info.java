/**
 * Forecasting the grokking step from the H̃ curve (arXiv 2604.13123, §8): {@link dev.grokwatch.entropy.forecast.GrokForecaster}s
 * read an {@link dev.grokwatch.entropy.EntropyHistory} and predict T_grok, from the height of H̃ (the paper's power law),
 * the shape of its decline, or the time left regressed on the run's signals
 * ({@link dev.grokwatch.entropy.forecast.RemainingTimeForecaster}). Calibration fits a task's threshold H̃*
 * and the forecasters on finished runs ({@link dev.grokwatch.entropy.forecast.RunHistory}: a name, a task label and
 * a history from a listener or a metrics.csv) and scores them leave-one-run-out against two naive baselines
 * ({@link dev.grokwatch.entropy.forecast.CalibrationReport}, {@link dev.grokwatch.entropy.forecast.BaselineForecaster});
 * the held-out errors give every forecast 80% and 95% intervals ({@link dev.grokwatch.entropy.forecast.ConformalForecaster}).
 * Results are data, saved as calibration.json.
 */
package dev.grokwatch.entropy.forecast;
