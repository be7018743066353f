package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.MetricsCsv;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The evidence in {@link RemainingTimeForecaster}'s docstring, recomputed: leave-one-run-out on the ten committed
 * runs of the default setting, each run forecast by the forecaster calibrated on the other nine.
 */
class RemainingTimeCommittedRunsTest {

    static final Path RUNS = Path.of("..", "docs", "runs", "add97-transformer-seeds0-9");
    static final long[] HORIZONS = {4_000, 2_000, 1_000, 500};

    static List<RunHistory> committedRuns() {
        return IntStream.range(0, 10).mapToObj(seed -> new RunHistory("seed" + seed, "add mod 97",
                MetricsCsv.read(RUNS.resolve("add97-transformer-seed" + seed).resolve("metrics.csv")))).toList();
    }

    /** MAPE of T_grok per horizon (percent) and how many held-out runs got a forecast. */
    static double[][] leaveOneRunOut(boolean testAccuracy) {
        List<RunHistory> runs = committedRuns();
        double[] sum = new double[HORIZONS.length];
        double[] count = new double[HORIZONS.length];
        for (RunHistory heldOut : runs) {
            List<RunHistory> others = new ArrayList<>(runs);
            others.remove(heldOut);
            RemainingTimeForecaster forecaster = RemainingTimeForecaster.calibrate(others, testAccuracy);
            long grok = heldOut.grokStep().orElseThrow();
            for (int h = 0; h < HORIZONS.length; h++) {
                EntropyHistory cut = heldOut.history().upTo(grok - HORIZONS[h]);
                Optional<Forecast> forecast = cut.isEmpty() ? Optional.empty() : forecaster.forecast(cut);
                if (forecast.isPresent()) {
                    sum[h] += 100.0 * Math.abs(forecast.get().predictedGrokStep() - grok) / grok;
                    count[h]++;
                }
            }
        }
        double[] mape = new double[HORIZONS.length];
        for (int h = 0; h < HORIZONS.length; h++) {
            mape[h] = sum[h] / count[h];
        }
        return new double[][]{mape, count};
    }

    @Test
    void theCommittedRunsGrokWhereTheirSummariesSay() {
        assertArrayEquals(new long[]{8000, 6800, 7200, 7000, 7400, 4000, 7200, 4600, 3400, 9800},
                committedRuns().stream().mapToLong(r -> r.grokStep().orElseThrow()).toArray());
    }

    @Test
    void onTheCommittedRunsAnOlderNormPeakAndAFasterFallOfHMeanLessTimeLeft() {
        RemainingTimeFit fit = RemainingTimeFit.fit(committedRuns(), false);
        assertEquals(8.46, fit.intercept(), 0.01, "e^8.46 ≈ 4,700 steps left while the norm rises and H̃ is flat");
        assertEquals(-0.51, fit.normPeakAge(), 0.01);
        assertEquals(-4.79, fit.entropyDeclineRate(), 0.01);
        assertEquals(9_800, fit.longestGrokStep());
    }

    @Test
    void labelFreeLeaveOneRunOutErrorsAreTheDocumentedOnes() {
        double[][] loo = leaveOneRunOut(false);
        assertArrayEquals(new double[]{8, 10, 10, 10}, loo[1], "held-out runs forecast at each horizon");
        assertArrayEquals(new double[]{8.0, 17.2, 7.9, 4.9}, loo[0], 0.05, Arrays.toString(loo[0]));
    }

    @Test
    void testAccuracyVariantLeaveOneRunOutErrorsAreTheDocumentedOnes() {
        double[][] loo = leaveOneRunOut(true);
        assertArrayEquals(new double[]{8, 10, 10, 10}, loo[1], "held-out runs forecast at each horizon");
        assertArrayEquals(new double[]{10.2, 15.0, 7.8, 4.4}, loo[0], 0.05, Arrays.toString(loo[0]));
    }
}
