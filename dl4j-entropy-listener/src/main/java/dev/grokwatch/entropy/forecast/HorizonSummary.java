package dev.grokwatch.entropy.forecast;

import org.apache.commons.math3.stat.StatUtils;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Leave-one-run-out accuracy of one forecaster at one horizon, beside the best naive baseline's on the same runs.
 *
 * @param method       forecaster (or baseline)
 * @param horizon      steps before T_grok; {@code null} for the first confident forecast
 * @param runs         held-out grokked runs
 * @param forecasts    how many of them got a forecast (errors are averaged over these)
 * @param confident    how many of those forecasts were confident
 * @param mape         mean absolute percentage error of T_grok, percent; NaN without forecasts
 * @param meanWarning  mean advance warning in steps (T_grok − step the forecast was made at)
 * @param baseline     the baseline with the lowest MAPE from the same cuts of the same runs; {@code null} for a
 *                     baseline's own row or without forecasts
 * @param baselineMape that baseline's MAPE there, percent; NaN with no baseline
 * @param coverage80   share of the forecasts whose 80% interval held the actual T_grok, percent (a forecast without
 *                     an interval holds nothing); NaN without forecasts
 * @param coverage95   the same for the 95% interval
 */
public record HorizonSummary(ForecastMethod method, Long horizon, int runs, int forecasts, int confident, double mape,
                             double meanWarning, ForecastMethod baseline, double baselineMape, double coverage80,
                             double coverage95) {

    static HorizonSummary of(ForecastMethod method, Long horizon, List<HeldOutPrediction> predictions) {
        List<HeldOutPrediction> at = predictions.stream().filter(p -> Objects.equals(p.horizon(), horizon)).toList();
        List<HeldOutPrediction> made = at.stream().filter(p -> p.forecast() != null).toList();
        ForecastMethod baseline = null;
        double baselineMape = Double.NaN;
        if (!method.baseline() && !made.isEmpty()) {
            for (ForecastMethod b : Arrays.stream(ForecastMethod.values()).filter(ForecastMethod::baseline).toList()) {
                double mape = mean(made.stream().mapToDouble(p -> p.baselinePercentageError(b)).toArray());
                if (baseline == null || mape < baselineMape) {
                    baseline = b;
                    baselineMape = mape;
                }
            }
        }
        return new HorizonSummary(method, horizon, at.size(), made.size(),
                (int) made.stream().filter(p -> p.forecast().confident()).count(),
                mean(made.stream().mapToDouble(HeldOutPrediction::absolutePercentageError).toArray()),
                mean(made.stream().mapToDouble(HeldOutPrediction::advanceWarning).toArray()), baseline, baselineMape,
                share(made, HeldOutPrediction::inside80), share(made, HeldOutPrediction::inside95));
    }

    /** Whether this forecaster's MAPE is below the best baseline's on the same runs (false for a baseline). */
    public boolean beatsBaseline() {
        return baseline != null && mape < baselineMape;
    }

    private static double mean(double[] values) {
        return values.length == 0 ? Double.NaN : StatUtils.mean(values);
    }

    private static double share(List<HeldOutPrediction> made, Predicate<HeldOutPrediction> inside) {
        return made.isEmpty() ? Double.NaN : 100.0 * made.stream().filter(inside).count() / made.size();
    }
}
