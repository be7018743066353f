package dev.grokwatch.examples.sweep;

import dev.grokwatch.examples.GrokwatchCli;
import dev.grokwatch.examples.run.NativeThreads;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One {@code train} run in a child JVM, on this JVM's own classpath or a given one, with a given number of native
 * threads, its output going to a log file. A sweep runs as many of these side by side as it has jobs; a cluster's
 * executor (grokwatch-spark) runs one per task, on the application's jar.
 *
 * <p>The count goes to the child as {@code OMP_NUM_THREADS}, which ND4J sizes both its OpenMP pool
 * (libnd4j ops) and OpenBLAS's threads from when it loads ({@code NativeOpsHolder.initOps},
 * {@code Nd4jBlas}), defaulting to every core: {@code jobs} children without it would start
 * {@code jobs × cores} spinning threads. The child's {@code train} reads it as its thread count
 * ({@link NativeThreads#choose}). {@code -XX:ActiveProcessorCount} sizes the JVM's own GC and compiler
 * threads the same way.
 */
public final class TrainProcess {

    private static final String MAIN = GrokwatchCli.class.getName();

    /** How long a stopped child may take to write its outputs before an interrupted {@link #run} gives up on it. */
    private static final long STOP_SECONDS = 30;

    /** Children alive now, ended if the sweep itself is stopped (they then write their outputs). */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroy),
                "grokwatch-sweep-shutdown"));
    }

    private TrainProcess() {
    }

    /** The child's command line: {@code java … -cp classpath GrokwatchCli train <trainArgs>}. */
    static List<String> command(List<String> trainArgs, int threads, String classpath) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ActiveProcessorCount=" + threads,
                "-Djava.awt.headless=true",
                "-cp", classpath,
                MAIN, "train"));
        command.addAll(trainArgs);
        return command;
    }

    /**
     * Runs {@code train trainArgs} on this JVM's classpath in its working directory with {@code threads} native
     * threads to its end, standard output and error to {@code log}; the exit code. Interrupted, it stops the child
     * and waits for it to write its outputs (at most {@value #STOP_SECONDS} s) before throwing.
     */
    static int run(List<String> trainArgs, int threads, Path log) throws IOException, InterruptedException {
        return run(trainArgs, threads, log, System.getProperty("java.class.path"), null);
    }

    /**
     * As {@link #run(List, int, Path)}, on {@code classpath} (a jar holding the command line and its dependencies)
     * in {@code directory}, against which relative paths of {@code trainArgs} resolve ({@code null}: this JVM's).
     */
    public static int run(List<String> trainArgs, int threads, Path log, String classpath, Path directory)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(trainArgs, threads, classpath))
                .directory(directory == null ? null : directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put(NativeThreads.VARIABLE, Integer.toString(threads));
        Process process = builder.start();
        LIVE.add(process);
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            // Stopped, train writes what it has: the caller (a Spark task deleting its scratch folder) waits for it.
            try {
                process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException again) {
                Thread.currentThread().interrupt();
            }
            throw e;
        } finally {
            LIVE.remove(process);
        }
    }
}
