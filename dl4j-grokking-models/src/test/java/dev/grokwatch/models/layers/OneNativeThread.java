package dev.grokwatch.models.layers;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Runs a test class with ND4J's native ops, OpenMP and BLAS on one thread and restores the previous
 * limits after. The tests' arrays are small, so a second thread buys little, and on a shared 2-core
 * machine its synchronisation made the tests an order of magnitude slower: 1,000 steps of the
 * generalisation test took 9 s on one OpenMP thread and 77-132 s on two while other jobs ran. It
 * also makes the runs independent of the surrounding OMP_NUM_THREADS.
 */
public final class OneNativeThread implements BeforeAllCallback, AfterAllCallback {

    private int previousMax;
    private int previousMaster;
    private int previousBlas;

    @Override
    public void beforeAll(ExtensionContext context) {
        Environment environment = Nd4j.getEnvironment();
        previousMax = environment.maxThreads();
        previousMaster = environment.maxMasterThreads();
        previousBlas = Nd4j.factory().blas().getMaxThreads();
        setThreads(1, 1, 1);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        setThreads(previousMax, previousMaster, previousBlas);
    }

    private static void setThreads(int max, int master, int blas) {
        Nd4j.getEnvironment().setMaxThreads(max);
        Nd4j.getEnvironment().setMaxMasterThreads(master);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(max);
        Nd4j.factory().blas().setMaxThreads(blas);
    }
}
