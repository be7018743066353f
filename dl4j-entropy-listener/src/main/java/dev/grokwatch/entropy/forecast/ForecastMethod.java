package dev.grokwatch.entropy.forecast;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonValue;

import java.util.Arrays;

/**
 * What a calibration can fit and select, by the name written in calibration files: the forecasters, and the two
 * naive baselines every leave-one-run-out evaluation scores them against (a calibration selects a baseline when no
 * forecaster beats it).
 */
public enum ForecastMethod {
    /** {@link PowerLawForecaster}: the paper's ΔT = C1·(H̃ − H̃*)^γ + C2. */
    POWER_LAW(PowerLawForecaster.NAME, false),
    /** {@link CollapseRateForecaster}: the ODE decay fitted since the onset, plus the crossing lag. */
    COLLAPSE_RATE(CollapseRateForecaster.NAME, false),
    /** {@link RemainingTimeForecaster}, label-free: ln(T_grok − t) regressed on the norm's peak age and H̃'s fall. */
    REMAINING_TIME(RemainingTimeForecaster.NAME, false),
    /**
     * {@link RemainingTimeForecaster}'s variant that also reads the test-accuracy curve: needs test data, and is never
     * selected by a calibration (the default stays label-free); choose it with {@link Calibration#withMethod}.
     */
    REMAINING_TIME_TEST_ACCURACY(RemainingTimeForecaster.TEST_ACCURACY_NAME, false),
    /** Baseline {@link BaselineForecaster#prior}: the mean T_grok of the calibration runs, whatever the run shows. */
    PRIOR(BaselineForecaster.PRIOR, true),
    /** Baseline {@link BaselineForecaster#survivalMean}: E[T_grok | T_grok > t] over the calibration runs. */
    SURVIVAL_MEAN(BaselineForecaster.SURVIVAL_MEAN, true);

    private final String label;
    private final boolean baseline;

    ForecastMethod(String label, boolean baseline) {
        this.label = label;
        this.baseline = baseline;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** Whether this is a naive baseline, which reads nothing of the run but its current step. */
    public boolean baseline() {
        return baseline;
    }

    /** Whether it reads test accuracy, so needs test data: not label-free like the paper's signal. */
    public boolean readsTestAccuracy() {
        return this == REMAINING_TIME_TEST_ACCURACY;
    }

    @JsonCreator
    public static ForecastMethod fromLabel(String label) {
        return Arrays.stream(values()).filter(m -> m.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown forecaster '" + label + "'; expected one of "
                        + Arrays.stream(values()).map(ForecastMethod::label).toList()));
    }
}
