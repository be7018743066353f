package dev.grokwatch.models;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.util.ArrayList;
import java.util.List;

/**
 * The paper's optimiser in DL4J terms: {@link Adam} plus decoupled weight decay
 * ({@code WeightDecay(λ, applyLR = true)}, applied after the updater, as PyTorch's AdamW), on every
 * parameter, biases and embedding tables included, and no gradient clipping.
 *
 * @param learningRate Adam step size (paper: 1e-3)
 * @param beta1        first-moment decay (paper: 0.9)
 * @param beta2        second-moment decay (paper: 0.98)
 * @param weightDecay  decoupled weight decay λ (paper: 1.0); 0 turns it off
 */
public record AdamW(double learningRate, double beta1, double beta2, double weightDecay) {

    /** arXiv 2604.13123, §4 and appendix A: lr 1e-3, betas (0.9, 0.98), weight decay 1.0. */
    public static final AdamW PAPER = new AdamW(1e-3, 0.9, 0.98, 1.0);

    /** Adam's ε, added to the second moment's square root (PyTorch's default). */
    public static final double EPSILON = 1e-8;

    public AdamW {
        if (!(learningRate > 0.0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate is " + learningRate + ", expected a finite value > 0");
        }
        if (!(beta1 >= 0.0 && beta1 < 1.0) || !(beta2 >= 0.0 && beta2 < 1.0)) {
            throw new IllegalArgumentException("betas are (" + beta1 + ", " + beta2 + "), expected each in [0, 1)");
        }
        if (!(weightDecay >= 0.0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay is " + weightDecay + ", expected a finite value >= 0");
        }
    }

    /**
     * Sets the updater and the weight decay of every layer of {@code conf}, weights and biases alike.
     *
     * <p>Set here, layer by layer, rather than with {@code NeuralNetConfiguration.Builder.weightDecay}:
     * in DL4J 1.0.0-M2.1 a network-wide weight decay reaches each layer twice (the builder copies the
     * list to the layer, then {@code LayerValidation.configureBaseLayer} appends it again), so every
     * parameter would decay with 2λ.
     *
     * @return {@code conf}, changed in place
     */
    public ComputationGraphConfiguration applyTo(ComputationGraphConfiguration conf) {
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex layerVertex && layerVertex.getLayerConf().getLayer() instanceof BaseLayer layer) {
                layer.setIUpdater(new Adam(learningRate, beta1, beta2, EPSILON));
                layer.setBiasUpdater(null);
                layer.setRegularization(decay());
                layer.setRegularizationBias(decay());
            }
        }
        return conf;
    }

    private List<Regularization> decay() {
        List<Regularization> decay = new ArrayList<>();
        if (weightDecay > 0.0) {
            decay.add(new WeightDecay(weightDecay, true));
        }
        return decay;
    }
}
