package dev.grokwatch.models.interventions;

import dev.grokwatch.models.GrokModelBuilder;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The logit scale of a {@link dev.grokwatch.models.GrokTransformer} or {@link dev.grokwatch.models.GrokMlp}: the mean
 * over a probe's rows of the largest output logit, {@code mean_i max_j (h_i W + b)_j}, with {@code h_i} the
 * {@value GrokModelBuilder#REPRESENTATION} activations of row {@code i} and {@code W, b} the output layer's
 * parameters, before the softmax (unmixed: inference never mixes). Holding the parameter norm down, as the
 * norm-matched control does (arXiv 2604.13123, §6), also shrinks this scale, which alone can slow the softmax's
 * approach to confident answers; recording it in both arms shows whether that confound is present.
 */
public final class LogitScale {

    private LogitScale() {
    }

    /**
     * The mean over the rows of {@code probe} of the largest logit, in the model's precision, as a double.
     * Inference only, and the model's input arrays are put back, so training goes on as if it had not run.
     *
     * @param model a model built by {@link GrokModelBuilder}
     * @param probe token indices {@code [n, 3]}, {@code n >= 1}
     * @throws IllegalArgumentException when the model lacks the {@value GrokModelBuilder#REPRESENTATION} vertex or
     *                                  the {@value GrokModelBuilder#OUTPUT} layer
     */
    public static double meanMaxLogit(ComputationGraph model, INDArray probe) {
        if (model.getVertex(GrokModelBuilder.REPRESENTATION) == null || model.getLayer(GrokModelBuilder.OUTPUT) == null) {
            throw new IllegalArgumentException("model has no vertex '" + GrokModelBuilder.REPRESENTATION
                    + "' or no layer '" + GrokModelBuilder.OUTPUT + "', expected a GrokTransformer or GrokMlp");
        }
        INDArray[] trainingInputs = model.getInputs();
        try {
            INDArray h = model.feedForward(new INDArray[]{probe}, false, true).get(GrokModelBuilder.REPRESENTATION);
            org.deeplearning4j.nn.api.Layer output = model.getLayer(GrokModelBuilder.OUTPUT);
            INDArray logits = h.mmul(output.getParam(DefaultParamInitializer.WEIGHT_KEY))
                    .addiRowVector(output.getParam(DefaultParamInitializer.BIAS_KEY));
            return logits.max(1).meanNumber().doubleValue();
        } finally {
            model.setInputs(trainingInputs); // DL4J's forward pass leaves the probe set as the model's input
        }
    }
}
