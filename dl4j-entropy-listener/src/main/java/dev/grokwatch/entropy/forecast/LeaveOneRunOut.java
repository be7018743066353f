package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyHistory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The leave-one-run-out folds of a set of runs (arXiv 2604.13123, appendix D.1): each grokked run held out in turn,
 * every forecaster and baseline calibrated on the others, and the held-out run's point forecasts from its history cut
 * at each of {@link CalibrationReport#HORIZONS} steps before its grokking step. Their errors size the intervals
 * ({@link ErrorQuantiles}): of all runs for a calibration, of all runs but one for that run's own interval in an
 * evaluation.
 */
final class LeaveOneRunOut {

    private final List<RunHistory> runs;
    private final List<Calibration> folds;
    /** Per method, per held-out run, per horizon: the point forecast, null when there was none. */
    private final Map<ForecastMethod, Forecast[][]> points = new EnumMap<>(ForecastMethod.class);

    private LeaveOneRunOut(RunSet set) {
        runs = set.grokked();
        folds = new ArrayList<>();
        for (ForecastMethod method : ForecastMethod.values()) {
            points.put(method, new Forecast[runs.size()][CalibrationReport.HORIZONS.size()]);
        }
        for (int i = 0; i < runs.size(); i++) {
            RunHistory heldOut = runs.get(i);
            Calibration fold;
            try {
                fold = Calibration.pointFit(set.without(heldOut), ForecastMethod.POWER_LAW);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("calibrating on the runs other than " + heldOut.name()
                        + " failed: " + e.getMessage(), e);
            }
            folds.add(fold);
            long grok = heldOut.grokStep().getAsLong();
            for (int h = 0; h < CalibrationReport.HORIZONS.size(); h++) {
                EntropyHistory cut = heldOut.history().upTo(grok - CalibrationReport.HORIZONS.get(h));
                for (ForecastMethod method : ForecastMethod.values()) {
                    points.get(method)[i][h] = cut.isEmpty() ? null
                            : fold.forecaster(method).forecast(cut).orElse(null);
                }
            }
        }
    }

    /** Calibrates a fold per grokked run and makes its point forecasts. */
    static LeaveOneRunOut of(RunSet set) {
        return new LeaveOneRunOut(set);
    }

    /** The grokked runs, in the order given. */
    List<RunHistory> runs() {
        return runs;
    }

    /** The calibration of the runs other than run {@code i}, without held-out errors. */
    Calibration fold(int i) {
        return folds.get(i);
    }

    /** Error quantiles from every held-out run: what a calibration of all the runs stores. */
    List<ErrorQuantiles> errorQuantiles() {
        return errorQuantilesWithout(-1);
    }

    /**
     * Error quantiles from the held-out runs other than run {@code excluded}: the intervals of run {@code excluded}'s
     * own forecasts in an evaluation, so that no run's interval is sized by its own error. Horizons with fewer than
     * {@value ErrorQuantiles#MIN_RUNS} errors are left out.
     */
    List<ErrorQuantiles> errorQuantilesWithout(int excluded) {
        List<ErrorQuantiles> all = new ArrayList<>();
        for (ForecastMethod method : ForecastMethod.values()) {
            for (int h = 0; h < CalibrationReport.HORIZONS.size(); h++) {
                List<Double> errors = new ArrayList<>();
                for (int i = 0; i < runs.size(); i++) {
                    Forecast f = points.get(method)[i][h];
                    if (i != excluded && f != null) {
                        errors.add((double) Math.abs(runs.get(i).grokStep().getAsLong() - f.predictedGrokStep()));
                    }
                }
                if (errors.size() >= ErrorQuantiles.MIN_RUNS) {
                    all.add(ErrorQuantiles.of(method, CalibrationReport.HORIZONS.get(h),
                            errors.stream().mapToDouble(Double::doubleValue).toArray()));
                }
            }
        }
        return all;
    }
}
