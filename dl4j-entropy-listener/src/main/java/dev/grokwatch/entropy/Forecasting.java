package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.entropy.forecast.GrokForecaster;

import java.io.Serializable;
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
     * The forecast after {@code next}, the evaluation about to be appended to {@code history}, read with the
     * events of {@code tracker}, which has observed it; null when the forecaster says nothing yet.
     */
    Forecast predict(EntropyHistory history, EntropyRecord next, PhaseTracker tracker) {
        Forecast forecast = forecaster.forecast(EntropyCurve.beforeAppend(history, next, tracker)).orElse(null);
        latest = forecast;
        if (forecast != null && forecast.confident()) {
            latestConfident = forecast;
        }
        return forecast;
    }

    Optional<Forecast> latest() {
        return Optional.ofNullable(latest);
    }

    Optional<Forecast> latestConfident() {
        return Optional.ofNullable(latestConfident);
    }
}
