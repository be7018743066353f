package dev.grokwatch.entropy;

import org.slf4j.Logger;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Logs each event a {@link PhaseTracker} fires and hands it to every {@link EntropyEventListener}, with
 * the evaluation as recorded (phase and forecast included). Callbacks are transient, as DL4J's listeners
 * treat theirs: after Java deserialisation they must be added again, and {@link #lost()} counts the missing.
 */
final class EventDispatch implements Serializable {

    private static final long serialVersionUID = 1L;

    private transient List<EntropyEventListener> listeners;
    /** How many callbacks the builder gave, to tell after deserialisation how many were lost. */
    private final int given;

    EventDispatch(List<EntropyEventListener> listeners) {
        this.listeners = new CopyOnWriteArrayList<>(listeners);
        this.given = listeners.size();
    }

    /** @throws IllegalArgumentException when the listener is null */
    void add(EntropyEventListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("event listener is null");
        }
        listeners.add(listener);
    }

    /**
     * Delivers the events an evaluation fired, in order, each carrying {@code recorded}.
     *
     * @param log the logger of the listener that measured them: the events keep the name users filter on
     */
    void deliver(List<EntropyEvent> events, EntropyRecord recorded, Logger log) {
        for (EntropyEvent event : events) {
            EntropyEvent delivered = new EntropyEvent(event.type(), event.step(), recorded);
            log.info("grokwatch: {}", delivered);
            for (EntropyEventListener l : listeners) {
                l.onEvent(delivered);
            }
        }
    }

    /** Callbacks the builder gave that Java deserialisation dropped and were not added again. */
    int lost() {
        return Math.max(0, given - listeners.size());
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        listeners = new CopyOnWriteArrayList<>();
    }
}
