package dev.grokwatch.entropy.verdict;

import java.util.List;

/**
 * One verdict rule at one horizon on a labelled set of runs, scored against "did not grok within the budget"
 * (the positive class of a verdict is a run that will not grok): precision, recall, the training steps it saves
 * and the runs it would have killed although they grokked.
 *
 * @param rule      the verdict
 * @param horizon   its horizon h, steps
 * @param threshold H̃* the runs were read with
 * @param budget    N: the steps each run would otherwise be trained for
 * @param runs      every run's outcome, in the order the runs were given
 */
public record VerdictScore(VerdictRule rule, long horizon, double threshold, long budget, List<RunVerdict> runs) {

    public VerdictScore {
        if (rule == null || runs == null) {
            throw new IllegalArgumentException("a verdict score needs a rule and its runs; got rule " + rule
                    + ", runs " + runs);
        }
        runs = List.copyOf(runs);
    }

    /** Runs that did not grok within the budget (the runs a verdict should stop). */
    public int negatives() {
        return (int) runs.stream().filter(r -> !r.grokkedWithin(budget)).count();
    }

    /** Runs that grokked within the budget. */
    public int positives() {
        return runs.size() - negatives();
    }

    /** Runs stopped that did not grok within the budget. */
    public int truePositives() {
        return (int) runs.stream().filter(r -> r.killed() && !r.grokkedWithin(budget)).count();
    }

    /** Runs stopped that grokked within the budget. */
    public int falsePositives() {
        return (int) runs.stream().filter(r -> r.killed() && r.grokkedWithin(budget)).count();
    }

    /** Of the runs stopped, the share that did not grok within the budget; NaN when none was stopped. */
    public double precision() {
        int stopped = truePositives() + falsePositives();
        return stopped == 0 ? Double.NaN : (double) truePositives() / stopped;
    }

    /** Of the runs that did not grok within the budget, the share stopped; NaN when there are none. */
    public double recall() {
        int negatives = negatives();
        return negatives == 0 ? Double.NaN : (double) truePositives() / negatives;
    }

    /** Steps not trained on the runs that did not grok within the budget: Σ (budget − step it fired). */
    public long stepsSaved() {
        return runs.stream().filter(r -> r.killed() && !r.grokkedWithin(budget))
                .mapToLong(r -> budget - r.firedStep()).sum();
    }

    /** {@link #stepsSaved()} per run that did not grok within the budget (stopped or not); NaN without such runs. */
    public double meanStepsSaved() {
        int negatives = negatives();
        return negatives == 0 ? Double.NaN : (double) stepsSaved() / negatives;
    }

    /** Runs stopped that grokked, within the budget or later, with the step the verdict fired. */
    public List<RunVerdict> falseKills() {
        return runs.stream().filter(RunVerdict::falseKill).toList();
    }
}
