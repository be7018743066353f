package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyRecord;
import org.apache.commons.math3.stat.StatUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * What the power law of the paper's Table 2 (arXiv 2604.13123, §7) reads as x in ΔT = C1·x^γ + C2. Every predictor is fitted
 * on the same evaluations (before grokking, H̃ above H̃*), so R² differs only by what x is.
 */
public enum Predictor {
    /** H̃(t) − H̃*: the paper's choice. */
    ENTROPY_GAP("entropy gap H̃ − H̃*"),
    /** ‖θ(t)‖, the global L2 norm of the parameters. */
    PARAM_NORM("parameter norm ‖θ‖"),
    /**
     * |‖θ(t)‖ − ‖θ‖*| with ‖θ‖* the mean norm at grokking over the runs: the norm's analogue of the
     * entropy gap (absolute, since the norm may approach its grokking value from either side).
     */
    NORM_GAP("norm gap |‖θ‖ − ‖θ‖*|");

    private final String label;

    Predictor(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** {x, T_grok − t} for every evaluation before grokking with H̃ > H̃* and a finite x. */
    public List<double[]> pairs(List<RunHistory> grokkedRuns, double threshold) {
        double normAtGrok = StatUtils.mean(grokkedRuns.stream().mapToDouble(Predictor::normAtGrok).toArray());
        List<double[]> pairs = new ArrayList<>();
        for (RunHistory run : grokkedRuns) {
            long grok = run.grokStep().orElseThrow();
            for (EntropyRecord r : run.history().records()) {
                double x = x(r, threshold, normAtGrok);
                if (r.step() < grok && r.normalisedEntropy() > threshold && Double.isFinite(x)) {
                    pairs.add(new double[]{x, grok - r.step()});
                }
            }
        }
        return pairs;
    }

    private double x(EntropyRecord r, double threshold, double normAtGrok) {
        return switch (this) {
            case ENTROPY_GAP -> r.normalisedEntropy() - threshold;
            case PARAM_NORM -> r.paramNorm();
            case NORM_GAP -> Math.abs(r.paramNorm() - normAtGrok);
        };
    }

    private static double normAtGrok(RunHistory run) {
        long grok = run.grokStep().orElseThrow(() -> new IllegalArgumentException("run " + run.name()
                + " never grokked; expected only grokked runs"));
        return run.history().records().stream().filter(r -> r.step() == grok).findFirst().orElseThrow().paramNorm();
    }
}
