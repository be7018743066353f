package dev.grokwatch.examples.run;

import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.Map;

/**
 * How many native threads ND4J's CPU backend computes with, chosen by every command that trains and
 * set at run time, before the first operation, on the thread that will train.
 *
 * <p>The choice: an explicit count (the {@code --threads} option), else {@code OMP_NUM_THREADS} when it
 * is set in the environment, else {@link #DEFAULT} = 1. One thread because the models here are small
 * (width 128, 3 tokens, batches of 512): ND4J would otherwise use one
 * OpenMP thread per core, whose fork and join cost more than they save, and on a machine with other load
 * every parallel loop waits for a helper thread to get a core back. Measured on 2 cores with the 1-layer
 * Transformer on addition mod 97: 24.5 ms per step with one thread against 53.8 with ND4J's default when quiet,
 * 63 against 513 with two competing busy loops; passive waiting ({@code OMP_WAIT_POLICY=PASSIVE}) with two
 * threads still took 203.
 *
 * <p>What is set: OpenMP's thread count of the calling thread ({@code omp_set_num_threads}, which libnd4j's
 * loops read), the OpenBLAS thread count (matrix products), and libnd4j's own limits
 * ({@link Environment#setMaxMasterThreads}; {@link Environment#setMaxThreads} is ignored by libnd4j
 * 1.0.0-M2.1, whose loops then run their chunks one after the other on the single OpenMP thread).
 * OpenMP counts are per thread: a count set here applies to operations run by the calling thread, which is
 * why the commands train on the thread that called {@link #apply}. {@code OMP_WAIT_POLICY} cannot be
 * changed after the native library has loaded; with one thread there is nobody to wait.
 */
public final class NativeThreads {

    /** Threads when neither {@code --threads} nor {@code OMP_NUM_THREADS} says otherwise. */
    public static final int DEFAULT = 1;

    /** The environment variable ND4J and libgomp read their thread count from when they load. */
    public static final String VARIABLE = "OMP_NUM_THREADS";

    private NativeThreads() {
    }

    /**
     * A thread count and where it came from.
     *
     * @param threads the count, at least 1
     * @param source  {@code "--threads"}, {@code "OMP_NUM_THREADS"} or {@code "default"}
     */
    public record Choice(int threads, String source) {

        /** E.g. {@code "1 native thread (default)"}. */
        public String describe() {
            return threads + " native thread" + (threads == 1 ? "" : "s") + " (" + source + ")";
        }
    }

    /**
     * The count to use: {@code option} when given, else the environment's {@code OMP_NUM_THREADS} when set
     * and not empty, else {@link #DEFAULT}.
     *
     * @param option      the count asked for on the command line, or {@code null}
     * @param optionName  the option's name, for messages (e.g. {@code --threads}); {@code null} when there is none
     * @param environment the process environment, e.g. {@link System#getenv()}
     * @throws IllegalArgumentException when {@code option} is below 1, or {@code OMP_NUM_THREADS} is set to
     *                                  anything but a whole number >= 1 (ND4J would fail to load on it, even
     *                                  with {@code option} given, since it reads the variable first)
     */
    public static Choice choose(Integer option, String optionName, Map<String, String> environment) {
        String variable = environment.get(VARIABLE);
        Integer fromEnvironment = null;
        if (variable != null && !variable.isEmpty()) {
            fromEnvironment = parseCount(variable);
            if (fromEnvironment == null) {
                throw new IllegalArgumentException(VARIABLE + " is '" + variable + "' in the environment; expected a "
                        + "whole number >= 1 (ND4J reads it when it loads)"
                        + (optionName == null ? "" : ", or unset it and use " + optionName));
            }
        }
        if (option != null) {
            if (option < 1) {
                throw new IllegalArgumentException(optionName + " is " + option + "; expected at least 1 (this "
                        + "machine has " + Runtime.getRuntime().availableProcessors() + " cores)");
            }
            return new Choice(option, optionName);
        }
        return fromEnvironment != null ? new Choice(fromEnvironment, VARIABLE) : new Choice(DEFAULT, "default");
    }

    private static Integer parseCount(String text) {
        try {
            int n = Integer.parseInt(text);
            return n >= 1 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * For the example programs, which have no options: {@code OMP_NUM_THREADS} when set, else {@link #DEFAULT},
     * applied as {@link #apply} does.
     *
     * @throws IllegalArgumentException when {@code OMP_NUM_THREADS} is set to anything but a whole number >= 1
     */
    public static Choice applyDefault() {
        Choice choice = choose(null, null, System.getenv());
        apply(choice.threads());
        return choice;
    }

    /**
     * Sets ND4J's native thread counts to {@code threads} for the calling thread; loads the backend if it has
     * not loaded yet. Call it before the first ND4J operation of a run, on the thread that trains.
     *
     * @param threads at least 1
     * @return the counts read back from the backend
     */
    public static Applied apply(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads is " + threads + "; expected at least 1");
        }
        // The backend first: NativeOpsHolder needs the configuration Nd4j's start-up loads.
        Environment environment = Nd4j.getEnvironment();
        environment.setMaxThreads(threads);
        environment.setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        return Applied.read();
    }

    /**
     * The native thread counts in effect for the calling thread.
     *
     * @param openMp        OpenMP's {@code omp_get_max_threads()} on the calling thread
     * @param blas          OpenBLAS's thread count
     * @param masterThreads libnd4j's {@code maxMasterThreads}
     */
    public record Applied(int openMp, int blas, int masterThreads) {

        public static Applied read() {
            return new Applied(NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(),
                    Nd4j.factory().blas().getMaxThreads(), Nd4j.getEnvironment().maxMasterThreads());
        }
    }
}
