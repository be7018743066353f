package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import org.apache.commons.math3.random.RandomDataGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

import java.util.List;

/**
 * The task threshold H̃* (arXiv 2604.13123, §8 and appendix D.1): H̃ at each finished run's grokking step,
 * averaged over runs, with a seeded percentile-bootstrap 95% interval of the mean.
 *
 * <p>"H̃ at the grokking step" is the H̃ of the evaluation at which test accuracy first reached the
 * criterion: the same evaluation that defines T_grok, so no interpolation between evaluations.
 */
public final class ThresholdCalibrator {

    public static final int DEFAULT_RESAMPLES = 10_000;
    public static final long DEFAULT_SEED = 20_240_601L;

    private final int resamples;
    private final long seed;

    public ThresholdCalibrator() {
        this(DEFAULT_RESAMPLES, DEFAULT_SEED);
    }

    public ThresholdCalibrator(int resamples, long seed) {
        if (resamples < 100) {
            throw new IllegalArgumentException("resamples must be at least 100 for a 95% interval, got " + resamples);
        }
        this.resamples = resamples;
        this.seed = seed;
    }

    /** H̃* from runs that all grokked; at least two, so that there is a spread to resample. */
    public ThresholdEstimate calibrate(List<RunHistory> grokkedRuns) {
        if (grokkedRuns == null || grokkedRuns.size() < 2) {
            throw new IllegalArgumentException("H̃* needs at least 2 grokked runs, got "
                    + (grokkedRuns == null ? 0 : grokkedRuns.size()));
        }
        double[] atGrok = grokkedRuns.stream().mapToDouble(ThresholdCalibrator::entropyAtGrok).toArray();
        double[] means = new double[resamples];
        RandomDataGenerator random = new RandomDataGenerator(new Well19937c(seed));
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            for (int i = 0; i < atGrok.length; i++) {
                sum += atGrok[random.nextInt(0, atGrok.length - 1)];
            }
            means[b] = sum / atGrok.length;
        }
        double mean = StatUtils.mean(atGrok);
        // the percentiles of a finite resample can miss the sample mean by round-off when all runs agree
        return new ThresholdEstimate(mean, Math.min(mean, StatUtils.percentile(means, 2.5)),
                Math.max(mean, StatUtils.percentile(means, 97.5)), new StandardDeviation().evaluate(atGrok),
                atGrok.length);
    }

    /** H̃ of the evaluation at which the run grokked. */
    public static double entropyAtGrok(RunHistory run) {
        EntropyHistory history = run.history();
        long grok = run.grokStep().orElseThrow(() -> new IllegalArgumentException("run " + run.name()
                + " never reached test accuracy " + history.criteria().grokAccuracy()
                + "; expected only grokked runs for H̃*"));
        EntropyRecord atGrok = history.records().stream().filter(r -> r.step() == grok).findFirst().orElseThrow();
        if (!Double.isFinite(atGrok.normalisedEntropy())) {
            throw new IllegalArgumentException("run " + run.name() + " has H̃ = " + atGrok.normalisedEntropy()
                    + " at its grokking step " + grok + "; expected a finite value");
        }
        return atGrok.normalisedEntropy();
    }
}
