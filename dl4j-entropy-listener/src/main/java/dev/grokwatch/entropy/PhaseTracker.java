package dev.grokwatch.entropy;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads an entropy curve one evaluation at a time and decides the phase and the events
 * (METHOD.md §2). It sees only records, so it works the same on a live run and on a history
 * loaded from an old run's CSV ({@link #replay}).
 *
 * <p>Rules, with the thresholds of {@link PhaseCriteria}:
 * <ul>
 *   <li>memorised: first evaluation with training accuracy ≥ the memorisation criterion;</li>
 *   <li>collapse onset: first evaluation whose H̃ is more than δ below the H̃ of the evaluation
 *       {@code window − 1} evaluations earlier (a net fall over the window, so one noisy point does not trigger it);</li>
 *   <li>threshold crossing: first evaluation with H̃ &lt; H̃* at or after the collapse onset (H̃ may
 *       start below H̃* at initialisation and rise while the model memorises: that is no crossing);</li>
 *   <li>grokked: first evaluation with test accuracy ≥ the grokking criterion;</li>
 *   <li>collapse without generalisation: H̃* crossed at least the configured number of steps ago and
 *       test accuracy (measured) still below the criterion;</li>
 *   <li>no collapse: no onset within the configured number of steps after memorisation (after step 0
 *       when training accuracy is not measured).</li>
 * </ul>
 * NaN values (a diverged model) satisfy no rule.
 */
public final class PhaseTracker implements Serializable {

    private static final long serialVersionUID = 1L;

    private final PhaseCriteria criteria;
    private final ArrayDeque<Double> window = new ArrayDeque<>();
    private final EnumMap<EntropyEventType, Long> eventSteps = new EnumMap<>(EntropyEventType.class);
    private Phase phase = Phase.NORM_EXPANSION;

    public PhaseTracker(PhaseCriteria criteria) {
        if (criteria == null) {
            throw new IllegalArgumentException("criteria is null; expected PhaseCriteria (e.g. PhaseCriteria.defaults())");
        }
        this.criteria = criteria;
    }

    /** A tracker that has read every record of the history, in order. */
    public static PhaseTracker replay(EntropyHistory history) {
        PhaseTracker tracker = new PhaseTracker(history.criteria());
        for (EntropyRecord record : history.records()) {
            tracker.observe(record);
        }
        return tracker;
    }

    /**
     * Reads the next evaluation (steps must increase) and returns the events it fires, in the order
     * they happen on the curve. {@link #phase()} is updated.
     */
    public List<EntropyEvent> observe(EntropyRecord record) {
        List<EntropyEvent> fired = new ArrayList<>(2);
        long step = record.step();
        double h = record.normalisedEntropy();

        if (isAtLeast(record.trainAccuracy(), criteria.memorisedAccuracy())) {
            fire(EntropyEventType.MEMORISED, record, fired);
        }
        window.addLast(h);
        if (window.size() > criteria.collapseWindow()) {
            window.removeFirst();
        }
        if (window.size() == criteria.collapseWindow() && window.peekFirst() - h > criteria.collapseDelta()) {
            fire(EntropyEventType.COLLAPSE_ONSET, record, fired);
        }
        Double threshold = criteria.threshold();
        // Only a crossing during the collapse counts: H̃ can start below H̃* at initialisation and rise
        // while the model memorises (seen on S5), which says nothing about grokking.
        if (threshold != null && h < threshold && has(EntropyEventType.COLLAPSE_ONSET)) {
            fire(EntropyEventType.THRESHOLD_CROSSED, record, fired);
        }
        boolean grokked = isAtLeast(record.testAccuracy(), criteria.grokAccuracy());
        if (grokked) {
            fire(EntropyEventType.GROKKED, record, fired);
        }
        Long crossed = eventSteps.get(EntropyEventType.THRESHOLD_CROSSED);
        if (crossed != null && !has(EntropyEventType.GROKKED) && record.testAccuracy() != null
                && record.testAccuracy() < criteria.grokAccuracy()
                && step - crossed >= criteria.collapseWithoutGeneralisationSteps()) {
            fire(EntropyEventType.COLLAPSE_WITHOUT_GENERALISATION, record, fired);
        }
        Long reference = record.trainAccuracy() == null ? Long.valueOf(0L) : eventSteps.get(EntropyEventType.MEMORISED);
        if (reference != null && !has(EntropyEventType.COLLAPSE_ONSET) && step - reference >= criteria.noCollapseSteps()) {
            fire(EntropyEventType.NO_COLLAPSE, record, fired);
        }
        phase = currentPhase();
        return fired;
    }

    private Phase currentPhase() {
        if (has(EntropyEventType.GROKKED)) {
            return Phase.GROKKED;
        }
        if (has(EntropyEventType.COLLAPSE_WITHOUT_GENERALISATION)) {
            return Phase.COLLAPSE_WITHOUT_GENERALISATION;
        }
        if (has(EntropyEventType.COLLAPSE_ONSET)) {
            return Phase.ENTROPY_COLLAPSE;
        }
        if (has(EntropyEventType.NO_COLLAPSE)) {
            return Phase.NO_COLLAPSE;
        }
        return Phase.NORM_EXPANSION;
    }

    private void fire(EntropyEventType type, EntropyRecord record, List<EntropyEvent> fired) {
        if (eventSteps.putIfAbsent(type, record.step()) == null) {
            fired.add(new EntropyEvent(type, record.step(), record));
        }
    }

    private static boolean isAtLeast(Double value, double criterion) {
        return value != null && value >= criterion;
    }

    private boolean has(EntropyEventType type) {
        return eventSteps.containsKey(type);
    }

    public PhaseCriteria criteria() {
        return criteria;
    }

    /** Phase after the last observed evaluation. */
    public Phase phase() {
        return phase;
    }

    /** Step at which an event fired, if it has. */
    public OptionalLong stepOf(EntropyEventType type) {
        Long step = eventSteps.get(type);
        return step == null ? OptionalLong.empty() : OptionalLong.of(step);
    }

    /** Every event fired so far with its step. */
    public Map<EntropyEventType, Long> eventSteps() {
        return Collections.unmodifiableMap(new EnumMap<>(eventSteps));
    }
}
