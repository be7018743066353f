package dev.grokwatch.models;

import dev.grokwatch.models.layers.SeededInitialisation;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * How {@link GrokModelBuilder#build()} draws a model's parameters, by its command-line name. Both draw from
 * Java's generator with the model's seed (see {@link SeededInitialisation}), so a seed gives the same model on
 * every machine.
 */
public enum Initialisation {
    /**
     * This project's: weights {@code N(0, 1/fan_in)}, embedding tables {@code N(0, 1/width)}, biases 0 (the scale of
     * Nanda et al. 2023; see {@link GrokModelBuilder}). Groks Z/97 addition about twice as fast as the paper reports.
     */
    DEFAULT("default"),
    /**
     * PyTorch's defaults, the paper's (arXiv 2604.13123, §4 and appendix A): embedding tables {@code N(0, 1)}, every
     * linear map's weights and biases {@code U(−1/√fan_in, 1/√fan_in)}, fan_in its input width.
     */
    TORCH("torch");

    private final String label;

    Initialisation(String label) {
        this.label = label;
    }

    /**
     * Re-draws every parameter of an initialised {@code graph} (of the layers of {@link GrokTransformer} or
     * {@link GrokMlp}) from {@code seed}.
     *
     * @throws IllegalArgumentException for {@link #TORCH}, naming the layer, when the graph holds a layer it has no
     *                                  PyTorch default for
     */
    public void apply(ComputationGraph graph, long seed) {
        if (this == TORCH) {
            SeededInitialisation.applyPyTorchDefaults(graph, seed);
        } else {
            SeededInitialisation.apply(graph, seed);
        }
    }

    /** The command-line name ({@code default}, {@code torch}); picocli lists and parses values by it. */
    @Override
    public String toString() {
        return label;
    }
}
