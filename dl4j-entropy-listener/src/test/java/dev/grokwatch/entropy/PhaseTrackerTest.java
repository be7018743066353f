package dev.grokwatch.entropy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PhaseTrackerTest {

    static EntropyRecord record(long step, double h, Double train, Double test) {
        return new EntropyRecord(step, 0, h, h * Math.log(16), Math.exp(h * Math.log(16)), null, 10.0, 0.1, train, test,
                null, null, null, 1.0);
    }

    /** A grokking-shaped curve: flat at 0.9 until 2000, falling 0.05 per evaluation, test accuracy jumps at 3000. */
    static EntropyHistory grokkingCurve(PhaseCriteria criteria) {
        EntropyHistory history = new EntropyHistory(criteria);
        for (long step = 200; step <= 4000; step += 200) {
            double h = step <= 2000 ? 0.9 : 0.9 - 0.05 * (step - 2000) / 200.0;
            double train = step >= 600 ? 1.0 : 0.5;
            double test = step >= 3000 ? 0.995 : 0.05;
            history.append(record(step, h, train, test));
        }
        return history;
    }

    @Test
    void eventsOfAGrokkingCurveFireOnceAtTheRightSteps() {
        PhaseCriteria criteria = PhaseCriteria.defaults().withThreshold(0.61);
        PhaseTracker tracker = new PhaseTracker(criteria);
        List<EntropyEvent> events = new ArrayList<>();
        List<Phase> phases = new ArrayList<>();
        for (EntropyRecord r : grokkingCurve(criteria).records()) {
            events.addAll(tracker.observe(r));
            phases.add(tracker.phase());
        }
        // window 5: onset when H̃(t) < H̃(t − 4 evaluations) − 0.02. At 2200: 0.85 vs 0.9 (4 evals back: 1400) → fires.
        assertEquals(List.of(EntropyEventType.MEMORISED, EntropyEventType.COLLAPSE_ONSET,
                        EntropyEventType.GROKKED, EntropyEventType.THRESHOLD_CROSSED),
                events.stream().map(EntropyEvent::type).toList());
        assertEquals(600, tracker.stepOf(EntropyEventType.MEMORISED).getAsLong());
        assertEquals(2200, tracker.stepOf(EntropyEventType.COLLAPSE_ONSET).getAsLong());
        // 0.9 − 0.05k < 0.61 first at k = 6 → step 3200; grokked at 3000: crossing after grokking here
        assertEquals(3200, tracker.stepOf(EntropyEventType.THRESHOLD_CROSSED).getAsLong());
        assertEquals(3000, tracker.stepOf(EntropyEventType.GROKKED).getAsLong());
        assertEquals(Phase.NORM_EXPANSION, phases.get(0));
        assertEquals(Phase.ENTROPY_COLLAPSE, phases.get(10)); // step 2200
        assertEquals(Phase.GROKKED, phases.get(phases.size() - 1));
    }

    @Test
    void entropyStartingBelowTheThresholdIsNoCrossing() {
        // S5-like: H̃ starts at 0.62 < 0.655, rises to 0.75 while memorising, then collapses
        double[] curve = {0.62, 0.70, 0.75, 0.75, 0.75, 0.75, 0.74, 0.72, 0.69, 0.66, 0.64};
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults().withThreshold(0.655));
        for (int i = 0; i < curve.length; i++) {
            tracker.observe(record((i + 1) * 200L, curve[i], null, null));
        }
        assertEquals(1600, tracker.stepOf(EntropyEventType.COLLAPSE_ONSET).getAsLong()); // 0.75 → 0.72
        assertEquals(2200, tracker.stepOf(EntropyEventType.THRESHOLD_CROSSED).getAsLong()); // not step 200
    }

    @Test
    void smallWigglesDoNotTriggerOnset() {
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults());
        for (int i = 1; i <= 50; i++) {
            tracker.observe(record(i * 200L, 0.9 + (i % 2 == 0 ? 0.015 : -0.004), null, null));
        }
        assertTrue(tracker.stepOf(EntropyEventType.COLLAPSE_ONSET).isEmpty());
    }

    @Test
    void deltaAndWindowAreConfigurable() {
        PhaseTracker strict = new PhaseTracker(PhaseCriteria.defaults().withCollapse(0.1, 3));
        PhaseTracker loose = new PhaseTracker(PhaseCriteria.defaults().withCollapse(0.01, 2));
        double[] curve = {0.9, 0.88, 0.86, 0.84, 0.82, 0.70};
        for (int i = 0; i < curve.length; i++) {
            strict.observe(record((i + 1) * 100L, curve[i], null, null));
            loose.observe(record((i + 1) * 100L, curve[i], null, null));
        }
        assertEquals(200, loose.stepOf(EntropyEventType.COLLAPSE_ONSET).getAsLong());   // 0.9 → 0.88
        assertEquals(600, strict.stepOf(EntropyEventType.COLLAPSE_ONSET).getAsLong());  // 0.84 → 0.70 over 3 evaluations
    }

    @Test
    void collapseWithoutGeneralisationNeedsPatienceAndLowTestAccuracy() {
        PhaseCriteria criteria = PhaseCriteria.defaults().withThreshold(0.61).withVerdictSteps(10_000, 1_000);
        PhaseTracker tracker = new PhaseTracker(criteria);
        for (long step = 200; step <= 3000; step += 200) {
            double h = step < 1000 ? 0.9 : 0.4;
            tracker.observe(record(step, h, 1.0, 0.02));
        }
        assertEquals(1000, tracker.stepOf(EntropyEventType.THRESHOLD_CROSSED).getAsLong());
        assertEquals(2000, tracker.stepOf(EntropyEventType.COLLAPSE_WITHOUT_GENERALISATION).getAsLong());
        assertEquals(Phase.COLLAPSE_WITHOUT_GENERALISATION, tracker.phase());
    }

    @Test
    void withoutTestAccuracyThereIsNoCollapseWithoutGeneralisationVerdict() {
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults().withThreshold(0.61).withVerdictSteps(10_000, 0));
        for (long step = 200; step <= 3000; step += 200) {
            tracker.observe(record(step, 0.3, 1.0, null));
        }
        assertTrue(tracker.stepOf(EntropyEventType.COLLAPSE_WITHOUT_GENERALISATION).isEmpty());
    }

    @Test
    void noCollapseCountsFromMemorisation() {
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults().withVerdictSteps(2_000, 5_000));
        for (long step = 200; step <= 4000; step += 200) {
            tracker.observe(record(step, 0.9, step >= 1000 ? 1.0 : 0.3, 0.01));
        }
        assertEquals(1000, tracker.stepOf(EntropyEventType.MEMORISED).getAsLong());
        assertEquals(3000, tracker.stepOf(EntropyEventType.NO_COLLAPSE).getAsLong());
        assertEquals(Phase.NO_COLLAPSE, tracker.phase());
    }

    @Test
    void nanEntropySatisfiesNoRule() {
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults().withThreshold(0.61));
        for (long step = 200; step <= 2000; step += 200) {
            tracker.observe(record(step, step > 1000 ? Double.NaN : 0.9, null, null));
        }
        assertTrue(tracker.stepOf(EntropyEventType.COLLAPSE_ONSET).isEmpty());
        assertTrue(tracker.stepOf(EntropyEventType.THRESHOLD_CROSSED).isEmpty());
    }

    @Test
    void replayMatchesLiveTracking() {
        PhaseCriteria criteria = PhaseCriteria.defaults().withThreshold(0.7);
        EntropyHistory history = grokkingCurve(criteria);
        PhaseTracker live = new PhaseTracker(criteria);
        history.records().forEach(live::observe);
        assertEquals(live.eventSteps(), PhaseTracker.replay(history).eventSteps());
        assertEquals(history.collapseOnsetStep(), live.stepOf(EntropyEventType.COLLAPSE_ONSET));
        assertEquals(3000, history.grokStep().getAsLong());
        assertEquals(3000, history.thresholdCrossingStep().getAsLong()); // 2800: 0.70, not below 0.7; 3000: 0.65
        assertEquals(600, history.memorisedStep().getAsLong());
    }

    @Test
    void badCriteriaAreRejectedWithTheAllowedRange() {
        IllegalArgumentException threshold = assertThrows(IllegalArgumentException.class,
                () -> PhaseCriteria.defaults().withThreshold(1.5));
        assertTrue(threshold.getMessage().contains("(0, 1)"), threshold.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PhaseCriteria.defaults().withCollapse(0, 5));
        IllegalArgumentException window = assertThrows(IllegalArgumentException.class,
                () -> PhaseCriteria.defaults().withCollapse(0.02, 1));
        assertTrue(window.getMessage().contains("at least 2"), window.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PhaseCriteria.defaults().withAccuracyCriteria(1.2, 0.9));
        assertThrows(IllegalArgumentException.class, () -> new PhaseTracker(null));
    }
}
