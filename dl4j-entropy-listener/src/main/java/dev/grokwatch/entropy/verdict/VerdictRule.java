package dev.grokwatch.entropy.verdict;

import dev.grokwatch.entropy.EntropyEventType;
import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.PhaseCriteria;
import dev.grokwatch.entropy.PhaseTracker;

import java.util.OptionalLong;

/**
 * A "will not grok" verdict: it fires when an awaited event has not happened within a horizon of h steps
 * after a reference event (arXiv 2604.13123, appendix D.2, uses such verdicts to abandon a hyperparameter
 * configuration early). The events are {@link PhaseTracker}'s, read with the given threshold H̃*; the three
 * verdicts the tracker itself reports ({@link #NOT_MEMORISING}, {@link #NO_COLLAPSE},
 * {@link #COLLAPSE_WITHOUT_GENERALISATION}) are read from it with h as its criterion, so this class measures
 * exactly what a live run reports.
 *
 * <p>When a run never measures training accuracy, "memorisation" is step 0, as in the tracker.
 */
public enum VerdictRule {

    /**
     * Training accuracy, measured, still below the memorisation criterion h steps into the run (the tracker's
     * {@code not_memorising}). Its reference is step 0; a run that never measures training accuracy is not judged.
     */
    NOT_MEMORISING("not_memorising", "not memorised h steps into the run",
            PhaseCriteria.DEFAULT_NOT_MEMORISED_STEPS),
    /** No collapse onset within h steps after memorisation (the tracker's {@code no_collapse}). */
    NO_COLLAPSE("no_collapse", "no collapse onset h steps after memorising",
            PhaseCriteria.DEFAULT_NO_COLLAPSE_STEPS),
    /** H̃ has not come down through H̃* within h steps after memorisation (no threshold crossing). */
    NO_CROSSING("no_crossing", "H̃ not down through H̃* h steps after memorising", null),
    /**
     * Test accuracy still below the grokking criterion h steps after H̃ crossed H̃* (the tracker's
     * {@code collapse_without_generalisation}).
     */
    COLLAPSE_WITHOUT_GENERALISATION("collapse_without_generalisation", "not grokked h steps after crossing H̃*",
            PhaseCriteria.DEFAULT_COLLAPSE_WITHOUT_GENERALISATION_STEPS),
    /**
     * The naive baseline: test accuracy still below the grokking criterion h steps after memorisation. It
     * reads no H̃ but needs test data; a rule on H̃ earns its place by saving more steps than this at no
     * more false kills.
     */
    NOT_GROKKED("not_grokked", "not grokked h steps after memorising (baseline)", null);

    private final String label;
    private final String description;
    private final Long defaultHorizon;

    VerdictRule(String label, String description, Long defaultHorizon) {
        this.label = label;
        this.description = description;
        this.defaultHorizon = defaultHorizon;
    }

    /** Short name, as in the phase labels of {@code metrics.csv} where the tracker reports it. */
    public String label() {
        return label;
    }

    /** One line: what has not happened h steps after what. */
    public String description() {
        return description;
    }

    /** The library's horizon in steps ({@link PhaseCriteria#defaults()}), empty for rules the tracker does not report. */
    public OptionalLong defaultHorizon() {
        return defaultHorizon == null ? OptionalLong.empty() : OptionalLong.of(defaultHorizon);
    }

    /**
     * The step of the first evaluation at which the verdict fires on {@code history}, read with threshold
     * H̃* {@code threshold} and horizon {@code horizon}; empty if it never fires (e.g. the run grokked first).
     *
     * @param threshold H̃* in (0, 1)
     * @param horizon   h in steps, positive
     * @throws IllegalArgumentException on a threshold outside (0, 1) or a horizon that is not positive
     */
    public OptionalLong firesAt(EntropyHistory history, double threshold, long horizon) {
        if (horizon <= 0) {
            throw new IllegalArgumentException(label + " horizon must be a positive number of steps, got " + horizon);
        }
        PhaseCriteria criteria = history.criteria().withThreshold(threshold);
        return switch (this) {
            case NOT_MEMORISING -> replay(history, criteria.withNotMemorisedSteps(horizon))
                    .stepOf(EntropyEventType.NOT_MEMORISING);
            case NO_COLLAPSE -> replay(history, criteria.withVerdictSteps(horizon,
                    criteria.collapseWithoutGeneralisationSteps())).stepOf(EntropyEventType.NO_COLLAPSE);
            case COLLAPSE_WITHOUT_GENERALISATION -> replay(history, criteria.withVerdictSteps(
                    criteria.noCollapseSteps(), horizon)).stepOf(EntropyEventType.COLLAPSE_WITHOUT_GENERALISATION);
            case NO_CROSSING, NOT_GROKKED -> firstLateEvaluation(history, replay(history, criteria), horizon);
        };
    }

