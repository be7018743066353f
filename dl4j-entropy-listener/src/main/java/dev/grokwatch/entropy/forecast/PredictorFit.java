package dev.grokwatch.entropy.forecast;

import org.apache.commons.math3.exception.MathIllegalStateException;

import java.util.Arrays;
import java.util.List;

/**
 * One row of the paper's Table 2 (arXiv 2604.13123, §7): the power law fitted with one {@link Predictor}.
 *
 * @param predictor what x is
 * @param fit       the fitted law; {@code null} when it could not be fitted (see {@code problem})
 * @param problem   why there is no fit, or {@code null}
 */
public record PredictorFit(Predictor predictor, PowerLawFit fit, String problem) {

    /** Every predictor fitted on the same evaluations of the grokked runs. */
    public static List<PredictorFit> compare(List<RunHistory> grokkedRuns, double threshold) {
        return Arrays.stream(Predictor.values()).map(p -> fit(p, grokkedRuns, threshold)).toList();
    }

    static PredictorFit fit(Predictor predictor, List<RunHistory> grokkedRuns, double threshold) {
        List<double[]> pairs = predictor.pairs(grokkedRuns, threshold);
        try {
            return new PredictorFit(predictor, PowerLawFit.fit(pairs.stream().mapToDouble(p -> p[0]).toArray(),
                    pairs.stream().mapToDouble(p -> p[1]).toArray()), null);
        } catch (IllegalArgumentException | MathIllegalStateException e) {
            return new PredictorFit(predictor, null, e.getMessage());
        }
    }
}
