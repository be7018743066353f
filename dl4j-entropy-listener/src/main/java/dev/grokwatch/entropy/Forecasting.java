package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.entropy.forecast.GrokForecaster;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a {@link GrokForecaster} at each evaluation before grokking and keeps its latest forecast and its
 * latest confident one (read by the predicted-grok termination condition).
 */
final class Forecasting implements Serializable {

    private static final long serialVersionUID = 1L;

    private final GrokForecaster forecaster;
    private volatile Forecast latest;
    private volatile Forecast latestConfident;

    Forecasting(GrokForecaster forecaster) {
        this.forecaster = forecaster;
    }

    GrokForecaster forecaster() {
        return forecaster;
    }

    /**
     * The predicted grokking step after {@code record}, the evaluation about to be appended to
     * {@code history}; null when the forecaster says nothing yet.
     */
    Long predict(EntropyHistory history, EntropyRecord record) {
        List<EntropyRecord> upToNow = new ArrayList<>(history.records());
        upToNow.add(record);
        Forecast forecast = forecaster.forecast(new EntropyHistory(history.criteria(), upToNow)).orElse(null);
        latest = forecast;
        if (forecast != null && forecast.confident()) {
            latestConfident = forecast;
        }
        return forecast == null ? null : forecast.predictedGrokStep();
    }

    Optional<Forecast> latest() {
        return Optional.ofNullable(latest);
    }

    Optional<Forecast> latestConfident() {
        return Optional.ofNullable(latestConfident);
    }
}
