package dev.grokwatch.models.layers;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Runs a test class with ND4J's default types set to DOUBLE and restores the previous ones after. */
public final class DoublePrecision implements BeforeAllCallback, AfterAllCallback {

    private DataType previous;
    private DataType previousFloating;

    @Override
    public void beforeAll(ExtensionContext context) {
        previous = Nd4j.dataType();
        previousFloating = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Nd4j.setDefaultDataTypes(previous, previousFloating);
    }
}
