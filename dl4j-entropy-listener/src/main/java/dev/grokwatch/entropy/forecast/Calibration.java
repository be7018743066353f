package dev.grokwatch.entropy.forecast;

import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What calibrating a task on finished runs produced, as a JSON file: H̃*, every forecaster's fitted
 * parameters and fit statistics, which forecaster to use, and the runs it came from.
 *
 * <pre>{@code
 * Calibration calibration = Calibration.fit(runs, false, ForecastMethod.COLLAPSE_RATE);
 * calibration.write(Path.of("calibration.json"));
 * GrokForecaster forecaster = Calibration.read(Path.of("calibration.json")).toForecaster();
 * }</pre>
 *
 * @param task         task label the runs share
 * @param threshold    H̃* with its bootstrap interval
 * @param method       the forecaster {@link #toForecaster()} builds
 * @param powerLaw     the power law of {@link PowerLawForecaster}, x = H̃ − H̃*, y = T_grok − t
 * @param crossingLag  the lag of {@link CollapseRateForecaster}
 * @param runs         the grokked runs fitted
 * @param notGrokked   names of the runs given that never grokked (not fitted)
 * @param noCollapseSteps the no-collapse verdict's horizon calibrated on the runs (steps after memorisation,
 *                     {@code PhaseCriteria.noCollapseSteps}), or {@code null}: the library default. Files
 *                     written before it existed read as {@code null}; a {@code null} is not written.
 */
@JsonPropertyOrder({"task", "threshold", "method", "powerLaw", "crossingLag", "runs", "notGrokked", "noCollapseSteps"})
public record Calibration(@JsonProperty("task") String task, @JsonProperty("threshold") ThresholdEstimate threshold,
                          @JsonProperty("method") ForecastMethod method, @JsonProperty("powerLaw") PowerLawFit powerLaw,
                          @JsonProperty("crossingLag") CrossingLag crossingLag,
                          @JsonProperty("runs") List<CalibratedRun> runs,
                          @JsonProperty("notGrokked") List<String> notGrokked,
                          @JsonProperty("noCollapseSteps") @JsonInclude(JsonInclude.Include.NON_NULL)
                          Long noCollapseSteps) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Calibration {
        if (task == null || threshold == null || method == null || powerLaw == null || crossingLag == null
                || runs == null) {
            throw new IllegalArgumentException("a calibration needs task, threshold, method, powerLaw, crossingLag"
                    + " and runs; got task " + task + ", threshold " + threshold + ", method " + method
                    + ", powerLaw " + powerLaw + ", crossingLag " + crossingLag + ", runs " + runs);
        }
        runs = List.copyOf(runs);
        notGrokked = notGrokked == null ? List.of() : List.copyOf(notGrokked);
        if (noCollapseSteps != null && noCollapseSteps <= 0) {
            throw new IllegalArgumentException("noCollapseSteps must be a positive number of steps or absent, got "
                    + noCollapseSteps);
        }
    }

    /** A calibration without a no-collapse horizon (the library default applies). */
    public Calibration(String task, ThresholdEstimate threshold, ForecastMethod method, PowerLawFit powerLaw,
                       CrossingLag crossingLag, List<CalibratedRun> runs, List<String> notGrokked) {
        this(task, threshold, method, powerLaw, crossingLag, runs, notGrokked, null);
    }

    /**
     * Calibrates on finished runs of one task: at least {@value RunSet#MIN_GROKKED_RUNS} must have grokked;
     * runs of different tasks only with {@code allowMixed}.
     */
    public static Calibration fit(List<RunHistory> runs, boolean allowMixed, ForecastMethod method) {
        return fit(RunSet.of(runs, allowMixed), method);
    }

    static Calibration fit(RunSet runs, ForecastMethod method) {
        ThresholdEstimate threshold = new ThresholdCalibrator().calibrate(runs.grokked());
        double h = threshold.mean();
        List<CalibratedRun> fitted = runs.grokked().stream().map(r -> new CalibratedRun(r.name(),
                r.grokStep().getAsLong(), ThresholdCalibrator.entropyAtGrok(r),
                ThresholdCrossing.step(r.history().records(), h).stream().boxed().findFirst().orElse(null))).toList();
        return new Calibration(runs.task(), threshold, method, PowerLawForecaster.calibrate(runs.grokked(), h).fit(),
                CrossingLag.calibrate(runs.grokked(), h), fitted, runs.notGrokked().stream().map(RunHistory::name).toList());
    }

    /** The same calibration selecting another forecaster. */
    public Calibration withMethod(ForecastMethod newMethod) {
        return new Calibration(task, threshold, newMethod, powerLaw, crossingLag, runs, notGrokked, noCollapseSteps);
    }

    /** The same calibration with a no-collapse horizon, e.g. one calibrated by {@code LabelledRuns.calibrate}. */
    public Calibration withNoCollapseSteps(Long steps) {
        return new Calibration(task, threshold, method, powerLaw, crossingLag, runs, notGrokked, steps);
    }

    /** The selected forecaster. */
    public GrokForecaster toForecaster() {
        return forecaster(method);
    }

    /** Any of the calibrated forecasters, at the calibrated H̃*. */
    public GrokForecaster forecaster(ForecastMethod which) {
        return forecaster(which, threshold.mean());
    }

    /**
     * Any of the calibrated forecasters at a run's own H̃* (e.g. one given explicitly), so that the run's
     * crossing and its forecasts read the curve against the same threshold.
     *
     * @param runThreshold H̃* in (0, 1)
     */
    public GrokForecaster forecaster(ForecastMethod which, double runThreshold) {
        return switch (which) {
            case POWER_LAW -> new PowerLawForecaster(runThreshold, powerLaw);
            case COLLAPSE_RATE -> new CollapseRateForecaster(runThreshold, crossingLag);
        };
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not serialise the calibration to JSON", e);
        }
    }

    public static Calibration fromJson(String json) {
        try {
            return JSON.readValue(json, Calibration.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a grokwatch calibration (" + e.getMessage()
                    + "); expected the JSON written by Calibration.write", e);
        }
    }

    public void write(Path path) {
        try {
            Files.writeString(path, toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the calibration to " + path, e);
        }
    }

    public static Calibration read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(path + " does not exist; expected a calibration.json written by calibrate");
        }
        try {
            return fromJson(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the calibration " + path, e);
        }
    }
}
