package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.PhaseCriteria;
import org.apache.commons.math3.stat.StatUtils;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ThresholdCalibratorTest {

    static final double[] AT_GROK = {0.60, 0.61, 0.62, 0.605, 0.615};

    /** H̃ 0.9 → 0.7 → (value at grok) → 0.5, grokking at the third evaluation. */
    static RunHistory run(String name, double atGrok) {
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
        history.append(SyntheticRuns.record(200, 0.9, 30, 0.1));
        history.append(SyntheticRuns.record(400, 0.7, 31, 0.5));
        history.append(SyntheticRuns.record(600, atGrok, 32, 0.995));
        history.append(SyntheticRuns.record(800, 0.5, 32, 1.0));
        return new RunHistory(name, "add mod 97", history);
    }

    static List<RunHistory> runs() {
        List<RunHistory> runs = new ArrayList<>();
        for (int i = 0; i < AT_GROK.length; i++) {
            runs.add(run("seed" + i, AT_GROK[i]));
        }
        return runs;
    }

    @Test
    void thresholdIsTheMeanOfTheEntropyAtEachGrokkingEvaluation() {
        ThresholdEstimate estimate = new ThresholdCalibrator().calibrate(runs());
        assertEquals(0.61, estimate.mean(), 1e-12);
        assertEquals(Math.sqrt(StatUtils.variance(AT_GROK)), estimate.sd(), 1e-12);
        assertEquals(5, estimate.runs());
        assertEquals(0.605, ThresholdCalibrator.entropyAtGrok(run("a", 0.605)), 0.0, "the evaluation at T_grok itself");
    }

    @Test
    void bootstrapIntervalHasTheWidthOfTheMeansStandardError() {
        ThresholdEstimate estimate = new ThresholdCalibrator().calibrate(runs());
        // the bootstrap's standard error of a mean is the plug-in sd/√n (divisor n)
        double plugInSe = Math.sqrt(StatUtils.populationVariance(AT_GROK) / AT_GROK.length);
        assertEquals(2 * 1.96 * plugInSe, estimate.high() - estimate.low(), 0.15 * 2 * 1.96 * plugInSe);
        assertTrue(estimate.low() > 0.60 && estimate.high() < 0.62, estimate.toString());
        assertEquals(estimate, new ThresholdCalibrator().calibrate(runs()), "seeded: the same runs give the same interval");
    }

    @Test
    void runsThatAgreeGiveAZeroWidthInterval() {
        ThresholdEstimate estimate = new ThresholdCalibrator().calibrate(List.of(run("a", 0.6), run("b", 0.6)));
        assertEquals(0.6, estimate.low(), 1e-12);
        assertEquals(0.6, estimate.high(), 1e-12);
    }

    @Test
    void badInputSaysWhatWasExpected() {
        EntropyHistory flat = new EntropyHistory(PhaseCriteria.defaults());
        flat.append(SyntheticRuns.record(200, 0.9, 30, 0.2));
        RunHistory neverGrokked = new RunHistory("stuck", "add mod 97", flat);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ThresholdCalibrator().calibrate(List.of(run("a", 0.6), neverGrokked)));
        assertTrue(e.getMessage().contains("stuck never reached test accuracy 0.99"), e.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> new ThresholdCalibrator().calibrate(List.of(run("a", 0.6))));
        assertTrue(one.getMessage().contains("at least 2 grokked runs, got 1"), one.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ThresholdCalibrator(10, 1));
    }
}
