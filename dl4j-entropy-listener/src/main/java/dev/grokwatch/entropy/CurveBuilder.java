package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.GrokForecaster;

/**
 * What both listeners' builders ({@link SpectralEntropyListener.Builder}, {@link SameDiffEntropyListener.Builder})
 * set the same way: the curve's phase criteria (arXiv 2604.13123, §3.2), its forecaster, events and an earlier
 * curve to continue ({@link CurveSettings}), and how many eigenvalues each record keeps. Only the builders of this
 * package extend it.
 *
 * @param <B> the builder, returned by every setter for chaining
 */
public abstract class CurveBuilder<B extends CurveBuilder<B>> {

    final CurveSettings curve = new CurveSettings();
    int topEigenvalues = 10;

    CurveBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Task threshold H̃*; without it threshold crossing is not reported. */
    public B threshold(double threshold) {
        curve.threshold(threshold);
        return self();
    }

    /** Accuracy criteria for grokking (test) and memorisation (train); default 0.99 each. */
    public B accuracyCriteria(double grok, double memorised) {
        curve.accuracyCriteria(grok, memorised);
        return self();
    }

    /** Collapse onset: H̃ fell by more than delta over window evaluations (default 0.02 over 5). */
    public B collapseOnset(double delta, int window) {
        curve.collapseOnset(delta, window);
        return self();
    }

    /**
     * Verdict horizons: no collapse within {@code noCollapseSteps} after memorisation (default 10,000);
     * collapse without generalisation after {@code belowThresholdSteps} below H̃* with low test accuracy
     * (default 5,000).
     */
    public B verdictSteps(long noCollapseSteps, long belowThresholdSteps) {
        curve.verdictSteps(noCollapseSteps, belowThresholdSteps);
        return self();
    }

    /** Not-memorising verdict: training accuracy still below the criterion at this step (default 10,000). */
    public B notMemorisedWithin(long steps) {
        curve.notMemorisedWithin(steps);
        return self();
    }

    /**
     * How many of the largest eigenvalues each record keeps (default 10).
     *
     * @throws IllegalArgumentException when {@code k} is negative
     */
    public B topEigenvalues(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("topEigenvalues must be >= 0, got " + k);
        }
        this.topEigenvalues = k;
        return self();
    }

    /**
     * Forecasts the grokking step at each evaluation until the run groks, filling the record's
     * {@code predicted_grok_step} (e.g. {@code Calibration.read(file).toForecaster()}).
     */
    public B forecaster(GrokForecaster forecaster) {
        curve.forecaster(forecaster);
        return self();
    }

    /** Called once per event (collapse onset, crossing, grokked, ...). */
    public B onEvent(EntropyEventListener listener) {
        curve.onEvent(listener);
        return self();
    }

    /**
     * Continue the curve of an earlier run: {@link EntropyHistory#restoreFrom} a DL4J model zip, or
     * {@link EntropyHistory#readJson} of a history written beside a SameDiff graph saved with
     * {@code sd.save(file, true)}, which keeps its iteration count. At the listener's first callback, before any
     * update, a model that has done fewer updates than the history's last step is refused with an
     * {@link IllegalStateException} naming both steps ({@code history.upTo(step)} fits it); a model ahead of the
     * history continues with the gap named in a warning.
     */
    public B resumeFrom(EntropyHistory earlier) {
        curve.resumeFrom(earlier);
        return self();
    }
}
