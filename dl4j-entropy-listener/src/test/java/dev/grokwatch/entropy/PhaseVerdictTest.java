package dev.grokwatch.entropy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Phases and events of runs that are not grokking: diverged, stuck at chance, generalising at once, resumed. */
class PhaseVerdictTest {

    static EntropyRecord record(long step, double h, Double train, Double test) {
        return record(step, h, train, test, 0.1);
    }

    static EntropyRecord record(long step, double h, Double train, Double test, Double loss) {
        return new EntropyRecord(step, 0, h, h * Math.log(16), Math.exp(h * Math.log(16)), null, 10.0, loss, train,
                test, null, null, null, 1.0);
    }

    /** Every record through a fresh tracker; the events in firing order. */
    static List<EntropyEvent> track(PhaseTracker tracker, List<EntropyRecord> records) {
        List<EntropyEvent> events = new ArrayList<>();
        records.forEach(r -> events.addAll(tracker.observe(r)));
        return events;
    }

    /**
     * H̃ and training accuracy of {@code grokwatch train --lr 5 --weight-decay 0 --eval-every 50} (addition
     * mod 97, seed 0), steps 50 … 2,000 as measured: the model stays at chance (1/97 ≈ 0.0103) and H̃
     * below 0.22.
     */
    static final double[] DIVERGED_H = {0.0670, 0.0625, 0.0580, 0.0411, 0.0435, 0.0492, 0.0641, 0.0593, 0.1470,
            0.1774, 0.1538, 0.1323, 0.1133, 0.0815, 0.0003, 0.1192, 0.0520, 0.1358, 0.0679, 0.0879, 0.0921, 0.0521,
            0.2153, 0.2116, 0.1498, 0.1405, 0.1027, 0.1018, 0.0798, 0.0536, 0.1196, 0.1716, 0.1768, 0.1794, 0.1794,
            0.1738, 0.1666, 0.1588, 0.1501, 0.1777};
    static final double[] DIVERGED_TRAIN = {0.0106, 0.0110, 0.0096, 0.0078, 0.0092, 0.0103, 0.0110, 0.0103, 0.0089,
            0.0117, 0.0128, 0.0120, 0.0113, 0.0110, 0.0089, 0.0092, 0.0092, 0.0117, 0.0103, 0.0106, 0.0092, 0.0131,
            0.0113, 0.0096, 0.0085, 0.0124, 0.0096, 0.0081, 0.0096, 0.0117, 0.0103, 0.0128, 0.0152, 0.0096, 0.0106,
            0.0106, 0.0120, 0.0120, 0.0074, 0.0120};

    static List<EntropyRecord> divergedRun(boolean withTrainAccuracy) {
        List<EntropyRecord> records = new ArrayList<>();
        for (int i = 0; i < DIVERGED_H.length; i++) {
            records.add(record(50L * (i + 1), DIVERGED_H[i], withTrainAccuracy ? DIVERGED_TRAIN[i] : null, 0.01, 22.7));
        }
        return records;
    }

