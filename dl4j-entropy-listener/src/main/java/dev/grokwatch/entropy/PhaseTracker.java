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
 * (arXiv 2604.13123, §3.2 and appendix D.2). It sees only records, so it works the same on a live run
 * and on a history loaded from an old run's CSV ({@link #replay}).
 *
 * <p>Rules, with the thresholds of {@link PhaseCriteria}. The paper's order is memorise, collapse,
 * grok: once any evaluation of the run has measured training accuracy, collapse onset and crossing
 * wait for memorisation (a run without training accuracy skips that condition).
 * <ul>
 *   <li>memorised: first evaluation with training accuracy ≥ the memorisation criterion;</li>
 *   <li>collapse onset: first evaluation, after memorisation, whose H̃ is more than δ below the H̃ of
 *       the evaluation {@code window − 1} evaluations earlier (a net fall over the window, so one noisy
 *       point does not trigger it);</li>
 *   <li>threshold crossing: first evaluation with H̃ &lt; H̃*, at or after the collapse onset, with
 *       an earlier evaluation at H̃ ≥ H̃*: H̃ came down through the threshold. H̃ that starts below H̃*
 *       (at initialisation, or a model stuck at chance) and stays there crosses nothing;</li>
 *   <li>grokked or generalised: first evaluation with test accuracy ≥ the grokking criterion, at step
 *       T_gen. Grokking is generalisation <em>delayed</em> after memorisation (arXiv 2604.13123, §1 and
 *       §3.2): the model fitted its training set while still far from generalising. The event is grokked
 *       when the run had memorised before T_gen and test accuracy at memorisation (the first measured at or
 *       after it) was at most half the criterion ({@value #GAP_AT_MEMORISATION} of it: 0.495 at 0.99; the
 *       paper's runs: ≈ 0.02 at T_mem ≈ 1,000, grokking at ≈ 14,000, §5), and generalised otherwise: test
 *       accuracy reached the criterion before or with memorisation, or was already close to it then, as
 *       an ordinary classifier's is. One reading at memorisation decides, not the steps between the
 *       events, so neither the evaluation cadence nor how long memorisation took (S5 memorises at 2,400-
 *       5,200 steps and groks 1,400-1,800 later) changes the label. A run without training accuracy is
 *       generalised: whether after a delay is unknown without it;</li>
 *   <li>collapse without generalisation: H̃* crossed at least the configured number of steps ago and
 *       test accuracy (measured) still below the criterion;</li>
 *   <li>no collapse: neither grokked nor generalised and no onset within the configured number of steps after
 *       memorisation, or after step 0 when the run never measures training accuracy (an evaluation
 *       without it, e.g. after a deserialisation lost the training-accuracy iterator, does not move
 *       the reference back to step 0);</li>
 *   <li>not memorising: training accuracy measured at or after the configured step and still below
 *       the memorisation criterion;</li>
 *   <li>diverged: first evaluation with a NaN or infinite H̃, training accuracy, test accuracy or
 *       training loss. Such values satisfy no other rule.</li>
 * </ul>
 * The phase is that of the latest evaluation: {@link Phase#DIVERGED} while it is non-finite, else
 * grokked or generalised, collapse without generalisation, entropy collapse, no collapse, not memorising
 * (until the run memorises) or norm expansion, the first that applies. Collapse onset and crossing are
 * readings of the H̃ curve and may still fire after a run generalised; its phase stays generalised.
 */
public final class PhaseTracker implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Grokking: test accuracy at memorisation at most this share of the grokking criterion. */
    public static final double GAP_AT_MEMORISATION = 0.5;

    private final PhaseCriteria criteria;
    private final ArrayDeque<Double> window = new ArrayDeque<>();
    private final EnumMap<EntropyEventType, Long> eventSteps = new EnumMap<>(EntropyEventType.class);
    private Phase phase = Phase.NORM_EXPANSION;
    /** Some evaluation of this run measured training accuracy: memorisation is then required first. */
    private boolean trainAccuracyMeasured;
    /** Some evaluation had H̃ ≥ H̃*: a later H̃ below it is a crossing. */
    private boolean reachedThreshold;
    /** Test accuracy at memorisation: the first measured at or after the memorisation evaluation. */
    private Double testAtMemorisation;

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
        boolean finite = isFinite(record);

        Double train = record.trainAccuracy();
        trainAccuracyMeasured |= train != null;
        if (isAtLeast(train, criteria.memorisedAccuracy())) {
            fire(EntropyEventType.MEMORISED, record, fired);
        }
        boolean memorised = !trainAccuracyMeasured || has(EntropyEventType.MEMORISED);
        window.addLast(h);
        if (window.size() > criteria.collapseWindow()) {
            window.removeFirst();
        }
        if (memorised && window.size() == criteria.collapseWindow()
                && window.peekFirst() - h > criteria.collapseDelta()) {
            fire(EntropyEventType.COLLAPSE_ONSET, record, fired);
        }
        Double threshold = criteria.threshold();
        if (threshold != null && h < threshold && reachedThreshold && memorised
                && has(EntropyEventType.COLLAPSE_ONSET)) {
            fire(EntropyEventType.THRESHOLD_CROSSED, record, fired);
        }
        reachedThreshold |= threshold != null && h >= threshold;
        Double test = record.testAccuracy();
        if (testAtMemorisation == null && has(EntropyEventType.MEMORISED)) {
            testAtMemorisation = test;
        }
        if (isAtLeast(test, criteria.grokAccuracy()) && !generalised()) {
            fire(delayedPastMemorisation(step) ? EntropyEventType.GROKKED : EntropyEventType.GENERALISED, record, fired);
        }
        // the no-collapse verdict counts from memorisation, or from step 0 for a run that does not measure it
        Long reference = has(EntropyEventType.MEMORISED) ? eventSteps.get(EntropyEventType.MEMORISED)
                : trainAccuracyMeasured ? null : Long.valueOf(0L);
        Long crossed = eventSteps.get(EntropyEventType.THRESHOLD_CROSSED);
        if (crossed != null && !generalised() && test != null && test < criteria.grokAccuracy()
                && step - crossed >= criteria.collapseWithoutGeneralisationSteps()) {
            fire(EntropyEventType.COLLAPSE_WITHOUT_GENERALISATION, record, fired);
        }
        if (reference != null && finite && !has(EntropyEventType.COLLAPSE_ONSET) && !generalised()
                && step - reference >= criteria.noCollapseSteps()) {
            fire(EntropyEventType.NO_COLLAPSE, record, fired);
        }
        if (train != null && train < criteria.memorisedAccuracy() && step >= criteria.notMemorisedSteps()
                && !has(EntropyEventType.MEMORISED)) { // a run that memorised and dips is not "not memorising"
            fire(EntropyEventType.NOT_MEMORISING, record, fired);
        }
        if (!finite) {
            fire(EntropyEventType.DIVERGED, record, fired);
        }
        phase = currentPhase(finite);
        return fired;
    }

    /**
     * Generalising at {@code step} came after memorisation, and at memorisation test accuracy was still at
     * most {@link #GAP_AT_MEMORISATION} of the criterion.
     */
    private boolean delayedPastMemorisation(long step) {
        Long memorised = eventSteps.get(EntropyEventType.MEMORISED);
        return memorised != null && step > memorised && testAtMemorisation != null
                && testAtMemorisation <= GAP_AT_MEMORISATION * criteria.grokAccuracy();
    }

    private Phase currentPhase(boolean latestFinite) {
        if (!latestFinite) {
            return Phase.DIVERGED;
        }
        if (has(EntropyEventType.GROKKED)) {
            return Phase.GROKKED;
        }
        if (has(EntropyEventType.GENERALISED)) {
            return Phase.GENERALISED;
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
        if (has(EntropyEventType.NOT_MEMORISING) && !has(EntropyEventType.MEMORISED)) {
            return Phase.NOT_MEMORISING;
        }
        return Phase.NORM_EXPANSION;
    }

    private static boolean isFinite(EntropyRecord record) {
        return Double.isFinite(record.normalisedEntropy()) && finiteOrAbsent(record.trainAccuracy())
                && finiteOrAbsent(record.testAccuracy()) && finiteOrAbsent(record.trainLoss());
    }

    private static boolean finiteOrAbsent(Double value) {
        return value == null || Double.isFinite(value);
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

    /** Test accuracy has reached the grokking criterion, after a delay or not. */
    private boolean generalised() {
        return has(EntropyEventType.GROKKED) || has(EntropyEventType.GENERALISED);
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
