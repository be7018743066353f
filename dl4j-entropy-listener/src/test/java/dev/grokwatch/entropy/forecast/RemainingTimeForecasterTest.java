package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.PhaseCriteria;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Optional;

import static dev.grokwatch.entropy.JavaSerialisation.roundTrip;
import static org.junit.jupiter.api.Assertions.*;

class RemainingTimeForecasterTest {

    /** ln(T − t) = ln 2000 − 0.5·age − 2·rate [− 0.1·ln eta]. */
    static RemainingTimeFit fit(boolean testAccuracy) {
        return new RemainingTimeFit(testAccuracy, Math.log(2000), -0.5, -2, testAccuracy ? -0.1 : 0, 0.2, 0.6,
                100, 2.5, 5, 5, 3, 0.99, 9_000);
    }

    static EntropyRecord record(long step, double h, double norm, Double trainAccuracy, Double testAccuracy) {
        return new EntropyRecord(step, 0, h, h * Math.log(128), Math.exp(h * Math.log(128)), null, norm, null,
                trainAccuracy, testAccuracy, null, null, null, 1.0);
    }

    /**
     * A run with a known answer: ‖θ‖ rises to its peak at {@code peak} and falls after it (a tent), H̃ is flat
     * until 1,000 steps after the peak and then falls by 0.2 per 1,000 steps, test accuracy is a logistic centred
     * 700 steps before grokking, and the run groks 3,000 steps after the peak (memorised at 800).
     */
    static RunHistory run(String name, long peak) {
        long grok = peak + 3_000;
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
        for (long t = 200; t <= grok; t += 200) {
            double h = 0.77 - 0.2 * Math.max(0, t - peak - 1_000) / 1000.0;
            double test = t >= grok ? 1.0 : 1 / (1 + Math.exp(-(t - (grok - 700)) / 130.0));
            history.append(record(t, h, 60 - 10 * Math.abs(t - peak) / 1000.0, Math.min(1, t / 800.0), test));
        }
        return new RunHistory(name, "add mod 97", history);
    }

