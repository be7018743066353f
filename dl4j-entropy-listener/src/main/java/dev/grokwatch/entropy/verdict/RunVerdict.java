package dev.grokwatch.entropy.verdict;

/**
 * What a verdict rule did on one labelled run within the budget.
 *
 * @param run       the run's name
 * @param grokStep  the step it grokked at (possibly after the budget), {@code null} if it never did
 * @param firedStep the step the verdict fired at, before the budget and before grokking; {@code null} if it
 *                  did not fire (the run would have been trained on)
 */
public record RunVerdict(String run, Long grokStep, Long firedStep) {

    /** The verdict stopped the run. */
    public boolean killed() {
        return firedStep != null;
    }

    /** The verdict stopped a run that grokked later: the cost of a verdict. */
    public boolean falseKill() {
        return killed() && grokStep != null;
    }

    /** Whether the run grokked within {@code budget} steps (the label the verdict is scored against). */
    public boolean grokkedWithin(long budget) {
        return grokStep != null && grokStep <= budget;
    }
}
