package dev.grokwatch.entropy;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/** {@link BitExact} can fail: it catches one-ulp differences that ND4J's {@code equals} lets through. */
class BitExactTest {

    static final Supplier<Model> MLN = () -> TestNetworks.mln(21, 1e-2);
    static final Supplier<Model> GRAPH = () -> TestNetworks.graph(21, 1e-2);

    static Model trained(Supplier<Model> factory) {
        Model model = factory.get();
        SpectralEntropyListenerTest.train(model, 2);
        return model;
    }

    /** Moves one element to the next float up: the smallest change a float array can hold. */
    static void nudge(INDArray array, long index) {
        float value = array.getFloat(index);
        array.putScalar(index, Math.nextUp(value));
        assertNotEquals(Float.floatToRawIntBits(value), Float.floatToRawIntBits(array.getFloat(index)));
    }

    @Test
    void oneUlpInAParameterIsCaughtInBothModelKinds() {
        for (Supplier<Model> factory : java.util.List.of(MLN, GRAPH)) {
            Model a = trained(factory);
            Model b = trained(factory);
            BitExact.assertSameTrainingState(a, b); // seeded and single-threaded: the same bits
            nudge(b.params(), 37);
            assertTrue(a.params().equals(b.params()), "ND4J's equals tolerates 1e-5: it misses the nudge");
            AssertionFailedError caught = assertThrows(AssertionFailedError.class,
                    () -> BitExact.assertSameTrainingState(a, b));
            assertTrue(caught.getMessage().contains("parameters: 1 of ") && caught.getMessage().contains("index 37"),
                    caught.getMessage());
        }
    }

    @Test
    void oneUlpInTheUpdaterStateIsCaughtInBothModelKinds() {
        for (Supplier<Model> factory : java.util.List.of(MLN, GRAPH)) {
            Model a = trained(factory);
            Model b = trained(factory);
            INDArray state = BitExact.updaterState(b);
            assertEquals(2 * b.params().length(), state.length(), "Adam keeps two moments per parameter");
            nudge(state, state.length() - 1);
            AssertionFailedError caught = assertThrows(AssertionFailedError.class,
                    () -> BitExact.assertSameTrainingState(a, b));
            assertTrue(caught.getMessage().startsWith("updater state"), caught.getMessage());
        }
    }

    @Test
    void aListenerThatNudgesTrainingIsCaught() {
        Model plain = trained(MLN);
        Model nudged = MLN.get();
        nudged.addListeners(new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                if (iteration == 3) {
                    nudge(model.params(), 5);
                }
            }
        });
        SpectralEntropyListenerTest.train(nudged, 2);
        assertThrows(AssertionFailedError.class, () -> BitExact.assertSameTrainingState(plain, nudged));
    }

    @Test
    void signedZerosNaNPayloadsTypesAndShapesAreDifferences() {
        assertThrows(AssertionFailedError.class, () -> BitExact.assertBitIdentical(
                Nd4j.createFromArray(0.0, 1.0), Nd4j.createFromArray(-0.0, 1.0), "zeros"));
        double otherNaN = Double.longBitsToDouble(0x7ff8000000000001L);
        assertThrows(AssertionFailedError.class, () -> BitExact.assertBitIdentical(
                Nd4j.createFromArray(Double.NaN), Nd4j.createFromArray(otherNaN), "NaN payloads"));
        assertThrows(AssertionFailedError.class, () -> BitExact.assertBitIdentical(
                Nd4j.createFromArray(1.0f, 2.0f), Nd4j.createFromArray(1.0, 2.0), "types"));
        assertThrows(AssertionFailedError.class, () -> BitExact.assertBitIdentical(
                Nd4j.create(DataType.FLOAT, 2, 3), Nd4j.create(DataType.FLOAT, 3, 2), "shapes"));
        // a view and a copy with the same bits are the same
        INDArray matrix = Nd4j.rand(DataType.DOUBLE, 4, 5);
        BitExact.assertBitIdentical(matrix.getColumn(2).dup('f'), matrix.getColumn(2), "column");
    }
}
