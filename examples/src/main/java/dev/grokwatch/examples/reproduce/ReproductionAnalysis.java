package dev.grokwatch.examples.reproduce;

import java.util.ArrayList;
import java.util.List;

/**
 * Analyses the runs of a reproduction, experiment by experiment, into claims of the paper (arXiv 2604.13123) with
 * our numbers and a verdict each ({@link VerdictRules}). Runs are read from the plan's
 * {@code OUT/runs/<RunGroup.folder()>/*} (each a {@code train} run folder), those of the group's setting under the
 * plan's initialisation only ({@link GroupRuns}); a missing group or recording makes the claims that need it
 * inconclusive, with the reason, and runs that did not finish, are missing or are of another setting are named: the
 * analysis does not throw for what is missing.
 */
public final class ReproductionAnalysis {

    private ReproductionAnalysis() {
    }

    /** The plan's experiments, their tables in {@link Experiment} order. */
    public static ReproductionResult analyse(ReproductionPlan plan) {
        if (plan == null) {
            throw new IllegalArgumentException("no plan; expected the plan whose runs to analyse");
        }
        Runs runs = new Runs(plan);
        List<ExperimentResult> results = new ArrayList<>();
        for (Experiment experiment : plan.experiments()) {
            results.add(switch (experiment) {
                case E1 -> TwoPhasesAnalysis.analyse(runs);
                case E2 -> ThresholdLeadAnalysis.analyse(runs);
                case E3 -> InterventionAnalysis.mixing(runs);
                case E4 -> InterventionAnalysis.normMatched(runs);
                case E5 -> NormEntropyAnalysis.analyse(runs);
                case E6 -> ForecastAnalysis.analyse(runs);
                case E7 -> UniversalityAnalysis.analyse(runs);
                case E8 -> ArchitectureAnalysis.analyse(runs);
                case PROBE -> ProbeAnalysis.analyse(runs);
                case OVERHEAD -> OverheadAnalysis.analyse(runs);
            });
        }
        return new ReproductionResult(plan.reproduceCommand(), plan.fileName(),
                runs.read().values().stream().map(GroupSummary::of).toList(), results, runs.read());
    }
}
