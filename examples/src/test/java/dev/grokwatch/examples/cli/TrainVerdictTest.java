package dev.grokwatch.examples.cli;

import dev.grokwatch.entropy.EntropyEvent;
import dev.grokwatch.entropy.EntropyEventType;
import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.Phase;
import dev.grokwatch.entropy.PhaseCriteria;
import dev.grokwatch.entropy.PhaseTracker;
import dev.grokwatch.entropy.SpectralEntropyListener;
import dev.grokwatch.entropy.termination.DivergedTerminationCondition;
import dev.grokwatch.entropy.termination.GrokkedTerminationCondition;
import dev.grokwatch.entropy.termination.NotMemorisingTerminationCondition;
import dev.grokwatch.entropy.termination.PredictedGrokReachedTerminationCondition;
import dev.grokwatch.entropy.termination.ThresholdCrossedTerminationCondition;
import dev.grokwatch.examples.run.RunResult;
import dev.grokwatch.examples.run.RunSummary;
import dev.grokwatch.examples.run.StopReason;
import dev.grokwatch.examples.run.StopRule;
import dev.grokwatch.examples.run.TrainingConfig;
import dev.grokwatch.examples.run.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static dev.grokwatch.examples.cli.TrainRunTest.Run;
import static dev.grokwatch.examples.cli.TrainRunTest.train;
import static org.junit.jupiter.api.Assertions.*;

/** {@code grokwatch train} on runs that are not grokking: what it stops on, prints and writes. */
class TrainVerdictTest {

    @Test
    void aRunWhoseNumbersDivergeStopsAtTheFirstNaN(@TempDir Path dir) throws IOException {
        // Adam's step is about the learning rate: at 1e30 the first updates overflow float32
        Run run = train(dir, "--modulus", "23", "--train-fraction", "0.5", "--batch", "32", "--lr", "1e30",
                "--weight-decay", "0", "--steps", "200", "--eval-every", "10", "--probe-size", "200",
                "--threshold", "0.3", "--stop", "crossed");
        JsonNode s = run.summary();
        assertEquals("diverged", s.get("stop_reason").asText());
        assertEquals("diverged", s.get("final_phase").asText());
        assertEquals(10, s.get("steps_run").asLong());
        assertTrue(s.get("threshold_cross_step").isNull());
        assertEquals(1, run.rows().size());
        assertEquals("diverged", run.rows().get(0).get("phase"));
        assertEquals("NaN", run.rows().get(0).get("entropy"));
        assertTrue(run.err().contains("step 10: diverged: H̃, an accuracy or the loss is NaN or infinite"), run.err());
        assertTrue(run.out().contains("diverged (NaN or infinite numbers), not grokked after 10 steps"), run.out());
        assertTrue(run.out().contains("final phase: diverged"), run.out());
    }

    @Test
    void aThresholdHNeverReachedIsNotCrossed(@TempDir Path dir) throws IOException {
        // H̃ stays below 0.99 all along: nothing comes down through it, so --stop crossed runs every step
        Run run = train(dir, "--modulus", "23", "--train-fraction", "0.5", "--batch", "32", "--steps", "400",
                "--eval-every", "10", "--probe-size", "200", "--threshold", "0.99", "--stop", "crossed");
        assertTrue(run.rows().stream().allMatch(r -> Double.parseDouble(r.get("entropy")) < 0.99));
        JsonNode s = run.summary();
        assertEquals("max_steps", s.get("stop_reason").asText());
        assertEquals(400, s.get("steps_run").asLong());
        assertTrue(s.get("threshold_cross_step").isNull());
        assertFalse(run.err().contains("crossed below"), run.err());
    }

    /** A listener that has read the given evaluations, as after a resumed run. */
    static SpectralEntropyListener listenerAfter(List<EntropyRecord> records) {
        return SpectralEntropyListener.builder().probe(Nd4j.rand(DataType.FLOAT, 4, 3)).layer(0)
                .threshold(0.61).resumeFrom(new EntropyHistory(PhaseCriteria.defaults().withThreshold(0.61), records))
                .build();
    }

    static EntropyRecord record(long step, double h, double train, double test) {
        return new EntropyRecord(step, 0, h, h * Math.log(128), Math.exp(h * Math.log(128)), null, 40.0, 22.7,
                train, test, null, null, null, 5.0);
    }

