package dev.grokwatch.entropy;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The model's input arrays, saved before an inference the listener runs and put back on {@link #close()}:
 * DL4J's forward passes leave their features set as the model's input, and the model must look to
 * training as training left it.
 *
 * <pre>{@code
 * try (SavedInputs ignored = SavedInputs.of(adapter)) {
 *     adapter.output(...);
 * }
 * }</pre>
 */
final class SavedInputs implements AutoCloseable {

    private final ModelAdapter model;
    private final INDArray[] inputs;

    private SavedInputs(ModelAdapter model) {
        this.model = model;
        this.inputs = model.inputs();
    }

    static SavedInputs of(ModelAdapter model) {
        return new SavedInputs(model);
    }

    @Override
    public void close() {
        model.restoreInputs(inputs);
    }
}
