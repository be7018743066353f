package dev.grokwatch.entropy.forecast;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonValue;

import java.util.Arrays;

/** The forecasters a calibration can fit and select, by the name written in calibration files. */
public enum ForecastMethod {
    /** {@link PowerLawForecaster}: the paper's ΔT = C1·(H̃ − H̃*)^γ + C2. */
    POWER_LAW(PowerLawForecaster.NAME),
    /** {@link CollapseRateForecaster}: the ODE decay fitted since the onset, plus the crossing lag. */
    COLLAPSE_RATE(CollapseRateForecaster.NAME);

    private final String label;

    ForecastMethod(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static ForecastMethod fromLabel(String label) {
        return Arrays.stream(values()).filter(m -> m.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown forecaster '" + label + "'; expected one of "
                        + Arrays.stream(values()).map(ForecastMethod::label).toList()));
    }
}
