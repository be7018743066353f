package dev.grokwatch.examples.reproduce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * E8, the MLP against the Transformer (arXiv 2604.13123, §11, Fig. 9): both memorise early, the MLP's H̃ collapses
 * below H̃* without grokking and its Fourier alignment stays near zero, while the Transformer's alignment grows
 * through the transition.
 */
final class ArchitectureAnalysis {

    /** The paper's "within 500 steps" (§11). */
    static final long MEMORISED_BY = 500;
    /** "Near zero" for a Fourier alignment: at most this (a maximum Pearson correlation over frequencies). */
    static final double NEAR_ZERO_ALIGNMENT = 0.2;

    private ArchitectureAnalysis() {
    }

    static ExperimentResult analyse(Runs runs) {
        GroupRuns transformer = runs.group(RunGroup.BASELINE);
        GroupRuns mlp = runs.group(RunGroup.MLP);
        List<Claim> claims = new ArrayList<>();
        String mlpAbsent = mlp.absence();
        String transformerAbsent = transformer.absence();
        if (mlpAbsent != null || transformerAbsent != null) {
            claims.add(VerdictRules.inconclusive(PaperClaim.E8_MEMORISE, Estimate.none(Unit.COUNT),
                    mlpAbsent != null ? mlpAbsent : transformerAbsent));
        } else {
            List<AnalysedRun> both = Stream.concat(mlp.finished().stream(), transformer.finished().stream()).toList();
            double meanMemorised = both.stream().filter(r -> r.memorisedStep().isPresent())
                    .mapToLong(r -> r.memorisedStep().getAsLong()).average().orElse(Double.NaN);
            List<String> lacking = Stream.concat(mlp.lacking().stream(), transformer.lacking().stream()).toList();
            claims.add(TwoPhasesAnalysis.count(PaperClaim.E8_MEMORISE, both, r -> r.memorisedStep().isPresent()
                    && r.memorisedStep().getAsLong() <= MEMORISED_BY, lacking, String.format(Locale.ROOT, "ours memorise at"
                    + " a mean step %,.0f (train accuracy ≥ 0.99, evaluated every 200 steps)", meanMemorised)));
        }
        if (mlpAbsent != null) {
            claims.add(VerdictRules.inconclusive(PaperClaim.E8_MLP_COLLAPSE, Estimate.none(Unit.COUNT), mlpAbsent));
            claims.add(VerdictRules.inconclusive(PaperClaim.E8_MLP_NO_GROK, Estimate.none(Unit.COUNT), mlpAbsent));
            claims.add(VerdictRules.inconclusive(PaperClaim.E8_MLP_FOURIER, Estimate.none(Unit.ALIGNMENT),
                    mlpAbsent));
        } else {
            claims.add(TwoPhasesAnalysis.count(PaperClaim.E8_MLP_COLLAPSE, mlp.finished(),
                    r -> r.minEntropyBetween(0, r.lastStep()).orElse(1) < r.threshold(), mlp.lacking(), null));
            List<AnalysedRun> grokked = mlp.grokked();
            long budget = mlp.finished().stream().mapToLong(AnalysedRun::lastStep).max().orElse(0);
            claims.add(VerdictRules.countAtMost(PaperClaim.E8_MLP_NO_GROK, "grokked", grokked.size(),
                    mlp.finished().size(), grokked.stream().map(r -> r.name() + " at step "
                            + Numbers.step(r.grokStep())).toList(), mlp.lacking(), String.format(Locale.ROOT, "our MLP, trained with the Transformer's AdamW and weight decay 1.0,"
                            + " groks within %,d steps", budget)));
            double[] maxima = mlp.finished().stream().map(AnalysedRun::maxFourier).filter(OptionalDouble::isPresent)
                    .mapToDouble(OptionalDouble::getAsDouble).toArray();
            Estimate alignment = Numbers.mean(Unit.ALIGNMENT, maxima);
            claims.add(maxima.length == 0 ? VerdictRules.inconclusive(PaperClaim.E8_MLP_FOURIER, alignment,
                    "no Fourier alignment in the MLP runs' metrics.csv")
                    : VerdictRules.bound(PaperClaim.E8_MLP_FOURIER, alignment, String.format(Locale.ROOT,
                    "near zero (at most %.1f)", NEAR_ZERO_ALIGNMENT), v -> v <= NEAR_ZERO_ALIGNMENT,
                    "our MLP's embeddings align with the Fourier basis"));
        }
        claims.add(transformerAlignment(transformer));
        List<List<String>> rows = new ArrayList<>();
        for (GroupRuns group : List.of(transformer, mlp)) {
            for (AnalysedRun r : group.finished()) {
                OptionalDouble atMemorised = r.memorisedStep().isPresent()
                        ? r.fourierAt(r.memorisedStep().getAsLong()) : OptionalDouble.empty();
                rows.add(List.of(r.name(), r.summary().model(), Numbers.step(r.memorisedStep()),
                        Numbers.cell(Unit.ENTROPY, r.minEntropyBetween(0, r.lastStep())),
                        Unit.ENTROPY.format(r.threshold()), Numbers.step(r.crossingStep()), Numbers.step(r.grokStep()),
                        String.format(Locale.ROOT, "%,d", r.lastStep()), Numbers.cell(Unit.ALIGNMENT, atMemorised),
                        Numbers.cell(Unit.ALIGNMENT, r.maxFourier())));
            }
        }
        return new ExperimentResult(Experiment.E8, claims, List.of(), List.of(new DetailTable("Transformer and MLP"
                + " runs", List.of("run", "model", "memorised", "min H̃", "H̃*", "H̃ < H̃*", "T_grok", "last step",
                "Fourier at memorisation", "Fourier max"), rows)), runs.notes(Experiment.E8.groups()));
    }

    /** E8.5: alignment at grokking above alignment at memorisation, in the grokked Transformer runs measuring it. */
    private static Claim transformerAlignment(GroupRuns transformer) {
        if (transformer.absence() != null) {
            return VerdictRules.inconclusive(PaperClaim.E8_TRANSFORMER_FOURIER, Estimate.none(Unit.COUNT),
                    transformer.absence());
        }
        List<AnalysedRun> measured = transformer.grokked().stream().filter(r -> r.memorisedStep().isPresent()
                && r.fourierAt(r.memorisedStep().getAsLong()).isPresent()
                && r.fourierAt(r.grokStep().getAsLong()).isPresent()).toList();
        if (measured.isEmpty()) {
            return VerdictRules.inconclusive(PaperClaim.E8_TRANSFORMER_FOURIER, Estimate.none(Unit.COUNT),
                    "no grokked Transformer run measured its Fourier alignment at memorisation and at grokking");
        }
        return TwoPhasesAnalysis.count(PaperClaim.E8_TRANSFORMER_FOURIER, measured,
                r -> r.fourierAt(r.grokStep().getAsLong()).getAsDouble()
                        > r.fourierAt(r.memorisedStep().getAsLong()).getAsDouble(), transformer.lacking(), null);
    }
}
