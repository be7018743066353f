package dev.grokwatch.entropy;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The rules that turn an entropy curve into phases and events (arXiv 2604.13123, §3.2 and appendix
 * D.2; see {@link PhaseTracker}). Defaults are the project's: δ = 0.02 over a window of 5 evaluations
 * (the paper's δ is not given), accuracy criteria 0.99, no threshold, verdicts after 10,000 steps
 * (not memorised, no collapse) and 5,000 steps (collapse without generalisation).
 *
 * @param collapseDelta                      collapse onset: H̃ fell by more than this ...
 * @param collapseWindow                     ... between the first and last of this many consecutive evaluations
 * @param threshold                          task threshold H̃*; {@code null}: crossing is not reported
 * @param grokAccuracy                       test accuracy at or above which the run has grokked (after
 *                                           memorising while at most half of it) or generalised
 * @param memorisedAccuracy                  training accuracy at or above which the run has memorised
 * @param noCollapseSteps                    no-collapse verdict after this many steps past memorisation
 *                                           (past step 0 when the run never measures training accuracy)
 * @param collapseWithoutGeneralisationSteps collapse-without-generalisation verdict after H̃ has been
 *                                           below H̃* this many steps with test accuracy still low
 * @param notMemorisedSteps                  not-memorising verdict when training accuracy, measured,
 *                                           is still below the memorisation criterion at this step
 */
public record PhaseCriteria(double collapseDelta, int collapseWindow, Double threshold, double grokAccuracy,
                            double memorisedAccuracy, long noCollapseSteps, long collapseWithoutGeneralisationSteps,
                            long notMemorisedSteps)
        implements java.io.Serializable {

    public static final double DEFAULT_COLLAPSE_DELTA = 0.02;
    public static final int DEFAULT_COLLAPSE_WINDOW = 5;
    public static final double DEFAULT_ACCURACY_CRITERION = 0.99;
    public static final long DEFAULT_NO_COLLAPSE_STEPS = 10_000;
    public static final long DEFAULT_COLLAPSE_WITHOUT_GENERALISATION_STEPS = 5_000;
    /**
     * Our Transformer and MLP memorise addition mod 97 by step 800 at the paper's settings, the
     * Transformer S5 (half of the pairs) at about 3,500: a run still short of the criterion at 10,000
     * is not learning its training set.
     */
    public static final long DEFAULT_NOT_MEMORISED_STEPS = 10_000;

    public PhaseCriteria {
        if (!(collapseDelta > 0) || Double.isInfinite(collapseDelta)) {
            throw new IllegalArgumentException("collapseDelta must be a positive finite number, got " + collapseDelta);
        }
        if (collapseWindow < 2) {
            throw new IllegalArgumentException("collapseWindow must be at least 2 evaluations, got " + collapseWindow);
        }
        if (threshold != null && !(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold H̃* must lie in (0, 1), got " + threshold);
        }
        checkAccuracy("grokAccuracy", grokAccuracy);
        checkAccuracy("memorisedAccuracy", memorisedAccuracy);
        if (noCollapseSteps <= 0) {
            throw new IllegalArgumentException("noCollapseSteps must be positive, got " + noCollapseSteps);
        }
        if (collapseWithoutGeneralisationSteps < 0) {
            throw new IllegalArgumentException("collapseWithoutGeneralisationSteps must be >= 0, got "
                    + collapseWithoutGeneralisationSteps);
        }
        if (notMemorisedSteps <= 0) {
            throw new IllegalArgumentException("notMemorisedSteps must be positive, got " + notMemorisedSteps);
        }
    }

    /** The criteria as read from JSON; histories written before {@code notMemorisedSteps} existed get its default. */
    @JsonCreator
    static PhaseCriteria fromJson(@JsonProperty("collapseDelta") double collapseDelta,
                                  @JsonProperty("collapseWindow") int collapseWindow,
                                  @JsonProperty("threshold") Double threshold,
                                  @JsonProperty("grokAccuracy") double grokAccuracy,
                                  @JsonProperty("memorisedAccuracy") double memorisedAccuracy,
                                  @JsonProperty("noCollapseSteps") long noCollapseSteps,
                                  @JsonProperty("collapseWithoutGeneralisationSteps") long belowThresholdSteps,
                                  @JsonProperty("notMemorisedSteps") Long notMemorisedSteps) {
        return new PhaseCriteria(collapseDelta, collapseWindow, threshold, grokAccuracy, memorisedAccuracy,
                noCollapseSteps, belowThresholdSteps,
                notMemorisedSteps == null ? DEFAULT_NOT_MEMORISED_STEPS : notMemorisedSteps);
    }

    private static void checkAccuracy(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must lie in (0, 1], got " + value);
        }
    }

    /** The project's defaults, without a threshold. */
    public static PhaseCriteria defaults() {
        return new PhaseCriteria(DEFAULT_COLLAPSE_DELTA, DEFAULT_COLLAPSE_WINDOW, null, DEFAULT_ACCURACY_CRITERION,
                DEFAULT_ACCURACY_CRITERION, DEFAULT_NO_COLLAPSE_STEPS, DEFAULT_COLLAPSE_WITHOUT_GENERALISATION_STEPS,
                DEFAULT_NOT_MEMORISED_STEPS);
    }

    public PhaseCriteria withThreshold(Double newThreshold) {
        return new PhaseCriteria(collapseDelta, collapseWindow, newThreshold, grokAccuracy, memorisedAccuracy,
                noCollapseSteps, collapseWithoutGeneralisationSteps, notMemorisedSteps);
    }

    public PhaseCriteria withCollapse(double delta, int window) {
        return new PhaseCriteria(delta, window, threshold, grokAccuracy, memorisedAccuracy, noCollapseSteps,
                collapseWithoutGeneralisationSteps, notMemorisedSteps);
    }

    public PhaseCriteria withAccuracyCriteria(double grok, double memorised) {
        return new PhaseCriteria(collapseDelta, collapseWindow, threshold, grok, memorised, noCollapseSteps,
                collapseWithoutGeneralisationSteps, notMemorisedSteps);
    }

    public PhaseCriteria withVerdictSteps(long noCollapse, long collapseWithoutGeneralisation) {
        return new PhaseCriteria(collapseDelta, collapseWindow, threshold, grokAccuracy, memorisedAccuracy, noCollapse,
                collapseWithoutGeneralisation, notMemorisedSteps);
    }

    /** The step by which training accuracy must have reached the memorisation criterion. */
    public PhaseCriteria withNotMemorisedSteps(long steps) {
        return new PhaseCriteria(collapseDelta, collapseWindow, threshold, grokAccuracy, memorisedAccuracy,
                noCollapseSteps, collapseWithoutGeneralisationSteps, steps);
    }
}
