package dev.grokwatch.examples.reproduce;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Analyses the runs of a reproduction, experiment by experiment, into claims of the paper (arXiv 2604.13123) with
 * our numbers and a verdict each ({@link VerdictRules}). Runs are read from {@code runsRoot/<RunGroup.folder()>/*}
 * (each a {@code train} run folder); a missing group or recording makes the claims that need it inconclusive, with
 * the reason, and runs that did not finish are named: the analysis does not throw for what is missing.
 */
public final class ReproductionAnalysis {

    private ReproductionAnalysis() {
    }

    /**
     * @param runsRoot    {@code OUT/runs}: one folder per run group
     * @param experiments the experiments to analyse (their tables come in {@link Experiment} order)
     */
    public static ReproductionResult analyse(Path runsRoot, Set<Experiment> experiments) {
        if (runsRoot == null || experiments == null) {
            throw new IllegalArgumentException("runsRoot " + runsRoot + ", experiments " + experiments
                    + "; expected the runs folder (OUT/runs) and a set of experiments");
        }
        Runs runs = new Runs(runsRoot);
        List<ExperimentResult> results = new ArrayList<>();
        for (Experiment experiment : experiments.isEmpty() ? EnumSet.noneOf(Experiment.class)
                : EnumSet.copyOf(experiments)) {
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
        return new ReproductionResult(runs.read().values().stream().map(GroupSummary::of).toList(), results,
                runs.read());
    }
}
