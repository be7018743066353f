package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.PhaseCriteria;

import java.util.Random;

/**
 * Entropy curves with a known answer: H̃ flat at h0 until the onset, then the ODE solution
 * hInf + (h0 − hInf)·e^{−κ(t − onset)}; training accuracy 1.0 from the first evaluation (memorised there,
 * so a grokking step at least twice as late is grokking); test accuracy 0.1 until the grokking step, 1.0
 * from it; parameter norm rising with absolute time (so it says nothing about the time to grokking).
 */
public final class SyntheticRuns {

    static final long EVERY = 200;
    static final double H0 = 0.95;
    static final double H_INF = 0.45;
    static final double KAPPA = 4e-4;

    private SyntheticRuns() {
    }

    /** H̃ of the noiseless curve. */
    static double curve(long step, long onset) {
        return step <= onset ? H0 : H_INF + (H0 - H_INF) * Math.exp(-KAPPA * (step - onset));
    }

    static EntropyHistory history(long onset, long grokStep, long lastStep, double noiseSd, long seed) {
        Random random = new Random(seed);
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
        for (long t = EVERY; t <= lastStep; t += EVERY) {
            double h = curve(t, onset) + noiseSd * random.nextGaussian();
            double norm = 30 + 20 * (1 - Math.exp(-t / 3000.0));
            history.append(record(t, h, norm, t >= grokStep ? 1.0 : 0.1));
        }
        return history;
    }

    static EntropyRecord record(long step, double h, double paramNorm, Double testAccuracy) {
        return new EntropyRecord(step, 0, h, h * Math.log(128), Math.exp(h * Math.log(128)), null, paramNorm, null, 1.0,
                testAccuracy, null, null, null, 1.0);
    }

    /** Runs of one shape shifted in time: onset 4,000 + 600·i, grokking {@code grokAfterOnset} later. */
    public static java.util.List<RunHistory> shifted(int count, long grokAfterOnset, double noiseSd) {
        java.util.List<RunHistory> runs = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            long onset = 4_000 + 600L * i;
            runs.add(new RunHistory("seed" + i, "add mod 97",
                    history(onset, onset + grokAfterOnset, onset + grokAfterOnset + 4_000, noiseSd, i)));
        }
        return runs;
    }
}
