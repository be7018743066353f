package dev.grokwatch.entropy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.*;

/** A curve is its records and the events a tracker reads on them, whether replayed or handed over live. */
class EntropyCurveTest {

    static EntropyRecord record(long step, double h, Double train) {
        return EntropyRecord.builder().at(step, 0).spectrum(h, h, Math.exp(h), null).paramNorm(1).wallMs(1)
                .trainAccuracy(train).build();
    }

    /** Memorised at 200, H̃ falls by more than 0.02 over the default window of 5: onset at 1000. */
    static EntropyHistory collapsing() {
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
        double[] h = {0.9, 0.9, 0.9, 0.9, 0.87, 0.86, 0.8};
        for (int i = 0; i < h.length; i++) {
            history.append(record(200L * (i + 1), h[i], 1.0));
        }
        return history;
    }

    @Test
    void aHistorysCurveHasItsRecordsAndTheReplayedEvents() {
        EntropyHistory history = collapsing();
        EntropyCurve curve = EntropyCurve.of(history);
        assertEquals(history.records(), curve.records());
        assertEquals(history.latest(), curve.latest());
        assertEquals(OptionalLong.of(1000), curve.stepOf(EntropyEventType.COLLAPSE_ONSET));
        assertEquals(history.collapseOnsetStep(), curve.stepOf(EntropyEventType.COLLAPSE_ONSET));
        assertEquals(OptionalLong.of(200), curve.stepOf(EntropyEventType.MEMORISED));
        assertEquals(OptionalLong.empty(), curve.stepOf(EntropyEventType.GROKKED));
        EntropyCurve empty = EntropyCurve.of(new EntropyHistory(PhaseCriteria.defaults()));
        assertEquals(Optional.empty(), empty.latest());
        assertEquals(List.of(), empty.records());
    }

    @Test
    void beforeAppendReadsTheHistoryFollowedByTheNextRecordWithTheLiveTrackersEvents() {
        EntropyHistory all = collapsing();
        List<EntropyRecord> records = all.records();
        EntropyHistory earlier = new EntropyHistory(all.criteria(), records.subList(0, 4));
        PhaseTracker tracker = PhaseTracker.replay(earlier);
        EntropyRecord next = records.get(4);
        tracker.observe(next);

        EntropyCurve live = EntropyCurve.beforeAppend(earlier, next, tracker);
        EntropyCurve offline = EntropyCurve.of(new EntropyHistory(all.criteria(), records.subList(0, 5)));
        assertEquals(offline.records(), live.records());
        assertEquals(5, live.records().size());
        assertSame(next, live.records().get(4));
        assertSame(next, live.latest().orElseThrow());
        assertEquals(offline.stepOf(EntropyEventType.COLLAPSE_ONSET), live.stepOf(EntropyEventType.COLLAPSE_ONSET));
        assertEquals(OptionalLong.of(1000), live.stepOf(EntropyEventType.COLLAPSE_ONSET));
        assertEquals(records.subList(3, 5), live.records().subList(3, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> live.records().get(5));
        assertThrows(UnsupportedOperationException.class, () -> live.records().add(next));
        assertThrows(UnsupportedOperationException.class, () -> live.records().set(0, next));
        assertEquals(4, earlier.size(), "the history is read, not appended to");
    }

    @Test
    void theCurveKeepsTheEventsOfItsEvaluationNotLaterOnes() {
        EntropyHistory all = collapsing();
        PhaseTracker tracker = new PhaseTracker(all.criteria());
        EntropyHistory growing = new EntropyHistory(all.criteria());
        EntropyCurve atFourth = null;
        for (EntropyRecord r : all.records()) {
            tracker.observe(r);
            EntropyCurve curve = EntropyCurve.beforeAppend(growing, r, tracker);
            if (r.step() == 800) {
                atFourth = curve;
            }
            growing.append(r);
        }
        assertEquals(OptionalLong.empty(), atFourth.stepOf(EntropyEventType.COLLAPSE_ONSET),
                "the onset fired later, after this curve was handed over");
    }
}
