package dev.grokwatch.entropy;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static dev.grokwatch.entropy.JavaSerialisation.roundTrip;
import static org.junit.jupiter.api.Assertions.*;

/** Every callback sees every event once, in order, carrying the evaluation as recorded. */
class EventDispatchTest {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatchTest.class);

    static EntropyRecord record(long step, Phase phase) {
        return EntropyRecord.builder().at(step, 0).spectrum(0.5, 1, 2, null).paramNorm(1).wallMs(1).phase(phase).build();
    }

    @Test
    void eachCallbackGetsEachEventInOrderWithTheRecordedEvaluation() {
        List<String> first = new ArrayList<>();
        List<EntropyEvent> second = new ArrayList<>();
        EventDispatch dispatch = new EventDispatch(List.of(e -> first.add(e.type() + "@" + e.step())));
        dispatch.add(second::add);
        EntropyRecord measured = record(400, null);
        EntropyRecord recorded = record(400, Phase.GROKKED).withPredictedGrokStep(420L);
        dispatch.deliver(List.of(new EntropyEvent(EntropyEventType.MEMORISED, 400, measured),
                new EntropyEvent(EntropyEventType.GROKKED, 400, measured)), recorded, LOG);
        assertEquals(List.of("MEMORISED@400", "GROKKED@400"), first);
        assertEquals(2, second.size());
        assertSame(recorded, second.get(0).record(), "the tracker's record is replaced by the one appended");
        assertEquals(EntropyEventType.GROKKED, second.get(1).type());
        dispatch.deliver(List.of(), recorded, LOG);
        assertEquals(2, first.size(), "no events, no calls");
    }

    @Test
    void nullCallbacksAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EventDispatch(List.of()).add(null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void serialisationDropsTheCallbacksAndCountsThem() throws Exception {
        EventDispatch dispatch = new EventDispatch(List.<EntropyEventListener>of(e -> { }, e -> { }));
        assertEquals(0, dispatch.lost());
        EventDispatch copy = roundTrip(dispatch);
        assertEquals(2, copy.lost());
        List<EntropyEvent> seen = new ArrayList<>();
        copy.add(seen::add);
        assertEquals(1, copy.lost());
        copy.deliver(List.of(new EntropyEvent(EntropyEventType.DIVERGED, 10, record(10, null))), record(10, Phase.DIVERGED), LOG);
        assertEquals(1, seen.size(), "a callback added after deserialisation is called");
    }
}
