package dev.grokwatch.examples.reproduce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * E1, the two phases (arXiv 2604.13123, §3.2, §5, Fig. 1): how many baseline seeds grok and when, memorisation,
 * H̃ from its first evaluation to grokking, and the order norm plateau → collapse onset → grokking in each run;
 * then the same count and timescale with PyTorch's default initialisation, the paper's.
 */
final class TwoPhasesAnalysis {

    /** Tolerance of "H̃ declines from its first value": the collapse criterion's δ. */
    static final double DECLINE_TOLERANCE = 0.02;
    /** The paper's "below 0.61" at grokking (§5). */
    static final double PAPER_ENTROPY_AT_GROK = 0.61;

    /** What may explain a timescale unlike the paper's: the initialisation differs. */
    static final String TIMESCALE = "these runs use today's default initialisation, the paper PyTorch's default (E1.8"
            + " measures that one)";

    private TwoPhasesAnalysis() {
    }

    static ExperimentResult analyse(Runs runs) {
        List<Claim> claims = new ArrayList<>();
        List<Measurement> measurements = new ArrayList<>();
        List<DetailTable> tables = new ArrayList<>();
        GroupRuns baseline = runs.group(RunGroup.BASELINE);
        String absent = baseline.absence();
        if (absent != null) {
            for (PaperClaim c : List.of(PaperClaim.E1_GROKKED, PaperClaim.E1_T_GROK, PaperClaim.E1_DECLINE_FROM_START,
                    PaperClaim.E1_BELOW_AT_GROK, PaperClaim.E1_NORM_PLATEAU_FIRST, PaperClaim.E1_ONSET_BEFORE_GROK)) {
                claims.add(VerdictRules.inconclusive(c, Estimate.none(Unit.COUNT), absent));
            }
        } else {
            baselineClaims(baseline, claims, measurements, tables);
        }
        torchInit(runs.group(RunGroup.TORCH_INIT), claims, measurements);
        return new ExperimentResult(Experiment.E1, claims, measurements, tables,
                runs.notes(Experiment.E1.groups()));
    }

    private static void baselineClaims(GroupRuns baseline, List<Claim> claims, List<Measurement> measurements,
                                       List<DetailTable> tables) {
        List<AnalysedRun> all = baseline.finished();
        List<AnalysedRun> grokked = baseline.grokked();
        claims.add(grokked(PaperClaim.E1_GROKKED, baseline));
        claims.add(VerdictRules.value(PaperClaim.E1_T_GROK, grokSteps(grokked), TIMESCALE));

        List<AnalysedRun> measured = all.stream().filter(r -> r.firstEntropy().isPresent()).toList();
        double[] first = measured.stream().mapToDouble(r -> r.firstEntropy().getAsDouble()).toArray();
        double[] peak = measured.stream().mapToDouble(TwoPhasesAnalysis::peakEntropy).filter(Double::isFinite)
                .toArray();
        claims.add(count(PaperClaim.E1_DECLINE_FROM_START, measured,
                r -> peakEntropy(r) <= r.firstEntropy().getAsDouble() + DECLINE_TOLERANCE, baseline.lacking(),
                String.format(Locale.ROOT, "H̃ rises from %.3f at the first evaluation to a peak of %.3f (means) before"
                        + " it falls, so Phase I does not start at its highest H̃ here", mean(first), mean(peak))));
        double[] atGrok = grokked.stream().mapToDouble(TwoPhasesAnalysis::entropyAtGrok).filter(Double::isFinite)
                .toArray();
        claims.add(count(PaperClaim.E1_BELOW_AT_GROK, grokked, r -> entropyAtGrok(r) < PAPER_ENTROPY_AT_GROK,
                baseline.lacking(), null));
        List<AnalysedRun> withOnset = all.stream()
                .filter(r -> r.collapseOnsetStep().isPresent() && r.normPlateauStep().isPresent()).toList();
        claims.add(count(PaperClaim.E1_NORM_PLATEAU_FIRST, withOnset,
                r -> r.normPlateauStep().getAsLong() <= r.collapseOnsetStep().getAsLong(), baseline.lacking(),
                "in those runs the norm was still growing at the collapse onset (plateau: trailing mean of 5"
                        + " evaluations within 2% of its peak)"));
        claims.add(count(PaperClaim.E1_ONSET_BEFORE_GROK, grokked,
                r -> r.collapseOnsetStep().isPresent()
                        && r.collapseOnsetStep().getAsLong() < r.grokStep().getAsLong(), baseline.lacking(),
                "in those runs no collapse onset (H̃ falling by more than 0.02 over 5 evaluations) came before"
                        + " grokking"));

        measurements.add(new Measurement("memorisation step (train accuracy ≥ 0.99)",
                Numbers.mean(Unit.STEPS, steps(all, AnalysedRun::memorisedStep))));
        measurements.add(new Measurement("H̃ at the first evaluation (train evaluates first after one cadence of"
                + " steps, not at step 0)", Numbers.mean(Unit.ENTROPY, first)));
        measurements.add(new Measurement("peak H̃ up to grokking", Numbers.mean(Unit.ENTROPY, peak)));
        measurements.add(new Measurement("H̃ at grokking", Numbers.mean(Unit.ENTROPY, atGrok)));
        measurements.add(new Measurement("norm plateau step", Numbers.mean(Unit.STEPS,
                steps(all, AnalysedRun::normPlateauStep))));
        measurements.add(new Measurement("collapse onset step", Numbers.mean(Unit.STEPS,
                steps(all, AnalysedRun::collapseOnsetStep))));

        List<List<String>> rows = new ArrayList<>();
        for (AnalysedRun r : all) {
            rows.add(List.of(r.name(), Numbers.step(r.memorisedStep()), Numbers.step(r.normPlateauStep()),
                    Numbers.step(r.collapseOnsetStep()), Numbers.step(r.crossingStep()), Numbers.step(r.grokStep()),
                    Numbers.cell(Unit.ENTROPY, r.firstEntropy()),
                    Numbers.cell(Unit.ENTROPY, r.firstEntropy().isPresent() ? OptionalDouble.of(peakEntropy(r))
                            : OptionalDouble.empty()),
                    Numbers.cell(Unit.ENTROPY, r.grokked() ? OptionalDouble.of(entropyAtGrok(r))
                            : OptionalDouble.empty())));
        }
        tables.add(new DetailTable("Baseline runs (steps; H̃ read against each run's H̃*)", List.of("run", "memorised",
                "norm plateau", "collapse onset", "H̃ < H̃*", "T_grok", "H̃ first", "H̃ peak", "H̃ at T_grok"), rows));
    }

