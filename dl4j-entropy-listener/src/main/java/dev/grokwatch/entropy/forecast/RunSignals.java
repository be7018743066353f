package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyRecord;
import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.util.List;

/**
 * The signals {@link RemainingTimeForecaster} reads off a curve, each from the evaluations up to the latest
 * one only (so a live run and a cut history read the same): how long ago the parameter norm turned, how
 * fast H̃ is falling, and (with test data) how long test accuracy needs to reach the grokking criterion
 * at its current pace.
 */
final class RunSignals {

    /** Test accuracies are clipped to [floor, 1 − floor] before the logit (0 and 1 occur on small test sets). */
    static final double ACCURACY_FLOOR = 1e-4;

    private RunSignals() {
    }

    /**
     * The signals at the latest of {@code records}: {@link #normPeakAge}, {@link #entropyDeclineRate} and, with
     * {@code testAccuracy}, {@link #logTestAccuracyEta}; {@code null} when the test-accuracy signal is asked for
     * and none of the last {@code window} evaluations measured test accuracy.
     */
    static double[] of(List<EntropyRecord> records, boolean testAccuracy, int window, int normSmoothing,
                       double grokAccuracy, long cap) {
        double age = normPeakAge(records, normSmoothing);
        double rate = entropyDeclineRate(records, window);
        if (!testAccuracy) {
            return new double[]{age, rate};
        }
        double eta = logTestAccuracyEta(records, window, grokAccuracy, cap);
        return Double.isNaN(eta) ? null : new double[]{age, rate, eta};
    }

    /**
     * Steps, in thousands, from the peak of ‖θ‖ to the latest evaluation: 0 while the norm is still rising
     * (arXiv 2604.13123, §7: the norm grows through memorisation and shrinks as the run generalises). ‖θ‖ is
     * first averaged over a trailing window of {@code smoothing} evaluations, since it jitters by a few
     * percent from one evaluation to the next; evaluations without a finite norm are skipped.
     */
    static double normPeakAge(List<EntropyRecord> records, int smoothing) {
        NormPeak peak = NormPeak.of(records, smoothing);
        return peak == null ? 0 : (latestStep(records) - peak.step) / 1000.0;
    }

    /**
     * How far the norm has fallen from its peak, as a share of the peak: 1 − ‖θ‖ / max ‖θ‖, both averaged as in
     * {@link #normPeakAge}; 0 while it is rising or without a finite norm.
     */
    static double normFallFromPeak(List<EntropyRecord> records, int smoothing) {
        NormPeak peak = NormPeak.of(records, smoothing);
        return peak == null ? 0 : 1 - peak.latest / peak.value;
    }

    /** The peak of the trailing mean of ‖θ‖, where it was, and the trailing mean at the latest evaluation. */
    private record NormPeak(double value, long step, double latest) {

        static NormPeak of(List<EntropyRecord> records, int smoothing) {
            List<EntropyRecord> finite = records.stream().filter(r -> Double.isFinite(r.paramNorm())).toList();
            if (finite.isEmpty()) {
                return null;
            }
            double peak = Double.NEGATIVE_INFINITY;
            long peakStep = finite.get(0).step();
            double mean = Double.NaN;
            for (int i = 0; i < finite.size(); i++) {
                double sum = 0;
                int from = Math.max(0, i - smoothing + 1);
                for (int j = from; j <= i; j++) {
                    sum += finite.get(j).paramNorm();
                }
                mean = sum / (i - from + 1);
                if (mean > peak) {
                    peak = mean;
                    peakStep = finite.get(i).step();
                }
            }
            return new NormPeak(peak, peakStep, mean);
        }
    }

    /**
     * How fast H̃ falls, per 1,000 steps: minus the least-squares slope of H̃ over the last {@code window}
     * evaluations with a finite H̃; 0 when H̃ is flat or rising, or from fewer than 2 evaluations.
     */
    static double entropyDeclineRate(List<EntropyRecord> records, int window) {
        SimpleRegression line = new SimpleRegression();
        for (EntropyRecord r : last(records, window)) {
            if (Double.isFinite(r.normalisedEntropy())) {
                line.addData(r.step(), r.normalisedEntropy());
            }
        }
        return line.getN() < 2 ? 0 : Math.max(0, -1000 * line.getSlope());
    }

    /**
     * ln of the steps test accuracy needs, from the latest evaluation, to reach {@code criterion} if its logit
     * keeps the least-squares line through the last {@code window} evaluations that measured it; the steps are
     * clipped to [1, {@code cap}] ({@code cap} also when the logit is not rising, or from one evaluation).
     * NaN when none of the last {@code window} evaluations measured test accuracy.
     */
    static double logTestAccuracyEta(List<EntropyRecord> records, int window, double criterion, double cap) {
        SimpleRegression line = new SimpleRegression();
        for (EntropyRecord r : last(records, window)) {
            Double accuracy = r.testAccuracy();
            if (accuracy != null && Double.isFinite(accuracy)) {
                line.addData(r.step(), logit(accuracy));
            }
        }
        if (line.getN() == 0) {
            return Double.NaN;
        }
        double slope = line.getN() < 2 ? 0 : line.getSlope();
        double steps = slope > 0 ? (logit(criterion) - line.predict(latestStep(records))) / slope : cap;
        return Math.log(Math.min(cap, Math.max(1, steps)));
    }

    private static double logit(double accuracy) {
        double a = Math.min(1 - ACCURACY_FLOOR, Math.max(ACCURACY_FLOOR, accuracy));
        return Math.log(a / (1 - a));
    }

    private static List<EntropyRecord> last(List<EntropyRecord> records, int window) {
        return records.subList(Math.max(0, records.size() - window), records.size());
    }

    private static long latestStep(List<EntropyRecord> records) {
        return records.get(records.size() - 1).step();
    }
}
