package dev.grokwatch.entropy.forecast;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What calibrating a task on finished runs produced, as a JSON file: H̃*, every forecaster's fitted
 * parameters and fit statistics, the held-out errors that size each forecaster's intervals, which forecaster to
 * use, and the runs it came from.
 *
 * <pre>{@code
 * Calibration calibration = Calibration.fit(runs, false, ForecastMethod.COLLAPSE_RATE);
 * calibration.write(Path.of("calibration.json"));
 * GrokForecaster forecaster = Calibration.read(Path.of("calibration.json")).toForecaster();
 * }</pre>
 *
 * <p>{@code method} may name a baseline ({@link ForecastMethod#baseline()}): {@link CalibrationReport} selects one
 * when no forecaster beats it. A file written before held-out errors were stored has none: its forecasters give
 * point forecasts, confident by their own conditions only, until {@code calibrate} is run again.
 *
 * @param task          task label the runs share
 * @param threshold     H̃* with its bootstrap interval
 * @param method        the forecaster {@link #toForecaster()} builds
 * @param powerLaw      the power law of {@link PowerLawForecaster}, x = H̃ − H̃*, y = T_grok − t
 * @param crossingLag   the lag of {@link CollapseRateForecaster}
 * @param remainingTime the regression of {@link RemainingTimeForecaster}, label-free ({@code null} in files written
 *                      before it)
 * @param remainingTimeTestAccuracy the same regression with the test-accuracy signal ({@code null} likewise)
 * @param heldOutErrors each forecaster's and baseline's leave-one-run-out errors per horizon, from which
 *                      {@link ConformalForecaster} sizes the intervals (empty in files written before them)
 * @param runs          the grokked runs fitted (their T_grok are the baselines')
 * @param notGrokked    names of the runs given that never grokked (not fitted)
 * @param noCollapseSteps the no-collapse verdict's horizon calibrated on the runs (steps after memorisation,
 *                      {@code PhaseCriteria.noCollapseSteps}), or {@code null}: the library default. Files
 *                      written before it existed read as {@code null}; a {@code null} is not written.
 */
@JsonPropertyOrder({"task", "threshold", "method", "powerLaw", "crossingLag", "remainingTime",
        "remainingTimeTestAccuracy", "heldOutErrors", "runs", "notGrokked", "noCollapseSteps"})
public record Calibration(@JsonProperty("task") String task, @JsonProperty("threshold") ThresholdEstimate threshold,
                          @JsonProperty("method") ForecastMethod method, @JsonProperty("powerLaw") PowerLawFit powerLaw,
                          @JsonProperty("crossingLag") CrossingLag crossingLag,
                          @JsonProperty("remainingTime") RemainingTimeFit remainingTime,
                          @JsonProperty("remainingTimeTestAccuracy") RemainingTimeFit remainingTimeTestAccuracy,
                          @JsonProperty("heldOutErrors") List<ErrorQuantiles> heldOutErrors,
                          @JsonProperty("runs") List<CalibratedRun> runs,
                          @JsonProperty("notGrokked") List<String> notGrokked,
                          @JsonProperty("noCollapseSteps") @JsonInclude(JsonInclude.Include.NON_NULL)
                          Long noCollapseSteps) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Logger log = LoggerFactory.getLogger(Calibration.class);

    @JsonCreator
    public Calibration {
        if (task == null || threshold == null || method == null || powerLaw == null || crossingLag == null
                || runs == null) {
            throw new IllegalArgumentException("a calibration needs task, threshold, method, powerLaw, crossingLag"
                    + " and runs; got task " + task + ", threshold " + threshold + ", method " + method
                    + ", powerLaw " + powerLaw + ", crossingLag " + crossingLag + ", runs " + runs);
        }
        if (method == ForecastMethod.REMAINING_TIME && remainingTime == null
                || method == ForecastMethod.REMAINING_TIME_TEST_ACCURACY && remainingTimeTestAccuracy == null) {
            throw new IllegalArgumentException("method " + method.label() + " without its fit; expected the"
                    + " RemainingTimeFit of the forecaster selected");
        }
        heldOutErrors = heldOutErrors == null ? List.of() : List.copyOf(heldOutErrors);
        runs = List.copyOf(runs);
        notGrokked = notGrokked == null ? List.of() : List.copyOf(notGrokked);
        if (noCollapseSteps != null && noCollapseSteps <= 0) {
            throw new IllegalArgumentException("noCollapseSteps must be a positive number of steps or absent, got "
                    + noCollapseSteps);
        }
    }

    /**
     * A calibration as written before intervals and the remaining-time regression: its forecasters give point
     * forecasts, and it has no {@link RemainingTimeForecaster}.
     */
    public Calibration(String task, ThresholdEstimate threshold, ForecastMethod method, PowerLawFit powerLaw,
                       CrossingLag crossingLag, List<CalibratedRun> runs, List<String> notGrokked) {
        this(task, threshold, method, powerLaw, crossingLag, null, null, List.of(), runs, notGrokked, null);
    }

    /**
     * Calibrates on finished runs of one task: at least {@value RunSet#MIN_GROKKED_RUNS} must have grokked;
     * runs of different tasks only with {@code allowMixed}. Measures the held-out errors too, leave-one-run-out,
     * and warns when {@code method} measured none: its forecasts then carry no interval and are never confident.
     *
     * @throws IllegalArgumentException when {@code method} is null, or the runs cannot be calibrated (see {@link RunSet})
     */
    public static Calibration fit(List<RunHistory> runs, boolean allowMixed, ForecastMethod method) {
        if (method == null) {
            throw new IllegalArgumentException("method is null; expected the ForecastMethod toForecaster() builds, e.g."
                    + " ForecastMethod.COLLAPSE_RATE");
        }
        RunSet set = RunSet.of(runs, allowMixed);
        Calibration calibration = pointFit(set, method).withHeldOutErrors(LeaveOneRunOut.of(set).errorQuantiles());
        calibration.toForecaster().whyNeverConfident().ifPresent(why -> log.warn("grokwatch: the {} forecaster of"
                + " this calibration ({} grokked runs) is never confident: {}. Held-out errors need forecasts of"
                + " at least {} held-out runs at one of the horizons {} steps before grokking; use another method"
                + " (calibration.forecaster(ForecastMethod...), one whose heldOutErrors(method) is not empty) or"
                + " calibrate on more runs", method.label(), set.grokked().size(), why, ErrorQuantiles.MIN_RUNS,
                CalibrationReport.HORIZONS));
        return calibration;
    }

    /** H̃* and the forecasters fitted on the runs, without held-out errors. */
    static Calibration pointFit(RunSet runs, ForecastMethod method) {
        ThresholdEstimate threshold = new ThresholdCalibrator().calibrate(runs.grokked());
        double h = threshold.mean();
        List<CalibratedRun> fitted = runs.grokked().stream().map(r -> new CalibratedRun(r.name(),
                r.grokStep().getAsLong(), ThresholdCalibrator.entropyAtGrok(r),
                ThresholdCrossing.step(r.history().records(), h).stream().boxed().findFirst().orElse(null))).toList();
        return new Calibration(runs.task(), threshold, method, PowerLawForecaster.calibrate(runs.grokked(), h).fit(),
                CrossingLag.calibrate(runs.grokked(), h), RemainingTimeFit.fit(runs.grokked(), false),
                RemainingTimeFit.fit(runs.grokked(), true), List.of(), fitted,
                runs.notGrokked().stream().map(RunHistory::name).toList(), null);
    }

    /** The same calibration selecting another forecaster. */
    public Calibration withMethod(ForecastMethod newMethod) {
        return new Calibration(task, threshold, newMethod, powerLaw, crossingLag, remainingTime, remainingTimeTestAccuracy,
                heldOutErrors, runs, notGrokked, noCollapseSteps);
    }

    /** The same calibration with these held-out errors. */
    Calibration withHeldOutErrors(List<ErrorQuantiles> errors) {
        return new Calibration(task, threshold, method, powerLaw, crossingLag, remainingTime, remainingTimeTestAccuracy,
                errors, runs, notGrokked, noCollapseSteps);
    }

    /** The held-out errors of one forecaster, one per horizon measured; empty when none were stored. */
    public List<ErrorQuantiles> heldOutErrors(ForecastMethod which) {
        return heldOutErrors.stream().filter(e -> e.method() == which).toList();
    }

    /** T_grok of the calibration runs, in their order: what the baselines know. */
    public List<Long> grokSteps() {
        return runs.stream().map(CalibratedRun::grokStep).toList();
    }

    /** The same calibration with a no-collapse horizon, e.g. one calibrated by {@code LabelledRuns.calibrate}. */
    public Calibration withNoCollapseSteps(Long steps) {
        return new Calibration(task, threshold, method, powerLaw, crossingLag, remainingTime, remainingTimeTestAccuracy,
                heldOutErrors, runs, notGrokked, steps);
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
     * crossing and its forecasts read the curve against the same threshold: a {@link ConformalForecaster} when
     * the calibration measured held-out errors, the point forecaster of a file written before that.
     *
     * @param runThreshold H̃* in (0, 1)
     */
    public GrokForecaster forecaster(ForecastMethod which, double runThreshold) {
        GrokForecaster point = switch (which) {
            case POWER_LAW -> new PowerLawForecaster(runThreshold, powerLaw);
            case COLLAPSE_RATE -> new CollapseRateForecaster(runThreshold, crossingLag);
            case REMAINING_TIME -> new RemainingTimeForecaster(fitted(remainingTime, which));
            case REMAINING_TIME_TEST_ACCURACY -> new RemainingTimeForecaster(fitted(remainingTimeTestAccuracy, which));
            case PRIOR, SURVIVAL_MEAN -> BaselineForecaster.of(which, grokSteps());
        };
        return heldOutErrors.isEmpty() ? point : new ConformalForecaster(point, heldOutErrors(which));
    }

    private static RemainingTimeFit fitted(RemainingTimeFit fit, ForecastMethod which) {
        if (fit == null) {
            throw new IllegalArgumentException("this calibration was written before the " + which.label()
                    + " forecaster and has no fit for it; expected a calibration.json written by calibrate again");
        }
        return fit;
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
