package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.RunHistory;
import dev.grokwatch.entropy.forecast.RunSet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Grokked or generalised: a run groks when test accuracy reaches the criterion after memorisation and was at
 * most half the criterion at memorisation (0.495 at 0.99); the label must not depend on how often the run is
 * evaluated nor on how long memorisation took, and a run without training accuracy, whose memorisation cannot
 * be seen, is generalised.
 *
 * <p>Each curve is one continuous run sampled at a cadence: training accuracy 0.5·t/58 until it memorises at
 * step 58 (1.0 from then on), test accuracy rising linearly to 0.9 until it reaches 0.995 at {@code gen}.
 */
class GrokkingDelayTest {

    static final long MEMORISED = 58;
    static final long LAST = 400;

    static EntropyRecord record(long step, Double train, Double test) {
        return new EntropyRecord(step, 0, 0.9, 0.9 * Math.log(16), Math.exp(0.9 * Math.log(16)), null, 10.0, 0.1,
                train, test, null, null, null, 1.0);
    }

    /** The run sampled every {@code cadence} steps; {@code withTrain} false leaves training accuracy out. */
    static PhaseTracker sampled(long gen, long cadence, boolean withTrain) {
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults());
        for (long t = cadence; t <= LAST; t += cadence) {
            Double train = withTrain ? (t >= MEMORISED ? 1.0 : 0.5 * t / MEMORISED) : null;
            tracker.observe(record(t, train, t >= gen ? 0.995 : 0.9 * t / gen));
        }
        return tracker;
    }

    /**
     * Test accuracy at memorisation is 0.9·58/gen (0.9·60/gen at cadences 5 and 10): above 0.495 up to gen = 90,
     * generalisation; at most 0.495 from gen = 110 on (0.47-0.49), grokking.
     */
    static void sameLabelAtCadence(long cadence) {
        long memorised = (MEMORISED + cadence - 1) / cadence * cadence; // the first evaluation at or after 58
        for (long gen : new long[]{63, 64, 65, 75, 90}) {
            PhaseTracker tracker = sampled(gen, cadence, true);
            String context = "cadence " + cadence + ", test accuracy 0.99 at " + gen + ", " + tracker.eventSteps();
            assertEquals(memorised, tracker.stepOf(EntropyEventType.MEMORISED).getAsLong(), context);
            assertTrue(tracker.stepOf(EntropyEventType.GROKKED).isEmpty(), context);
            assertTrue(tracker.stepOf(EntropyEventType.GENERALISED).isPresent(), context);
            assertEquals(Phase.GENERALISED, tracker.phase(), context);
        }
        for (long gen : new long[]{110, 130, 200, 390}) {
            PhaseTracker tracker = sampled(gen, cadence, true);
            String context = "cadence " + cadence + ", test accuracy 0.99 at " + gen + ", " + tracker.eventSteps();
            long expected = (gen + cadence - 1) / cadence * cadence;
            assertEquals(expected, tracker.stepOf(EntropyEventType.GROKKED).orElse(-1), context);
            assertTrue(tracker.stepOf(EntropyEventType.GENERALISED).isEmpty(), context);
            assertEquals(Phase.GROKKED, tracker.phase(), context);
        }
    }

    @Test
    void evaluatedEveryStepTheLabelIsTheDelayRules() {
        sameLabelAtCadence(1);
    }

    @Test
    void evaluatedEveryTwoStepsTheLabelIsTheSame() {
        sameLabelAtCadence(2);
    }

    @Test
    void evaluatedEveryFiveStepsTheLabelIsTheSame() {
        sameLabelAtCadence(5);
    }

    @Test
    void evaluatedEveryTenStepsTheLabelIsTheSame() {
        sameLabelAtCadence(10);
    }

    /**
     * Memorised at step {@code memorised} with test accuracy {@code testThen} until the criterion is reached at
     * {@code gen} (the paper's T_mem ≈ 1,000, arXiv 2604.13123, §5; S5 here memorises at 2,400-5,200).
     */
    static PhaseTracker memorisedAt(long memorised, double testThen, long gen) {
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults());
        LongStream.of(memorised / 2, memorised - 200, memorised, memorised + 500, gen).filter(t -> t <= gen)
                .distinct().sorted().forEach(t -> tracker.observe(record(t, t >= memorised ? 1.0 : 0.6,
                        t >= gen ? 0.995 : testThen)));
        return tracker;
    }

    @Test
    void theGapAtMemorisationDecidesNotHowLongMemorisationTook() {
        for (long memorised : new long[]{1_000, 2_400, 5_200}) {
            for (long gen : new long[]{memorised - 200, memorised}) { // before or with memorisation
                PhaseTracker tracker = memorisedAt(memorised, 0.02, gen);
                assertEquals(gen, tracker.stepOf(EntropyEventType.GENERALISED).orElse(-1), gen + ": " + tracker.eventSteps());
                assertTrue(tracker.stepOf(EntropyEventType.GROKKED).isEmpty(), gen + ": " + tracker.eventSteps());
            }
            for (long gen : new long[]{memorised + 500, memorised + 1_400, 14_000}) {
                PhaseTracker tracker = memorisedAt(memorised, 0.02, gen);
                assertEquals(gen, tracker.stepOf(EntropyEventType.GROKKED).orElse(-1), gen + ": " + tracker.eventSteps());
                assertTrue(tracker.stepOf(EntropyEventType.GENERALISED).isEmpty(), gen + ": " + tracker.eventSteps());
            }
            // already at 0.6 when the training set was fitted: a slow ordinary classifier, however long it takes
            PhaseTracker slow = memorisedAt(memorised, 0.6, 14_000);
            assertEquals(14_000, slow.stepOf(EntropyEventType.GENERALISED).orElse(-1), slow.eventSteps().toString());
            assertTrue(slow.stepOf(EntropyEventType.GROKKED).isEmpty(), slow.eventSteps().toString());
        }
    }

    @Test
    void withoutTrainingAccuracyARunIsGeneralisedWhateverItsCurve() {
        for (long cadence : new long[]{1, 2, 5, 10}) {
            for (long gen : new long[]{63, 130, 390}) {
                PhaseTracker tracker = sampled(gen, cadence, false);
                String context = "cadence " + cadence + ", 0.99 at " + gen + ", " + tracker.eventSteps();
                assertTrue(tracker.stepOf(EntropyEventType.GROKKED).isEmpty(), context);
                assertEquals((gen + cadence - 1) / cadence * cadence,
                        tracker.stepOf(EntropyEventType.GENERALISED).orElse(-1), context);
                assertEquals(Phase.GENERALISED, tracker.phase(), context);
            }
        }
    }

    @Test
    void withoutTrainingAccuracyTheNoCollapseVerdictStillCountsFromStepZero() {
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults().withVerdictSteps(1_000, 5_000));
        for (long t = 200; t <= 1_200; t += 200) {
            tracker.observe(record(t, null, 0.3));
        }
        assertEquals(1_000, tracker.stepOf(EntropyEventType.NO_COLLAPSE).getAsLong());
    }

    @Test
    void aListenerWithTestDataButNoTrainingDataWarnsOnceThatItCannotTellGrokking() {
        var train = TestNetworks.blobs(60, 1);
        String withoutTrain = StandardError.captured(() -> SpectralEntropyListener.builder().probe(train.getFeatures())
                .layer(1).evaluateOn(train).build());
        assertTrue(withoutTrain.contains("WARN"), withoutTrain);
        assertTrue(withoutTrain.contains(".trainAccuracyOn(trainData)"), withoutTrain);
        assertTrue(withoutTrain.contains("generalised"), withoutTrain);
        assertEquals(1, withoutTrain.lines().filter(l -> l.contains("WARN")).count(), withoutTrain);
        String withBoth = StandardError.captured(() -> SpectralEntropyListener.builder().probe(train.getFeatures())
                .layer(1).evaluateOn(train).trainAccuracyOn(train).build());
        String bare = StandardError.captured(() -> SpectralEntropyListener.builder().probe(train.getFeatures())
                .layer(1).build());
        assertFalse(withBoth.contains("trainAccuracyOn"), withBoth);
        assertFalse(bare.contains("trainAccuracyOn"), bare);
    }

    @Test
    void calibratingOnRunsWithoutTrainingAccuracySaysWhyTheyDidNotGrokAndWhatToDo() {
        List<RunHistory> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
            for (long t = 200; t <= 4_000; t += 200) {
                history.append(record(t, null, t >= 3_000 + 200L * i ? 0.995 : 0.1));
            }
            runs.add(new RunHistory("seed" + i, "task", history));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunSet.of(runs, false));
        String message = e.getMessage();
        assertTrue(message.startsWith("only 0 of 3 runs grokked"), message);
        assertTrue(message.contains("3 of them (seed0, seed1, seed2) recorded no training accuracy"), message);
        assertTrue(message.contains("train_acc") && message.contains(".trainAccuracyOn(trainData)"), message);

        List<RunHistory> mixed = new java.util.ArrayList<>(runs.subList(0, 2));
        EntropyHistory measured = new EntropyHistory(PhaseCriteria.defaults());
        for (long t = 200; t <= 4_000; t += 200) {
            measured.append(record(t, t >= 1_000 ? 1.0 : 0.5, t >= 3_000 ? 0.995 : 0.1));
        }
        mixed.add(new RunHistory("measured", "task", measured));
        String one = assertThrows(IllegalArgumentException.class, () -> RunSet.of(mixed, false)).getMessage();
        assertTrue(one.startsWith("only 1 of 3 runs grokked"), one);
        assertTrue(one.contains("2 of them (seed0, seed1) recorded no training accuracy"), one);
    }
}
