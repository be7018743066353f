package dev.grokwatch.examples.reproduce;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.forecast.RunHistory;
import dev.grokwatch.examples.run.LogitScaleCsv;
import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunSummary;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * One finished run of a group as the analysis reads it: its folder and summary, its curve read with its own
 * H̃* (events from {@code PhaseTracker}), and the optional recordings ({@code train --test-probe},
 * {@code --logit-scale}) when the run made them.
 *
 * @param folder     the run folder
 * @param history    metrics.csv, read with the run's threshold
 * @param testProbe  the test-set probe's curve ({@link RunFolder#TEST_PROBE_METRICS}), or {@code null}
 * @param logitScale the logit scale ({@link RunFolder#LOGIT_SCALE}, read by {@link LogitScaleCsv}), or {@code null}
 */
public record AnalysedRun(RunFolder folder, EntropyHistory history, EntropyHistory testProbe,
                          List<LogitScaleCsv.Point> logitScale) {

    /** Evaluations the norm is averaged over to find its plateau (as for the collapse window). */
    static final int NORM_WINDOW = 5;
    /** The norm has plateaued once its trailing mean is within this share of its peak. */
    static final double NORM_PLATEAU_SHARE = 0.02;

    public String name() {
        return folder.name();
    }

    public RunSummary summary() {
        return folder.summary();
    }

    public long seed() {
        return summary().seed();
    }

    /** The run's own H̃*, the one its crossing is read against. */
    public double threshold() {
        return summary().threshold();
    }

    /** The run as calibration takes it (read again without a threshold, calibration finds H̃*). */
    public RunHistory calibrationRun() {
        return folder.calibrationRun();
    }

    public OptionalLong grokStep() {
        return history.grokStep();
    }

    public boolean grokked() {
        return grokStep().isPresent();
    }

    /** T_grok, or +∞ for a run that did not grok (it would have grokked later, if at all). */
    public double grokStepOrInfinity() {
        return grokked() ? grokStep().getAsLong() : Double.POSITIVE_INFINITY;
    }

    /**
     * Where test accuracy reached 0.99 without a delay past memorisation (the phase tracker's generalised, not
     * grokked: it was already above half of 0.99 when the training set was fitted); empty otherwise.
     */
    public OptionalLong generalisedStep() {
        return history.generalisedStep();
    }

    public OptionalLong memorisedStep() {
        return history.memorisedStep();
    }

    public OptionalLong collapseOnsetStep() {
        return history.collapseOnsetStep();
    }

    /** First evaluation with H̃ below the run's H̃*, after the onset (see {@code PhaseTracker}). */
    public OptionalLong crossingStep() {
        return history.thresholdCrossingStep();
    }

    /** The last evaluation's step, 0 without evaluations. */
    public long lastStep() {
        return history.latest().map(EntropyRecord::step).orElse(0L);
    }

    /** First evaluation whose test accuracy is at least {@code level}. */
    public OptionalLong firstStepWithTestAccuracy(double level) {
        return records().stream().filter(r -> r.testAccuracy() != null && r.testAccuracy() >= level)
                .mapToLong(EntropyRecord::step).findFirst();
    }

    /** Test accuracy at an evaluation step, if measured there. */
    public OptionalDouble testAccuracyAt(long step) {
        return valueAt(history, step, EntropyRecord::testAccuracy);
    }

    /** H̃ at an evaluation step. */
    public OptionalDouble entropyAt(long step) {
        return valueAt(history, step, EntropyRecord::normalisedEntropy);
    }

    /** Fourier alignment at an evaluation step, if measured there. */
    public OptionalDouble fourierAt(long step) {
        return valueAt(history, step, EntropyRecord::fourierAlignment);
    }

    /** H̃ of the first evaluation (the train command evaluates first at its first cadence step, not at step 0). */
    public OptionalDouble firstEntropy() {
        return records().isEmpty() ? OptionalDouble.empty() : finite(records().get(0).normalisedEntropy());
    }

    /** Largest finite H̃ of the evaluations at steps up to {@code step}. */
    public OptionalDouble maxEntropyUpTo(long step) {
        return records().stream().filter(r -> r.step() <= step).mapToDouble(EntropyRecord::normalisedEntropy)
                .filter(Double::isFinite).max();
    }

    /** Smallest finite H̃ of the evaluations at steps in [from, to]. */
    public OptionalDouble minEntropyBetween(long from, long to) {
        return records().stream().filter(r -> r.step() >= from && r.step() <= to)
                .mapToDouble(EntropyRecord::normalisedEntropy).filter(Double::isFinite).min();
    }

    /** Largest Fourier alignment measured, if any. */
    public OptionalDouble maxFourier() {
        return records().stream().map(EntropyRecord::fourierAlignment).filter(a -> a != null && Double.isFinite(a))
                .mapToDouble(Double::doubleValue).max();
    }

    /**
     * Where the norm's growth stopped: the first evaluation at which the trailing mean of ‖θ‖ over
     * {@value #NORM_WINDOW} evaluations comes within {@value #NORM_PLATEAU_SHARE} of that mean's peak, the peak taken
     * over the evaluations up to grokking (the whole run when it did not grok). The mean smooths the norm's jitter
     * of a few percent between evaluations.
     */
    public OptionalLong normPlateauStep() {
        long end = grokked() ? grokStep().getAsLong() : lastStep();
        List<EntropyRecord> upTo = records().stream().filter(r -> r.step() <= end && Double.isFinite(r.paramNorm()))
                .toList();
        double[] trailing = new double[upTo.size()];
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < upTo.size(); i++) {
            int from = Math.max(0, i - NORM_WINDOW + 1);
            double sum = 0;
            for (int j = from; j <= i; j++) {
                sum += upTo.get(j).paramNorm();
            }
            trailing[i] = sum / (i - from + 1);
            peak = Math.max(peak, trailing[i]);
        }
        for (int i = 0; i < trailing.length; i++) {
            if (trailing[i] >= (1 - NORM_PLATEAU_SHARE) * peak) {
                return OptionalLong.of(upTo.get(i).step());
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The mean of the logit scale's finite values at steps in [from, to]; empty without a logit scale or a value
     * there.
     */
    public OptionalDouble logitScaleBetween(long from, long to) {
        if (logitScale == null) {
            return OptionalDouble.empty();
        }
        return logitScale.stream().filter(p -> p.step() >= from && p.step() <= to)
                .mapToDouble(LogitScaleCsv.Point::maxLogitMean).filter(Double::isFinite).average();
    }

    /** Total milliseconds of the entropy evaluations (the metrics' wall_ms: probe forward pass and spectrum). */
    public double evaluationMs() {
        return records().stream().mapToDouble(EntropyRecord::wallMs).filter(Double::isFinite).sum();
    }

    private List<EntropyRecord> records() {
        return history.records();
    }

    /** A value of the evaluation at {@code step} of a curve, if it was measured and finite. */
    static OptionalDouble valueAt(EntropyHistory curve, long step, Function<EntropyRecord, Double> value) {
        return curve.records().stream().filter(r -> r.step() == step).map(value)
                .filter(v -> v != null && Double.isFinite(v)).mapToDouble(Double::doubleValue).findFirst();
    }

    private static OptionalDouble finite(double value) {
        return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
    }
}