    static List<EntropyRecord> atChance(long untilStep) {
        List<EntropyRecord> records = new ArrayList<>();
        for (long step = 500; step <= untilStep; step += 500) {
            records.add(record(step, 0.1 + 0.05 * Math.sin(step), 0.011, 0.010));
        }
        return records;
    }

    @Test
    void everyStopRuleButNoneGivesUpOnARunThatIsNotLearning() {
        SpectralEntropyListener notMemorising = listenerAfter(atChance(10_000));
        assertEquals(Phase.NOT_MEMORISING, notMemorising.phase());
        List<EntropyRecord> nan = new ArrayList<>(atChance(2_000));
        nan.add(record(2_500, Double.NaN, Double.NaN, Double.NaN));
        SpectralEntropyListener diverged = listenerAfter(nan);
        SpectralEntropyListener learning = listenerAfter(atChance(9_500)); // before the 10,000-step verdict
        for (StopRule rule : StopRule.values()) {
            // the rule's own condition is checked first: not memorising also says it was not met
            StopReason expectedNotMemorising = rule == StopRule.NONE ? null : StopReason.NOT_MEMORISING;
            StopReason expectedDiverged = rule == StopRule.NONE ? null : StopReason.DIVERGED;
            assertEquals(expectedNotMemorising, firstMet(rule, notMemorising), rule.toString());
            assertEquals(expectedDiverged, firstMet(rule, diverged), rule.toString());
            assertNull(firstMet(rule, learning), rule.toString());
        }
        assertEquals("not_memorising", StopReason.NOT_MEMORISING.toString());
        assertEquals("diverged", StopReason.DIVERGED.toString());
    }

    /** The reason of the first condition met, as TrainingRun checks them after a step. */
    private static StopReason firstMet(StopRule rule, SpectralEntropyListener listener) {
        return rule.conditions(listener, 200).stream().filter(c -> c.condition().terminate(0))
                .map(c -> c.reasonGiven(listener)).findFirst().orElse(null);
    }

