package dev.grokwatch.entropy;

import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.RandomAccess;

/**
 * The entropy curve up to one evaluation and the events a {@link PhaseTracker} read on it (arXiv
 * 2604.13123, §3.2): what a {@code GrokForecaster} reads. During training the listener hands over a
 * read-only view of its history followed by the evaluation being recorded, and the events of the one
 * tracker it keeps incrementally: nothing is copied or replayed. For a run read from a file,
 * {@link #of(EntropyHistory)} replays a tracker once.
 */
public final class EntropyCurve {

    private final List<EntropyRecord> records;
    private final Map<EntropyEventType, Long> eventSteps;

    private EntropyCurve(List<EntropyRecord> records, Map<EntropyEventType, Long> eventSteps) {
        this.records = records;
        this.eventSteps = eventSteps;
    }

    /** A history's records, with the events of a tracker replayed over them under the history's criteria. */
    public static EntropyCurve of(EntropyHistory history) {
        return new EntropyCurve(history.records(), PhaseTracker.replay(history).eventSteps());
    }

    /**
     * The history followed by {@code next}, the evaluation about to be appended, with the events of
     * {@code tracker}, which has observed every record of the history and then {@code next}. The history
     * is not copied: it must not grow while the curve is read (the listener appends after forecasting).
     */
    static EntropyCurve beforeAppend(EntropyHistory history, EntropyRecord next, PhaseTracker tracker) {
        return new EntropyCurve(new FollowedBy(history.view(), next), tracker.eventSteps());
    }

    /** The evaluations in step order, read-only. */
    public List<EntropyRecord> records() {
        return records;
    }

    /** The latest evaluation; empty for an empty curve. */
    public Optional<EntropyRecord> latest() {
        return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
    }

    /** Step at which an event fired on this curve, if it has (e.g. the collapse onset that starts Phase II). */
    public OptionalLong stepOf(EntropyEventType type) {
        Long step = eventSteps.get(type);
        return step == null ? OptionalLong.empty() : OptionalLong.of(step);
    }

    /** A list followed by one more element, read through without a copy. */
    private static final class FollowedBy extends AbstractList<EntropyRecord> implements RandomAccess {
        private final List<EntropyRecord> earlier;
        private final int earlierSize;
        private final EntropyRecord next;

        FollowedBy(List<EntropyRecord> earlier, EntropyRecord next) {
            this.earlier = earlier;
            this.earlierSize = earlier.size();
            this.next = next;
        }

        @Override
        public EntropyRecord get(int index) {
            Objects.checkIndex(index, earlierSize + 1);
            return index < earlierSize ? earlier.get(index) : next;
        }

        @Override
        public int size() {
            return earlierSize + 1;
        }
    }
}