    private static void torchInit(GroupRuns torch, List<Claim> claims, List<Measurement> measurements) {
        String absent = torch.absence();
        if (absent != null) {
            claims.add(VerdictRules.inconclusive(PaperClaim.E1_TORCH_GROKKED, Estimate.none(Unit.COUNT), absent));
            claims.add(VerdictRules.inconclusive(PaperClaim.E1_TORCH_T_GROK, Estimate.none(Unit.STEPS), absent));
            return;
        }
        claims.add(grokked(PaperClaim.E1_TORCH_GROKKED, torch));
        claims.add(VerdictRules.value(PaperClaim.E1_TORCH_T_GROK, grokSteps(torch.grokked()),
                "with the paper's initialisation our runs grok on a different timescale from the paper's"));
        measurements.add(new Measurement("torch init: memorisation step", Numbers.mean(Unit.STEPS,
                steps(torch.finished(), AnalysedRun::memorisedStep))));
    }

    /**
     * The count rule over {@code runs}, naming those against the claim.
     *
     * @param lacking the runs the groups read lack ({@link GroupRuns#lacking()}), which the count cannot include
     */
    static Claim count(PaperClaim claim, List<AnalysedRun> runs, Predicate<AnalysedRun> shows, List<String> lacking,
                       String context) {
        List<String> against = runs.stream().filter(shows.negate()).map(AnalysedRun::name).toList();
        return VerdictRules.count(claim, runs.size() - against.size(), runs.size(), against, lacking, context);
    }

    /**
     * "Every seed groks": the count rule over the group's finished runs, each that did not grok named with how it
     * ended: generalised without a delay past memorisation, or short of 0.99 when the run ended.
     */
    static Claim grokked(PaperClaim claim, GroupRuns group) {
        List<AnalysedRun> runs = group.finished();
        List<String> against = runs.stream().filter(r -> !r.grokked()).map(TwoPhasesAnalysis::howItEnded).toList();
        return VerdictRules.count(claim, runs.size() - against.size(), runs.size(), against, group.lacking(), null);
    }

    /** How a run that did not grok ended, e.g. {@code s5-transformer-seed6 generalised without a delay (...)}. */
    static String howItEnded(AnalysedRun run) {
        if (run.generalisedStep().isPresent()) {
            long step = run.generalisedStep().getAsLong();
            String atMemorisation = run.memorisedStep().isPresent()
                    ? run.testAccuracyAt(run.memorisedStep().getAsLong()).stream().mapToObj(a -> String.format(
                    Locale.ROOT, "; test accuracy %.2f at memorisation", a)).findFirst().orElse("") : "";
            return String.format(Locale.ROOT, "%s generalised without a delay (test accuracy ≥ 0.99 at step %,d%s)",
                    run.name(), step, atMemorisation);
        }
        return String.format(Locale.ROOT, "%s did not reach test accuracy 0.99 in its %,d steps", run.name(),
                run.lastStep());
    }

    /** Mean T_grok of grokked runs with its interval. */
    static Estimate grokSteps(List<AnalysedRun> grokked) {
        return Numbers.mean(Unit.STEPS, grokked.stream().mapToDouble(r -> r.grokStep().getAsLong()).toArray());
    }

    static double entropyAtGrok(AnalysedRun run) {
        return run.entropyAt(run.grokStep().getAsLong()).orElse(Double.NaN);
    }

    /** Largest H̃ up to grokking (the whole run when it did not grok). */
    private static double peakEntropy(AnalysedRun run) {
        return run.maxEntropyUpTo(run.grokked() ? run.grokStep().getAsLong() : run.lastStep()).orElse(Double.NaN);
    }

    private static double[] steps(List<AnalysedRun> runs, Function<AnalysedRun, OptionalLong> step) {
        return runs.stream().map(step).filter(OptionalLong::isPresent).mapToDouble(OptionalLong::getAsLong).toArray();
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }
}