    /** Eight runs whose norm peaks between steps 1,000 and 6,600: T_grok 4,000 to 9,600. */
    static List<RunHistory> knownRuns() {
        List<RunHistory> runs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            runs.add(run("run" + i, 1_000 + 800L * i));
        }
        return runs;
    }

    /** Leave-one-run-out MAPE of T_grok at {@code horizon} steps before grokking, of the forecaster and of E[T | T > t]. */
    static double[] leaveOneRunOut(List<RunHistory> runs, boolean testAccuracy, long horizon) {
        double forecaster = 0;
        double survival = 0;
        for (RunHistory heldOut : runs) {
            List<RunHistory> others = new ArrayList<>(runs);
            others.remove(heldOut);
            long grok = heldOut.grokStep().orElseThrow();
            long t = grok - horizon;
            Forecast f = RemainingTimeForecaster.calibrate(others, testAccuracy).forecast(heldOut.history().upTo(t))
                    .orElseThrow();
            forecaster += Math.abs(f.predictedGrokStep() - grok) / (double) grok;
            double survivalMean = others.stream().mapToLong(r -> r.grokStep().orElseThrow()).filter(g -> g > t)
                    .average().orElse(t);
            survival += Math.abs(survivalMean - grok) / grok;
        }
        return new double[]{100 * forecaster / runs.size(), 100 * survival / runs.size()};
    }

    @Test
    void recoversTheGrokkingStepWhereTheSignalsDetermineIt() {
        // T_grok − t is a function of the peak's age here, but not a log-linear one: the regression's approximation
        // costs most where the decline has not started yet (2,000 steps before grokking)
        long[] horizons = {2_000, 1_000, 400};
        double[] within = {8, 2, 1};
        for (boolean testAccuracy : new boolean[]{false, true}) {
            for (int h = 0; h < horizons.length; h++) {
                double[] mape = leaveOneRunOut(knownRuns(), testAccuracy, horizons[h]);
                assertTrue(mape[0] < within[h], "test accuracy " + testAccuracy + ", " + horizons[h]
                        + " steps before: MAPE " + mape[0] + "%, expected under " + within[h] + "%");
                assertTrue(mape[0] < mape[1] / 3, "survival mean " + mape[1] + "% against " + mape[0] + "%");
            }
        }
    }

    @Test
    void learnsThatAnOlderNormPeakMeansLessTimeLeft() {
        RemainingTimeFit fit = RemainingTimeFit.fit(knownRuns(), false);
        assertTrue(fit.normPeakAge() < 0, "age coefficient " + fit.normPeakAge());
        assertEquals(0, fit.testAccuracyEta());
        assertEquals(9_600, fit.longestGrokStep());
        assertEquals(2.6, fit.maxNormPeakAge(), 1e-9, "the smoothed tent peaks 200 steps after its apex; last fitted"
                + " evaluation 200 steps before grokking, 3,000 after the apex");
        assertEquals(8, fit.runs());
        // memorised at 800, grokked at peak + 3,000: (peak + 3,000 − 800) / 200 evaluations per run
        assertEquals(knownRuns().stream().mapToLong(r -> (r.grokStep().orElseThrow() - 800) / 200).sum(), fit.points());
        assertTrue(fit.rSquared() > 0.8, "R² " + fit.rSquared());
        assertTrue(RemainingTimeFit.fit(knownRuns(), true).testAccuracyEta() > 0,
                "more steps for test accuracy to reach the criterion, more time left");
    }

    @Test
    void aSignalThatNeverVariesGetsNoCoefficient() {
        // SyntheticRuns' norm rises for ever: its peak is always the latest evaluation, age always 0
        RemainingTimeFit fit = RemainingTimeFit.fit(SyntheticRuns.shifted(4, 5_000, 0.003), false);
        assertEquals(0, fit.normPeakAge());
        assertTrue(fit.entropyDeclineRate() < 0);
    }

    @Test
    void predictsTheLatestStepPlusTheRegressionsRemainingTime() {
        // trailing means of 3 norms: 50, 52.5, 55, 58, 59, 58, 57, 56, peak at step 1,000; H̃ falls 0.02 per 200 steps
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
        double[] norm = {50, 55, 60, 59, 58, 57, 56, 55};
        double[] h = {0.77, 0.77, 0.77, 0.77, 0.75, 0.73, 0.71, 0.69};
        for (int i = 0; i < norm.length; i++) {
            history.append(record(200L * (i + 1), h[i], norm[i], 1.0, 0.5));
        }
        double age = (1600 - 1000) / 1000.0;
        double rate = 0.1;
        double logRemaining = Math.log(2000) - 0.5 * age - 2 * rate;
        Forecast f = new RemainingTimeForecaster(fit(false)).forecast(history).orElseThrow();
        assertEquals(1600, f.step());
        assertEquals(1600 + Math.round(Math.exp(logRemaining)), f.predictedGrokStep());
        assertNull(f.interval80(), "a point forecast: the calibration's held-out errors give the intervals");
        assertEquals("remaining-time", f.method());
        assertTrue(f.confident());
    }

    /** Evaluations every 200 steps with these H̃ and norms, memorised from the first. */
    static EntropyHistory curve(double[] h, double[] norm) {
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
        for (int i = 0; i < h.length; i++) {
            history.append(record(200L * (i + 1), h[i], norm[i], 1.0, 0.5));
        }
        return history;
    }

    @Test
    void isConfidentOnlyAfterTheCollapseOnsetAndTheNormsPeakWithinTheFittedAges() {
        RemainingTimeForecaster forecaster = new RemainingTimeForecaster(fit(false));
        double[] falling = {0.77, 0.77, 0.77, 0.77, 0.75, 0.73, 0.71, 0.69};
        double[] flat = {0.77, 0.77, 0.77, 0.77, 0.77, 0.77, 0.77, 0.77};
        double[] turned = {50, 55, 60, 59, 58, 57, 56, 55};
        double[] rising = {50, 51, 52, 53, 54, 55, 56, 57};
        assertTrue(forecaster.forecast(curve(falling, turned)).orElseThrow().confident(), "onset seen, peak 600 steps ago");
        assertFalse(forecaster.forecast(curve(flat, turned)).orElseThrow().confident(), "no collapse onset: Phase I");
        assertFalse(forecaster.forecast(curve(falling, rising)).orElseThrow().confident(),
                "the norm still growing, as without weight decay");
        double[] saturated = {76.9, 76.95, 76.99, 77.0, 77.0, 76.99, 76.96, 76.93};
        assertFalse(forecaster.forecast(curve(falling, saturated)).orElseThrow().confident(),
                "a saturated norm a few hundredths below its peak has not turned");
        RemainingTimeFit younger = new RemainingTimeFit(false, Math.log(2000), -0.5, -2, 0, 0.2, 0.6, 100, 0.4, 5, 5, 3,
                0.99, 9_000);
        assertFalse(new RemainingTimeForecaster(younger).forecast(curve(falling, turned)).orElseThrow().confident(),
                "a peak 600 steps ago, where the fitted runs' were at most 400: extrapolated");
    }

    @Test
    void theTestAccuracyVariantNeedsTestAccuracyAndSaysSo() {
        EntropyHistory noTestData = new EntropyHistory(PhaseCriteria.defaults());
        for (int i = 1; i <= 6; i++) {
            noTestData.append(record(200L * i, 0.7, 50 + i, 1.0, null));
        }
        assertEquals(Optional.empty(), new RemainingTimeForecaster(fit(true)).forecast(noTestData));
        Forecast labelFree = new RemainingTimeForecaster(fit(false)).forecast(noTestData).orElseThrow();
        assertEquals(1200 + 2000, labelFree.predictedGrokStep(), "age 0, rate 0: e^b0");
        assertEquals("remaining-time-test-acc", new RemainingTimeForecaster(fit(true)).name());
        assertEquals("remaining-time", new RemainingTimeForecaster(fit(false)).name());
    }

    @Test
    void saysNothingOnAnEmptyOrDivergedCurve() {
        RemainingTimeForecaster forecaster = new RemainingTimeForecaster(fit(false));
        assertEquals(Optional.empty(), forecaster.forecast(new EntropyHistory(PhaseCriteria.defaults())));
        EntropyHistory diverged = new EntropyHistory(PhaseCriteria.defaults());
        diverged.append(record(200, 0.7, 50, 1.0, 0.1));
        diverged.append(record(400, Double.NaN, 50, 1.0, 0.1));
        assertEquals(Optional.empty(), forecaster.forecast(diverged));
    }

    @Test
    void neverLooksFurtherAheadThanTheSlowestCalibrationRun() {
        RemainingTimeFit far = new RemainingTimeFit(false, 30, 0, 0, 0, 0.2, 0.6, 100, 2.5, 5, 5, 3, 0.99, 9_000);
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
        history.append(record(200, 0.7, 50, 1.0, 0.1));
        assertEquals(200 + 9_000, new RemainingTimeForecaster(far).forecast(history).orElseThrow().predictedGrokStep());
    }

    @Test
    void travelsByJavaSerialisationAndTheFitByJson() throws Exception {
        for (boolean testAccuracy : new boolean[]{false, true}) {
            RemainingTimeForecaster forecaster = RemainingTimeForecaster.calibrate(knownRuns(), testAccuracy);
            RemainingTimeForecaster copy = roundTrip(forecaster);
            assertEquals(forecaster.fit(), copy.fit());
            assertEquals(forecaster.toString(), copy.toString());
            RunHistory heldOut = run("held-out", 3_300);
            for (EntropyRecord r : heldOut.history().records()) {
                assertEquals(forecaster.forecast(heldOut.history().upTo(r.step())), copy.forecast(heldOut.history().upTo(r.step())));
            }
            ObjectMapper json = new ObjectMapper();
            assertEquals(forecaster.fit(), json.readValue(json.writeValueAsString(forecaster.fit()), RemainingTimeFit.class));
        }
    }

    @Test
    void aCalibrationStoresBothRegressionsAndBuildsEitherForecaster() {
        List<RunHistory> runs = SyntheticRuns.shifted(4, 5_000, 0.003);
        Calibration calibration = Calibration.fit(runs, false, ForecastMethod.REMAINING_TIME);
        assertEquals(RemainingTimeFit.fit(runs, false), calibration.remainingTime());
        assertEquals(RemainingTimeFit.fit(runs, true), calibration.remainingTimeTestAccuracy());
        assertEquals(calibration, Calibration.fromJson(calibration.toJson()));
        ConformalForecaster selected = assertInstanceOf(ConformalForecaster.class, calibration.toForecaster());
        assertEquals(RemainingTimeForecaster.NAME, selected.pointForecaster().name());
        assertEquals(RemainingTimeForecaster.TEST_ACCURACY_NAME,
                calibration.forecaster(ForecastMethod.REMAINING_TIME_TEST_ACCURACY).name());
        assertTrue(ForecastMethod.REMAINING_TIME_TEST_ACCURACY.readsTestAccuracy());
        assertFalse(ForecastMethod.REMAINING_TIME.readsTestAccuracy());

        Calibration before = new Calibration(calibration.task(), calibration.threshold(), ForecastMethod.POWER_LAW,
                calibration.powerLaw(), calibration.crossingLag(), calibration.runs(), calibration.notGrokked());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> before.forecaster(ForecastMethod.REMAINING_TIME));
        assertTrue(e.getMessage().contains("written before the remaining-time forecaster"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> before.withMethod(ForecastMethod.REMAINING_TIME));
    }

    @Test
    void refusesRunsItCannotLearnFrom() {
        RunHistory neverGrokked = new RunHistory("flat", "add mod 97", SyntheticRuns.history(4_000, 1_000_000, 6_000, 0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RemainingTimeForecaster.calibrate(List.of(knownRuns().get(0), neverGrokked), false));
        assertTrue(e.getMessage().contains("flat never grokked"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RemainingTimeForecaster.calibrate(List.of(), false));

        EntropyHistory looser = new EntropyHistory(PhaseCriteria.defaults().withAccuracyCriteria(0.95, 0.99));
        knownRuns().get(1).history().records().forEach(looser::append);
        e = assertThrows(IllegalArgumentException.class, () -> RemainingTimeForecaster.calibrate(
                List.of(knownRuns().get(0), new RunHistory("looser", "add mod 97", looser)), false));
        assertTrue(e.getMessage().contains("different test accuracies"), e.getMessage());

        EntropyHistory quick = new EntropyHistory(PhaseCriteria.defaults());
        quick.append(record(200, 0.7, 50, 1.0, 0.1));
        quick.append(record(400, 0.6, 50, 1.0, 0.1)); // still below the criterion after memorising: a delay
        quick.append(record(600, 0.5, 50, 1.0, 1.0));
        assertEquals(OptionalLong.of(600), quick.grokStep());
        e = assertThrows(IllegalArgumentException.class,
                () -> RemainingTimeForecaster.calibrate(List.of(new RunHistory("quick", "add mod 97", quick)), false));
        assertTrue(e.getMessage().contains("only 2 evaluations") && e.getMessage().contains("at least 4"), e.getMessage());
    }

    @Test
    void refusesParametersThatAreNotAFit() {
        assertThrows(IllegalArgumentException.class, () -> new RemainingTimeForecaster(null));
        assertThrows(IllegalArgumentException.class,
                () -> new RemainingTimeFit(false, Double.NaN, 0, 0, 0, 0.2, 0.6, 100, 2.5, 5, 5, 3, 0.99, 9_000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RemainingTimeFit(false, 7, 0, 0, 0.5, 0.2, 0.6, 100, 2.5, 5, 5, 3, 0.99, 9_000));
        assertTrue(e.getMessage().contains("without the test-accuracy signal"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new RemainingTimeFit(false, 7, 0, 0, 0, 0.2, 0.6, 100, 2.5, 5, 1, 3, 0.99, 9_000));
        assertThrows(IllegalArgumentException.class,
                () -> new RemainingTimeFit(false, 7, 0, 0, 0, 0.2, 0.6, 100, 2.5, 5, 5, 3, 1.0, 9_000));
        assertThrows(IllegalArgumentException.class,
                () -> new RemainingTimeFit(false, 7, 0, 0, 0, 0.2, 0.6, 100, 2.5, 5, 5, 3, 0.99, 0));
    }
}