    @Test
    void theGrokkedRuleSaysGeneralisedForARunThatGeneralisedWithoutADelay() {
        List<EntropyRecord> atOnce = new ArrayList<>();
        List<EntropyRecord> delayed = new ArrayList<>();
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults().withThreshold(0.61));
        for (long step = 500; step <= 3_000; step += 500) {
            EntropyRecord r = record(step, 0.8, step >= 1_000 ? 1.0 : 0.6, step >= 1_000 ? 0.995 : 0.6);
            tracker.observe(r);
            atOnce.add(r.withPhase(tracker.phase()));
            delayed.add(record(step, 0.8, step >= 1_000 ? 1.0 : 0.6, step >= 2_000 ? 0.995 : 0.05));
        }
        // a resumed listener has done no step itself: the rule's reason is read as TrainingRun reads it once met
        SpectralEntropyListener generalised = listenerAfter(atOnce);
        assertEquals(Phase.GENERALISED, generalised.phase());
        assertEquals(StopReason.GENERALISED, StopRule.GROKKED.conditions(generalised, 0).get(0).reasonGiven(generalised));
        assertEquals("generalised", StopReason.GENERALISED.toString());
        SpectralEntropyListener grokked = listenerAfter(delayed);
        assertEquals(Phase.GROKKED, grokked.phase());
        assertEquals(StopReason.GROKKED, StopRule.GROKKED.conditions(grokked, 0).get(0).reasonGiven(grokked));
        assertEquals(StopReason.THRESHOLD_CROSSED, StopRule.CROSSED.conditions(generalised, 0).get(0)
                .reasonGiven(generalised), "only the grokked rule's reason depends on the outcome");
        TrainingConfig config = TrainingConfig.builder().steps(3_000).evalEvery(500).out(Path.of("unused")).build();
        RunSummary summary = RunSummary.of(config, new RunResult(generalised.history(), 1_000, StopReason.GENERALISED,
                10, 5.0, null, null));
        assertEquals("generalised", summary.stopReason());
        assertEquals("generalised", summary.finalPhase());
        assertNull(summary.grokStep());
        assertTrue(summary.describe().contains("seed 0: generalised without a delay past memorisation (test accuracy "
                + ">= 0.99), not grokking after 1,000 steps"), summary.describe());
        String detail = StopRule.GROKKED.conditions(generalised, 0).get(0).condition().toString();
        assertTrue(detail.contains("generalised without a delay past memorisation (not grokking) at step 1000"), detail);
    }

    @Test
    void everyStopRuleIsTheLibrarysTerminationConditions() {
        SpectralEntropyListener listener = listenerAfter(atChance(2_000));
        assertEquals(List.of(), StopRule.NONE.conditions(listener, 200));
        Map<StopRule, Class<?>> own = Map.of(StopRule.GROKKED, GrokkedTerminationCondition.class,
                StopRule.CROSSED, ThresholdCrossedTerminationCondition.class,
                StopRule.PREDICTED, PredictedGrokReachedTerminationCondition.class);
        Map<StopRule, StopReason> reasons = Map.of(StopRule.GROKKED, StopReason.GROKKED,
                StopRule.CROSSED, StopReason.THRESHOLD_CROSSED, StopRule.PREDICTED, StopReason.PREDICTED_GROK);
        for (StopRule rule : own.keySet()) {
            List<StopRule.Condition> conditions = rule.conditions(listener, 300);
            assertEquals(List.of(own.get(rule), DivergedTerminationCondition.class,
                    NotMemorisingTerminationCondition.class),
                    conditions.stream().map(c -> c.condition().getClass()).toList(), rule.toString());
            assertEquals(List.of(reasons.get(rule), StopReason.DIVERGED, StopReason.NOT_MEMORISING),
                    conditions.stream().map(StopRule.Condition::reason).toList(), rule.toString());
        }
        assertEquals(300, ((PredictedGrokReachedTerminationCondition) StopRule.PREDICTED.conditions(listener, 300)
                .get(0).condition()).marginSteps());
        assertEquals(0, ((GrokkedTerminationCondition) StopRule.GROKKED.conditions(listener, 300).get(0).condition())
                .extraSteps(), "stops at the grokking evaluation itself");
        assertEquals(0, ((ThresholdCrossedTerminationCondition) StopRule.CROSSED.conditions(listener, 300).get(0)
                .condition()).afterSteps(), "stops at the crossing evaluation itself");
    }

    @Test
    void theSummaryNamesTheVerdict(@TempDir Path dir) throws IOException {
        List<EntropyRecord> records = new ArrayList<>();
        PhaseTracker tracker = new PhaseTracker(PhaseCriteria.defaults().withThreshold(0.61));
        List<EntropyEvent> events = new ArrayList<>();
        for (EntropyRecord r : atChance(10_000)) {
            events.addAll(tracker.observe(r));
            records.add(r.withPhase(tracker.phase()));
        }
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults().withThreshold(0.61), records);
        TrainingConfig config = TrainingConfig.builder().steps(20_000).learningRate(5.0).weightDecay(0.0)
                .evalEvery(500).stop(StopRule.CROSSED).out(dir).build();
        RunSummary summary = RunSummary.of(config, new RunResult(history, 10_000, StopReason.NOT_MEMORISING, 200, 18.0,
                null, null));
        assertEquals("not_memorising", summary.stopReason());
        assertEquals("not_memorising", summary.finalPhase());
        assertEquals("add mod 97, transformer, seed 0: not memorising its training set, not grokked", summary.headline());
        assertTrue(summary.describe().contains("memorised: not yet; final phase: not_memorising"), summary.describe());
        summary.write(dir.resolve("summary.json"));
        JsonNode json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        assertEquals(names.indexOf("stop_reason") + 1, names.indexOf("final_phase"));
        assertTrue(json.get("threshold_cross_step").isNull());

        assertEquals(List.of(EntropyEventType.NOT_MEMORISING), events.stream().map(EntropyEvent::type).toList());
        assertEquals("step 10,000: not memorising: train accuracy 0.011, still below 0.99 (H̃ "
                + String.format(java.util.Locale.ROOT, "%.4f", events.get(0).record().normalisedEntropy())
                + ", test 0.010)", ProgressText.of(events.get(0)));
    }
}
