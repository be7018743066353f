package dev.grokwatch.examples.run;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native thread count: which of {@code --threads}, {@code OMP_NUM_THREADS} and the default wins, bad values
 * of either, and the count read back from ND4J after it is set.
 */
class NativeThreadsTest {

    private static final Map<String, String> NO_VARIABLE = Map.of();

    /** The tests' JVM computes with one thread (surefire sets OMP_NUM_THREADS=1); tests that change it restore it. */
    @AfterEach
    void restoreOneThread() {
        NativeThreads.apply(1);
    }

    @Test
    void defaultIsOneThreadWhenNeitherOptionNorVariableIsSet() {
        assertEquals(new NativeThreads.Choice(1, "default"), NativeThreads.choose(null, "--threads", NO_VARIABLE));
        assertEquals(1, NativeThreads.DEFAULT);
    }

    @Test
    void theVariableIsRespectedWithoutTheOption() {
        assertEquals(new NativeThreads.Choice(3, "OMP_NUM_THREADS"),
                NativeThreads.choose(null, "--threads", Map.of("OMP_NUM_THREADS", "3")));
        assertEquals(new NativeThreads.Choice(1, "OMP_NUM_THREADS"),
                NativeThreads.choose(null, "--threads", Map.of("OMP_NUM_THREADS", "1")));
    }

    @Test
    void anEmptyVariableCountsAsUnset() {
        // as ND4J reads it: NativeOpsHolder and Nd4jBlas skip an empty OMP_NUM_THREADS
        assertEquals(new NativeThreads.Choice(1, "default"),
                NativeThreads.choose(null, "--threads", Map.of("OMP_NUM_THREADS", "")));
    }

    @Test
    void theOptionWinsOverTheVariable() {
        assertEquals(new NativeThreads.Choice(2, "--threads"),
                NativeThreads.choose(2, "--threads", Map.of("OMP_NUM_THREADS", "4")));
        assertEquals(new NativeThreads.Choice(4, "--threads"), NativeThreads.choose(4, "--threads", NO_VARIABLE));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void refusesAnOptionBelowOne(int threads) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NativeThreads.choose(threads, "--threads", NO_VARIABLE));
        assertTrue(e.getMessage().startsWith("--threads is " + threads + "; expected at least 1"), e.getMessage());
    }

    /** Values ND4J's Integer.parseInt fails on at start-up, or that ask for no thread at all. */
    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-2", "4,2", " 2", "1.5", "99999999999"})
    void refusesAVariableThatIsNotAPositiveWholeNumberEvenWithTheOption(String value) {
        for (Integer option : new Integer[]{null, 2}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NativeThreads.choose(option, "--threads", Map.of("OMP_NUM_THREADS", value)));
            assertEquals("OMP_NUM_THREADS is '" + value + "' in the environment; expected a whole number >= 1 (ND4J "
                    + "reads it when it loads), or unset it and use --threads", e.getMessage());
        }
    }

    @Test
    void withoutAnOptionTheMessageOffersNone() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NativeThreads.choose(null, null, Map.of("OMP_NUM_THREADS", "x")));
        assertTrue(e.getMessage().endsWith("(ND4J reads it when it loads)"), e.getMessage());
    }

    @Test
    void describesCountAndSource() {
        assertEquals("1 native thread (default)", new NativeThreads.Choice(1, "default").describe());
        assertEquals("2 native threads (--threads)", new NativeThreads.Choice(2, "--threads").describe());
    }

    @Test
    void applyIsReadBackFromTheBackend() {
        NativeThreads.Applied two = NativeThreads.apply(2);
        assertEquals(2, two.openMp());
        assertEquals(2, two.blas());
        assertEquals(two, NativeThreads.Applied.read());

        NativeThreads.Applied one = NativeThreads.apply(1);
        assertEquals(new NativeThreads.Applied(1, 1, 1), one);
        // libnd4j's own limit is lowered too (it cannot be raised above its start-up value, here 1)
        assertEquals(1, Nd4j.getEnvironment().maxMasterThreads());
    }

    @Test
    void anOperationGivesTheSameResultWithOneThreadAndTwo() {
        INDArray a = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 64, 96);
        INDArray b = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 96, 48);
        NativeThreads.apply(1);
        double[] one = a.mmul(b).data().asDouble();
        NativeThreads.apply(2);
        double[] two = a.mmul(b).data().asDouble();
        double[] reference = new double[one.length];
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 48; j++) {
                double s = 0;
                for (int k = 0; k < 96; k++) {
                    s += a.getDouble(i, k) * b.getDouble(k, j);
                }
                reference[i * 48 + j] = s;
            }
        }
        assertArrayEquals(reference, one, 1e-10);
        assertArrayEquals(reference, two, 1e-10);
    }

    /** OpenMP's count belongs to the thread that set it: why the commands train on the thread that applied it. */
    @Test
    void theOpenMpCountIsPerThread() throws InterruptedException {
        NativeThreads.apply(1);
        AtomicReference<NativeThreads.Applied> other = new AtomicReference<>();
        Thread thread = new Thread(() -> other.set(NativeThreads.apply(3)));
        thread.start();
        thread.join();
        assertEquals(3, other.get().openMp());
        assertEquals(1, NativeThreads.Applied.read().openMp(), "this thread keeps its own count");
    }

    @Test
    void refusesToApplyZero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeThreads.apply(0));
        assertEquals("threads is 0; expected at least 1", e.getMessage());
    }
}
