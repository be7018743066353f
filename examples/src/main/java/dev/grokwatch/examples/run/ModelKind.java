package dev.grokwatch.examples.run;

import dev.grokwatch.models.GrokMlp;
import dev.grokwatch.models.GrokModelBuilder;
import dev.grokwatch.models.GrokTransformer;
import dev.grokwatch.models.tasks.GroupTask;

/** The two architectures the paper compares, by their command-line names. */
public enum ModelKind {
    /** {@link GrokTransformer}: the one-layer Transformer that groks. */
    TRANSFORMER("transformer"),
    /** {@link GrokMlp}: the paper's MLP baseline. */
    MLP("mlp");

    private final String label;

    ModelKind(String label) {
        this.label = label;
    }

    /** A builder of this model for {@code task}, with the builder's defaults (arXiv 2604.13123, appendix A). */
    public GrokModelBuilder<?> builder(GroupTask task) {
        return this == TRANSFORMER ? GrokTransformer.builder(task) : GrokMlp.builder(task);
    }

    /** The command-line name; picocli lists and parses values by it. */
    @Override
    public String toString() {
        return label;
    }
}