    /**
     * How long a run waited for this rule's awaited event: steps from the reference event to the awaited
     * event or grokking, whichever came first. At any horizon of at least this many steps the rule does not
     * fire on the run before it grokked. Empty when the run never reached the reference event before
     * grokking (e.g. grokked before H̃ crossed H̃*) or never grokked.
     *
     * @param threshold H̃* in (0, 1)
     */
    public OptionalLong waitOf(EntropyHistory history, double threshold) {
        PhaseTracker tracker = replay(history, history.criteria().withThreshold(threshold));
        OptionalLong grok = generalisation(tracker);
        OptionalLong reference = reference(history, tracker);
        if (grok.isEmpty() || reference.isEmpty() || reference.getAsLong() > grok.getAsLong()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(awaited(tracker).getAsLong() - reference.getAsLong());
    }

    /** The first evaluation h or more steps after the reference with the awaited event still to come. */
    private OptionalLong firstLateEvaluation(EntropyHistory history, PhaseTracker tracker, long horizon) {
        OptionalLong reference = reference(history, tracker);
        if (reference.isEmpty()) {
            return OptionalLong.empty();
        }
        OptionalLong awaited = awaited(tracker);
        for (EntropyRecord record : history.records()) {
            long step = record.step();
            if (awaited.isPresent() && step >= awaited.getAsLong()) {
                return OptionalLong.empty();
            }
            if (step - reference.getAsLong() >= horizon) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Step 0 for {@link #NOT_MEMORISING} (when training accuracy is measured), the H̃* crossing for
     * {@link #COLLAPSE_WITHOUT_GENERALISATION}, else memorisation (step 0 for a run that never measures
     * training accuracy).
     */
    private OptionalLong reference(EntropyHistory history, PhaseTracker tracker) {
        boolean measured = history.records().stream().anyMatch(r -> r.trainAccuracy() != null);
        if (this == NOT_MEMORISING) {
            return measured ? OptionalLong.of(0) : OptionalLong.empty();
        }
        if (this == COLLAPSE_WITHOUT_GENERALISATION) {
            return tracker.stepOf(EntropyEventType.THRESHOLD_CROSSED);
        }
        OptionalLong memorised = tracker.stepOf(EntropyEventType.MEMORISED);
        return memorised.isPresent() || measured ? memorised : OptionalLong.of(0);
    }

    /** The earlier of the awaited event and grokking (or generalising), empty if neither happened. */
    private OptionalLong awaited(PhaseTracker tracker) {
        OptionalLong grok = generalisation(tracker);
        OptionalLong event = switch (this) {
            case NOT_MEMORISING -> tracker.stepOf(EntropyEventType.MEMORISED);
            case NO_COLLAPSE -> tracker.stepOf(EntropyEventType.COLLAPSE_ONSET);
            case NO_CROSSING -> tracker.stepOf(EntropyEventType.THRESHOLD_CROSSED);
            case COLLAPSE_WITHOUT_GENERALISATION, NOT_GROKKED -> OptionalLong.empty();
        };
        if (event.isEmpty()) {
            return grok;
        }
        return grok.isEmpty() ? event : OptionalLong.of(Math.min(event.getAsLong(), grok.getAsLong()));
    }

    /**
     * The step test accuracy reached the criterion, grokked or generalised without a delay: either way a
     * run a verdict must not stop before it.
     */
    static OptionalLong generalisation(PhaseTracker tracker) {
        OptionalLong grok = tracker.stepOf(EntropyEventType.GROKKED);
        return grok.isPresent() ? grok : tracker.stepOf(EntropyEventType.GENERALISED);
    }

    private static PhaseTracker replay(EntropyHistory history, PhaseCriteria criteria) {
        return PhaseTracker.replay(history.withCriteria(criteria));
    }
}
