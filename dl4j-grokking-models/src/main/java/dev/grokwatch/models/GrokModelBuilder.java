package dev.grokwatch.models;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import dev.grokwatch.models.layers.TokenPositionEmbeddingParams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@link GrokTransformer} and {@link GrokMlp} share: the task's sizes, seed, the paper's
 * optimiser ({@link AdamW}), representation mixing, precision and initialisation.
 *
 * <p>Initialisation ({@link Initialisation#DEFAULT}): every weight matrix {@code N(0, 1/fan_in)} (DL4J {@code WeightInit.NORMAL}),
 * embedding tables {@code N(0, 1/width)} so that an embedding vector has norm about 1, biases 0: the
 * scale of the grokking literature's one-layer Transformer (Nanda et al. 2023), not PyTorch's
 * {@code nn.Embedding} default {@code N(0, 1)}, whose token table alone would start with norm
 * {@code sqrt(98 · 128) ≈ 112} for Z/97 instead of about 11. A small start lets the parameter norm
 * grow while the model memorises (the paper's Phase I) rather than be decayed from the first step.
 * With it the default Transformer on Z/97 addition (fraction 0.3, seed 0) memorised by step 1,000
 * and reached 99% test accuracy by step 7,000. {@link Initialisation#TORCH} is PyTorch's defaults, the paper's
 * (embedding tables {@code N(0, 1)}, linear weights and biases {@code U(−1/√fan_in, 1/√fan_in)}). Both draw from
 * Java's generator, because ND4J's CPU generator does not reliably honour the seed.
 */
public abstract class GrokModelBuilder<B extends GrokModelBuilder<B>> {

    /** The input vertex: token indices {@code [N, 3]}, {@code [a, b, =]}. */
    public static final String INPUT = "tokens";
    /** The layer holding the token embedding table. */
    public static final String EMBEDDING = "embedding";
    /** The vertex whose activations the spectral-entropy listener reads. */
    public static final String REPRESENTATION = "representation";
    /** The output layer (softmax over the classes). */
    public static final String OUTPUT = "output";
    /** This project's default mixing weight α when mixing is on (arXiv 2604.13123, §6 and appendix C; the paper's value is not given). */
    public static final double DEFAULT_MIXING_ALPHA = 0.3;
    /** Tokens per example: {@code a, b, =}. */
    public static final int SEQUENCE_LENGTH = 3;

    protected final int vocabularySize;
    protected final int numClasses;
    private long seed;
    private double learningRate = AdamW.PAPER.learningRate();
    private double beta1 = AdamW.PAPER.beta1();
    private double beta2 = AdamW.PAPER.beta2();
    private double weightDecay = AdamW.PAPER.weightDecay();
    protected double mixing;
    private DataType dataType = DataType.FLOAT;
    private Initialisation init = Initialisation.DEFAULT;

    protected GrokModelBuilder(int vocabularySize, int numClasses) {
        if (vocabularySize < 2) {
            throw new IllegalArgumentException("vocabulary size is " + vocabularySize + ", expected >= 2");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("number of classes is " + numClasses + ", expected >= 2");
        }
        this.vocabularySize = vocabularySize;
        this.numClasses = numClasses;
    }

    /** Seed of the parameter initialisation (default 0). */
    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** Adam step size (default 1e-3). */
    public B learningRate(double learningRate) {
        this.learningRate = learningRate;
        return self();
    }

    /** Adam first-moment decay (default 0.9). */
    public B beta1(double beta1) {
        this.beta1 = beta1;
        return self();
    }

    /** Adam second-moment decay (default 0.98). */
    public B beta2(double beta2) {
        this.beta2 = beta2;
        return self();
    }

    /** Decoupled weight decay λ on every parameter (default 1.0). */
    public B weightDecay(double weightDecay) {
        this.weightDecay = weightDecay;
        return self();
    }

    /** Representation mixing during training with α = {@value #DEFAULT_MIXING_ALPHA} (arXiv 2604.13123, §6 and appendix C). */
    public B mixing() {
        return mixing(DEFAULT_MIXING_ALPHA);
    }

    /** Representation mixing weight α during training (arXiv 2604.13123, §6 and appendix C); 0, the default, is no mixing. */
    public B mixing(double alpha) {
        if (!(alpha >= 0.0 && alpha <= 1.0)) {
            throw new IllegalArgumentException("mixing alpha is " + alpha + ", expected a value in [0, 1]");
        }
        this.mixing = alpha;
        return self();
    }

    /** Precision of parameters and activations (default FLOAT; DOUBLE for gradient checks). */
    public B dataType(DataType dataType) {
        this.dataType = dataType;
        return self();
    }

    /** How the parameters are drawn (default {@link Initialisation#DEFAULT}). */
    public B init(Initialisation init) {
        if (init == null) {
            throw new IllegalArgumentException("initialisation is null, expected one of DEFAULT, TORCH");
        }
        this.init = init;
        return self();
    }

    /** The configuration, for callers that want to adjust it before building. */
    public abstract ComputationGraphConfiguration configuration();

    /** A new, initialised model: the same seed gives the same parameters on every machine. */
    public ComputationGraph build() {
        ComputationGraph graph = new ComputationGraph(configuration());
        graph.init();
        init.apply(graph, seed);
        return graph;
    }

    /** Seed, precision and initialisation, common to every layer. */
    protected NeuralNetConfiguration.Builder network() {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .weightInit(WeightInit.NORMAL)
                .biasInit(0.0)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
    }

    /** The optimiser, to apply to the finished configuration (see {@link AdamW#applyTo}). */
    protected AdamW optimiser() {
        return new AdamW(learningRate, beta1, beta2, weightDecay);
    }

    /** The token embedding table {@code [vocabulary, width]} of a model built here (a view: copy it to keep it). */
    public static INDArray tokenEmbeddings(ComputationGraph model) {
        org.deeplearning4j.nn.api.Layer layer = model.getLayer(EMBEDDING);
        if (layer == null) {
            throw new IllegalArgumentException("model has no layer '" + EMBEDDING
                    + "', expected a GrokTransformer or GrokMlp");
        }
        return layer.getParam(TokenPositionEmbeddingParams.TOKEN_KEY);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
