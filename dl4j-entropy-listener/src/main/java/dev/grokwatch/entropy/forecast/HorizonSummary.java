package dev.grokwatch.entropy.forecast;

import org.apache.commons.math3.stat.StatUtils;

import java.util.List;
import java.util.Objects;

/**
 * Leave-one-run-out accuracy of one forecaster at one horizon.
 *
 * @param method      forecaster
 * @param horizon     steps before T_grok; {@code null} for the first confident forecast
 * @param runs        held-out grokked runs
 * @param forecasts   how many of them got a forecast (errors are averaged over these)
 * @param confident   how many of those forecasts were confident
 * @param mape        mean absolute percentage error of T_grok, percent; NaN without forecasts
 * @param meanWarning mean advance warning in steps (T_grok − step the forecast was made at)
 */
public record HorizonSummary(ForecastMethod method, Long horizon, int runs, int forecasts, int confident, double mape,
                             double meanWarning) {

    static HorizonSummary of(ForecastMethod method, Long horizon, List<HeldOutPrediction> predictions) {
        List<HeldOutPrediction> at = predictions.stream().filter(p -> Objects.equals(p.horizon(), horizon)).toList();
        List<HeldOutPrediction> made = at.stream().filter(p -> p.forecast() != null).toList();
        double[] errors = made.stream().mapToDouble(HeldOutPrediction::absolutePercentageError).toArray();
        double[] warnings = made.stream().mapToDouble(HeldOutPrediction::advanceWarning).toArray();
        return new HorizonSummary(method, horizon, at.size(), made.size(),
                (int) made.stream().filter(p -> p.forecast().confident()).count(),
                made.isEmpty() ? Double.NaN : StatUtils.mean(errors),
                made.isEmpty() ? Double.NaN : StatUtils.mean(warnings));
    }
}