    @Test
    void aRunStuckAtChanceNeitherCollapsesNorCrosses() {
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults().withThreshold(0.61));
        List<EntropyEvent> events = track(tracker, divergedRun(true));
        assertEquals(List.of(), events, "H̃ never reached 0.61 and nothing was memorised");
        assertEquals(Phase.NORM_EXPANSION, tracker.phase()); // 2,000 steps: before the not-memorising verdict
    }

    @Test
    void aRunStuckAtChanceEndsNotMemorising() {
        PhaseTracker tracker = new PhaseTracker(
                PhaseCriteria.defaults().withThreshold(0.61).withNotMemorisedSteps(1_000));
        List<EntropyEvent> events = track(tracker, divergedRun(true));
        assertEquals(List.of(EntropyEventType.NOT_MEMORISING), events.stream().map(EntropyEvent::type).toList());
        assertEquals(1_000, tracker.stepOf(EntropyEventType.NOT_MEMORISING).getAsLong());
        assertEquals(Phase.NOT_MEMORISING, tracker.phase());
    }

    @Test
    void withoutTrainingAccuracyACurveThatNeverReachedTheThresholdStillCrossesNothing() {
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults().withThreshold(0.61));
        track(tracker, divergedRun(false));
        assertTrue(tracker.stepOf(EntropyEventType.COLLAPSE_ONSET).isPresent(), "H̃ noise does fall by 0.02");
        assertTrue(tracker.stepOf(EntropyEventType.THRESHOLD_CROSSED).isEmpty());
        assertTrue(tracker.stepOf(EntropyEventType.NOT_MEMORISING).isEmpty(), "no training accuracy, no verdict");
    }

    @Test
    void anS5RunThatStartsBelowTheThresholdDoesNotCrossWhileMemorising() {
        // S5, train fraction 0.5, seed 1, steps 100 … 1,200: H̃ dips from 0.61 to 0.23, then rises; H̃* = 0.655
        double[] h = {0.5951, 0.6076, 0.2311, 0.2976, 0.3530, 0.3911, 0.4301, 0.4472, 0.4758, 0.4932, 0.5127, 0.5251};
        double[] train = {0.022, 0.033, 0.054, 0.072, 0.089, 0.097, 0.127, 0.148, 0.182, 0.200, 0.233, 0.263};
        for (boolean withTrain : new boolean[]{true, false}) {
            PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults().withThreshold(0.655));
            for (int i = 0; i < h.length; i++) {
                tracker.observe(record(100L * (i + 1), h[i], withTrain ? train[i] : null, 0.002));
            }
            assertTrue(tracker.stepOf(EntropyEventType.THRESHOLD_CROSSED).isEmpty(), "train accuracy: " + withTrain);
        }
        PhaseTracker measured = new PhaseTracker(PhaseCriteria.defaults().withThreshold(0.655));
        for (int i = 0; i < h.length; i++) {
            measured.observe(record(100L * (i + 1), h[i], train[i], 0.002));
        }
        assertTrue(measured.stepOf(EntropyEventType.COLLAPSE_ONSET).isEmpty(), "no collapse before memorisation");
        assertEquals(Phase.NORM_EXPANSION, measured.phase());
    }

    @Test
    void collapseAndCrossingWaitForMemorisation() {
        // H̃ falls from 0.9 while training accuracy is still 0.5; memorised at 1,600
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults().withThreshold(0.61));
        List<EntropyEvent> events = new ArrayList<>();
        for (long step = 200; step <= 3000; step += 200) {
            double h = Math.max(0.3, 0.9 - 0.05 * (step / 200 - 1));
            events.addAll(tracker.observe(record(step, h, step >= 1600 ? 1.0 : 0.5, 0.05)));
        }
        assertEquals(List.of(EntropyEventType.MEMORISED, EntropyEventType.COLLAPSE_ONSET,
                EntropyEventType.THRESHOLD_CROSSED), events.stream().map(EntropyEvent::type).toList());
        // at 1,600 H̃ = 0.55 after 0.75 four evaluations back: onset and crossing together, not at 1,000
        assertEquals(1600, tracker.stepOf(EntropyEventType.COLLAPSE_ONSET).getAsLong());
        assertEquals(1600, tracker.stepOf(EntropyEventType.THRESHOLD_CROSSED).getAsLong());
    }

    @Test
    void crossingNeedsTheThresholdReachedBefore() {
        // onset while H̃ is already below H̃*: no crossing until H̃ has been at or above it and comes down again
        double[] h = {0.55, 0.55, 0.55, 0.55, 0.50, 0.48, 0.62, 0.64, 0.60, 0.58};
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults().withThreshold(0.61));
        for (int i = 0; i < h.length; i++) {
            tracker.observe(record(100L * (i + 1), h[i], 1.0, 0.1));
        }
        assertEquals(500, tracker.stepOf(EntropyEventType.COLLAPSE_ONSET).getAsLong());
        assertEquals(900, tracker.stepOf(EntropyEventType.THRESHOLD_CROSSED).getAsLong());
    }

    @Test
    void noCollapseDoesNotCountFromStepZeroWhenTrainingAccuracyGoesMissing() {
        // measured and memorised at 600; from 1,000 on the accuracy is gone (a deserialised listener lost its iterator)
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults().withVerdictSteps(2_000, 5_000));
        for (long step = 200; step <= 4000; step += 200) {
            Double train = step >= 1000 ? null : step >= 600 ? 1.0 : 0.4;
            tracker.observe(record(step, 0.9, train, 0.02));
        }
        assertEquals(2600, tracker.stepOf(EntropyEventType.NO_COLLAPSE).getAsLong(), "2,000 after memorisation");
        // never memorised before the accuracy went missing: no reference, no verdict
        PhaseTracker unmemorised = new PhaseTracker(PhaseCriteria.defaults().withVerdictSteps(2_000, 5_000));
        for (long step = 200; step <= 4000; step += 200) {
            unmemorised.observe(record(step, 0.9, step >= 1000 ? null : 0.4, 0.02));
        }
        assertTrue(unmemorised.stepOf(EntropyEventType.NO_COLLAPSE).isEmpty());
        // the same through a history resumed from a model zip
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults().withVerdictSteps(2_000, 5_000));
        for (long step = 200; step <= 4000; step += 200) {
            history.append(record(step, 0.9, step >= 1000 ? null : step >= 600 ? 1.0 : 0.4, 0.02));
        }
        assertEquals(2600, PhaseTracker.replay(EntropyHistory.fromJson(history.toJson()))
                .stepOf(EntropyEventType.NO_COLLAPSE).getAsLong());
    }

    @Test
    void aClassifierThatGeneralisesAtOnceIsNeverToldItWillNotGrok() {
        PhaseTracker tracker = new PhaseTracker(
                PhaseCriteria.defaults().withThreshold(0.61).withVerdictSteps(2_000, 1_000));
        for (long step = 100; step <= 5000; step += 100) {
            double accuracy = Math.min(1.0, step / 400.0);
            tracker.observe(record(step, 0.8, accuracy, accuracy));
        }
        assertEquals(400, tracker.stepOf(EntropyEventType.MEMORISED).getAsLong());
        assertEquals(400, tracker.stepOf(EntropyEventType.GENERALISED).getAsLong());
        assertTrue(tracker.stepOf(EntropyEventType.GROKKED).isEmpty(), "no delay after memorisation: not grokking");
        assertTrue(tracker.stepOf(EntropyEventType.NO_COLLAPSE).isEmpty(), "it generalised: no 'unlikely to grok'");
        assertEquals(Phase.GENERALISED, tracker.phase());
    }

    /** Memorised at step 600 (evaluations every 200), test accuracy {@code before} until 0.99 from {@code generalised}. */
    static PhaseTracker memorisedAt600(long generalised, boolean measuresTrain, double before) {
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults());
        for (long step = 200; step <= 2000; step += 200) {
            Double train = measuresTrain ? (step >= 600 ? 1.0 : 0.5) : null;
            tracker.observe(record(step, 0.9, train, step >= generalised ? 0.995 : before));
        }
        return tracker;
    }

    static PhaseTracker memorisedAt600(long generalised, boolean measuresTrain) {
        return memorisedAt600(generalised, measuresTrain, 0.3);
    }

    @Test
    void grokkingIsGeneralisationAfterMemorisingWhileStillFarFromIt() {
        // before or with memorisation at 600: no delay
        for (long generalised : new long[]{400, 600}) {
            PhaseTracker tracker = memorisedAt600(generalised, true);
            assertEquals(generalised, tracker.stepOf(EntropyEventType.GENERALISED).getAsLong());
            assertTrue(tracker.stepOf(EntropyEventType.GROKKED).isEmpty(), "generalised at " + generalised);
            assertEquals(Phase.GENERALISED, tracker.phase());
        }
        // after memorising with test accuracy 0.3 (at most half of 0.99 when the training set was fitted)
        for (long grokked : new long[]{800, 1200, 2000}) {
            PhaseTracker tracker = memorisedAt600(grokked, true);
            assertEquals(grokked, tracker.stepOf(EntropyEventType.GROKKED).getAsLong());
            assertTrue(tracker.stepOf(EntropyEventType.GENERALISED).isEmpty(), "grokked at " + grokked);
            assertEquals(Phase.GROKKED, tracker.phase());
        }
        // after memorising with test accuracy already 0.7: an ordinary classifier, however late it gets there
        for (long generalised : new long[]{800, 2000}) {
            PhaseTracker tracker = memorisedAt600(generalised, true, 0.7);
            assertEquals(generalised, tracker.stepOf(EntropyEventType.GENERALISED).getAsLong());
            assertTrue(tracker.stepOf(EntropyEventType.GROKKED).isEmpty(), "generalised at " + generalised);
        }
    }

    @Test
    void withoutTrainingAccuracyTheRunIsGeneralisedNeverGrokked() {
        PhaseTracker atOnce = memorisedAt600(200, false);
        assertEquals(200, atOnce.stepOf(EntropyEventType.GENERALISED).getAsLong());
        PhaseTracker later = memorisedAt600(1400, false); // step 200 to 1,200 had test accuracy 0.3
        assertEquals(1400, later.stepOf(EntropyEventType.GENERALISED).getAsLong());
        assertTrue(later.stepOf(EntropyEventType.GROKKED).isEmpty(), "memorisation unseen: a delay cannot be told");
        assertEquals(Phase.GENERALISED, later.phase());
    }

    @Test
    void anEvaluationWithoutTestAccuracyChangesNothing() {
        for (Double missing : new Double[]{null, 0.3}) {
            PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults());
            tracker.observe(record(200, 0.9, 0.5, 0.3));
            tracker.observe(record(400, 0.9, 1.0, 0.3)); // memorised
            tracker.observe(record(600, 0.9, 1.0, missing));
            tracker.observe(record(800, 0.9, 1.0, 0.995));
            assertEquals(800, tracker.stepOf(EntropyEventType.GROKKED).getAsLong(), "test accuracy " + missing);
        }
    }

    @Test
    void aRunThatGeneralisedIsNotGivenUpOnAndKeepsItsPhaseWhenHCollapsesLater() {
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults().withThreshold(0.61).withVerdictSteps(1_000, 0));
        List<EntropyEvent> events = new ArrayList<>();
        for (long step = 200; step <= 4000; step += 200) {
            double h = step <= 2000 ? 0.9 : 0.9 - 0.05 * (step - 2000) / 200.0; // collapses after generalising
            events.addAll(tracker.observe(record(step, h, 1.0, 0.995))); // memorised and generalised together
        }
        assertEquals(List.of(EntropyEventType.MEMORISED, EntropyEventType.GENERALISED, EntropyEventType.COLLAPSE_ONSET,
                EntropyEventType.THRESHOLD_CROSSED), events.stream().map(EntropyEvent::type).toList());
        assertEquals(Phase.GENERALISED, tracker.phase(), "a fall of H̃ after generalising is no Phase II");
    }

    @Test
    void nonFiniteNumbersAreADivergence() {
        for (EntropyRecord bad : List.of(record(1000, Double.NaN, 0.5, 0.1), record(1000, 0.8, Double.NaN, 0.1),
                record(1000, 0.8, 0.5, Double.NaN), record(1000, 0.8, 0.5, 0.1, Double.POSITIVE_INFINITY),
                record(1000, 0.8, 0.5, 0.1, Double.NaN))) {
            PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults().withThreshold(0.61));
            for (long step = 200; step < 1000; step += 200) {
                tracker.observe(record(step, 0.9, 0.5, 0.1));
            }
            List<EntropyEvent> events = tracker.observe(bad);
            assertEquals(List.of(EntropyEventType.DIVERGED), events.stream().map(EntropyEvent::type).toList(), bad.toString());
            assertEquals(Phase.DIVERGED, tracker.phase(), bad.toString());
            // a finite evaluation afterwards: the phase follows it, the event stays where it fired
            tracker.observe(record(1200, 0.9, 0.5, 0.1));
            assertEquals(Phase.NORM_EXPANSION, tracker.phase());
            assertEquals(1000, tracker.stepOf(EntropyEventType.DIVERGED).getAsLong());
        }
    }

    @Test
    void notMemorisingLastsUntilTheRunMemorises() {
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults().withNotMemorisedSteps(1_000));
        List<Phase> phases = new ArrayList<>();
        for (long step = 200; step <= 2000; step += 200) {
            tracker.observe(record(step, 0.9, step >= 1600 ? 1.0 : 0.3, 0.01));
            phases.add(tracker.phase());
        }
        assertEquals(List.of(Phase.NORM_EXPANSION, Phase.NORM_EXPANSION, Phase.NORM_EXPANSION, Phase.NORM_EXPANSION,
                Phase.NOT_MEMORISING, Phase.NOT_MEMORISING, Phase.NOT_MEMORISING, Phase.NORM_EXPANSION,
                Phase.NORM_EXPANSION, Phase.NORM_EXPANSION), phases);
    }

    @Test
    void aRunThatMemorisedAndDipsLaterIsNotNotMemorising() {
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults().withNotMemorisedSteps(1_000));
        List<EntropyEvent> events = new ArrayList<>();
        for (long step = 200; step <= 2000; step += 200) {
            double train = step < 800 ? 0.5 : step == 1400 ? 0.985 : 1.0; // one dip after the horizon
            events.addAll(tracker.observe(record(step, 0.9, train, 0.01)));
        }
        assertEquals(List.of(EntropyEventType.MEMORISED), events.stream().map(EntropyEvent::type).toList());
        assertEquals(Phase.NORM_EXPANSION, tracker.phase());
    }

    /**
     * The family: random curves (H̃ random walks that may start below or above H̃*, training and test
     * accuracy that may be missing, stall or jump) never fire events in an order that contradicts
     * their names.
     */
    @Test
    void eventsNeverContradictTheirNamesOnRandomCurves() {
        Random random = new Random(11);
        for (int run = 0; run < 2_000; run++) {
            double threshold = 0.3 + 0.5 * random.nextDouble();
            PhaseCriteria criteria = PhaseCriteria.defaults().withThreshold(threshold)
                    .withVerdictSteps(1_000 + random.nextInt(4) * 1_000, random.nextInt(3) * 1_000)
                    .withNotMemorisedSteps(1_000 + random.nextInt(4) * 1_000);
            PhaseTracker tracker = new PhaseTracker(criteria);
            boolean measuresTrain = random.nextBoolean();
            boolean losesTrain = random.nextInt(4) == 0;
            double h = random.nextDouble();
            double train = 0;
            double test = 0;
            List<EntropyRecord> records = new ArrayList<>();
            Map<EntropyEventType, EntropyEvent> fired = new EnumMap<>(EntropyEventType.class);
            for (long step = 200; step <= 8000; step += 200) {
                h = Math.min(1, Math.max(0, h + 0.06 * random.nextGaussian() - 0.01));
                train = Math.min(1, train + 0.1 * random.nextDouble() * random.nextInt(2));
                test = Math.min(1, test + 0.05 * random.nextDouble() * random.nextInt(2));
                Double trainValue = measuresTrain && !(losesTrain && step > 3000) ? train : null;
                EntropyRecord r = record(step, h, trainValue, random.nextInt(5) == 0 ? null : test);
                records.add(r);
                for (EntropyEvent e : tracker.observe(r)) {
                    assertNull(fired.put(e.type(), e), "fired twice: " + e);
                }
            }
            String context = "run " + run + ", H̃* " + threshold + ", events " + fired;
            EntropyEvent memorised = fired.get(EntropyEventType.MEMORISED);
            EntropyEvent onset = fired.get(EntropyEventType.COLLAPSE_ONSET);
            EntropyEvent crossed = fired.get(EntropyEventType.THRESHOLD_CROSSED);
            if (measuresTrain && onset != null) {
                assertNotNull(memorised, context);
                assertTrue(memorised.step() <= onset.step(), context);
            }
            if (crossed != null) {
                assertNotNull(onset, context);
                assertTrue(onset.step() <= crossed.step(), context);
                assertTrue(crossed.record().normalisedEntropy() < threshold, context);
                assertTrue(records.stream().anyMatch(r -> r.step() < crossed.step() && r.normalisedEntropy() >= threshold),
                        "crossing without H̃ at or above H̃* before: " + context);
            }
            if (fired.containsKey(EntropyEventType.COLLAPSE_WITHOUT_GENERALISATION)) {
                assertNotNull(crossed, context);
                assertFalse(fired.containsKey(EntropyEventType.GROKKED)
                        && fired.get(EntropyEventType.GROKKED).step() <= fired.get(
                        EntropyEventType.COLLAPSE_WITHOUT_GENERALISATION).step(), context);
            }
            EntropyEvent grokked = fired.get(EntropyEventType.GROKKED);
            EntropyEvent generalised = fired.get(EntropyEventType.GENERALISED);
            assertFalse(grokked != null && generalised != null, "grokked and generalised are one outcome: " + context);
            EntropyEvent reached = grokked != null ? grokked : generalised;
            if (reached != null) {
                // delayed: memorised (seen only with training accuracy) before, and at least as long again after
                boolean delayed = memorised != null && reached.step() > memorised.step()
                        && reached.step() - memorised.step() >= memorised.step();
                assertEquals(delayed, grokked != null, context);
                assertTrue(records.stream().noneMatch(r -> r.step() < reached.step() && r.testAccuracy() != null
                        && r.testAccuracy() >= criteria.grokAccuracy()), "not the first evaluation at 0.99: " + context);
                EntropyEvent withoutGeneralisation = fired.get(EntropyEventType.COLLAPSE_WITHOUT_GENERALISATION);
                assertTrue(withoutGeneralisation == null || withoutGeneralisation.step() < reached.step(), context);
            }
            EntropyEvent noCollapse = fired.get(EntropyEventType.NO_COLLAPSE);
            if (noCollapse != null) {
                assertTrue(onset == null || onset.step() > noCollapse.step(), context);
                assertTrue(reached == null || reached.step() > noCollapse.step(), context);
                long reference = measuresTrain ? memorised.step() : 0; // measured: only after memorisation
                assertTrue(noCollapse.step() - reference >= criteria.noCollapseSteps(), context);
            }
            EntropyEvent notMemorising = fired.get(EntropyEventType.NOT_MEMORISING);
            if (notMemorising != null) {
                assertTrue(memorised == null || memorised.step() > notMemorising.step(), context);
                assertTrue(notMemorising.step() >= criteria.notMemorisedSteps(), context);
            }
        }
    }

    @Test
    void theNewPhasesTravelThroughMetricsCsv(@TempDir Path dir) {
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
        history.append(record(200, 0.9, 0.01, 0.01).withPhase(Phase.NOT_MEMORISING));
        history.append(record(400, Double.NaN, Double.NaN, Double.NaN).withPhase(Phase.DIVERGED));
        history.append(record(600, 0.9, 0.5, 0.1).withPhase(Phase.NORM_EXPANSION));
        Path csv = dir.resolve("metrics.csv");
        MetricsCsv.write(history, csv);
        assertEquals(List.of(Phase.NOT_MEMORISING, Phase.DIVERGED, Phase.NORM_EXPANSION),
                MetricsCsv.read(csv).records().stream().map(EntropyRecord::phase).toList());
        assertEquals("not_memorising", Phase.NOT_MEMORISING.label());
        assertEquals("diverged", Phase.DIVERGED.label());
        for (Phase phase : Phase.values()) {
            assertEquals(phase, Phase.fromLabel(phase.label()));
        }
    }

    @Test
    void criteriaWrittenBeforeTheNotMemorisedHorizonExistedReadWithItsDefault() {
        String json = new EntropyHistory(PhaseCriteria.defaults().withThreshold(0.61).withNotMemorisedSteps(3_000)).toJson();
        assertTrue(json.contains("\"notMemorisedSteps\" : 3000"), json);
        assertEquals(3_000, EntropyHistory.fromJson(json).criteria().notMemorisedSteps());
        String old = json.replaceAll(",\\s*\"notMemorisedSteps\" : 3000", "");
        assertFalse(old.contains("notMemorisedSteps"), old);
        PhaseCriteria read = EntropyHistory.fromJson(old).criteria();
        assertEquals(PhaseCriteria.DEFAULT_NOT_MEMORISED_STEPS, read.notMemorisedSteps());
        assertEquals(0.61, read.threshold());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> PhaseCriteria.defaults().withNotMemorisedSteps(0));
        assertTrue(bad.getMessage().contains("notMemorisedSteps") && bad.getMessage().contains("positive"),
                bad.getMessage());
    }
}
