package dev.grokwatch.examples.run;

import dev.grokwatch.models.GrokMlp;
import dev.grokwatch.models.GrokMlpSameDiff;
import dev.grokwatch.models.GrokModelBuilder;
import dev.grokwatch.models.GrokTransformer;
import dev.grokwatch.models.tasks.GroupTask;

/** The two architectures the paper compares, and the MLP again as a SameDiff graph, by their command-line names. */
public enum ModelKind {
    /** {@link GrokTransformer}: the one-layer Transformer that groks. */
    TRANSFORMER("transformer"),
    /** {@link GrokMlp}: the paper's MLP baseline. */
    MLP("mlp"),
    /**
     * {@link GrokMlpSameDiff}: the same MLP (layers, initial values, optimiser) written as a SameDiff graph and
     * watched by the SameDiff listener, so that both of ND4J's training APIs run the same experiment.
     */
    MLP_SAMEDIFF("mlp-samediff");

    private final String label;

    ModelKind(String label) {
        this.label = label;
    }

    /**
     * A builder of this model's DL4J form for {@code task}, with the builder's defaults (arXiv 2604.13123,
     * appendix A); for {@link #MLP_SAMEDIFF} the {@link GrokMlp} whose graph {@link GrokMlpSameDiff#from} writes.
     */
    public GrokModelBuilder<?> builder(GroupTask task) {
        return this == TRANSFORMER ? GrokTransformer.builder(task) : GrokMlp.builder(task);
    }

    /** True when the model trains as a SameDiff graph rather than a DL4J {@code ComputationGraph}. */
    public boolean sameDiff() {
        return this == MLP_SAMEDIFF;
    }

    /** The command-line name; picocli lists and parses values by it. */
    @Override
    public String toString() {
        return label;
    }
}
