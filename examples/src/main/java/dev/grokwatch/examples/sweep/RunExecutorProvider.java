package dev.grokwatch.examples.sweep;

/**
 * Opens a {@link RunExecutor} on a cluster engine, for {@code sweep --master} and {@code reproduce --master}. Found
 * with {@link java.util.ServiceLoader} (a jar's
 * {@code META-INF/services/dev.grokwatch.examples.sweep.RunExecutorProvider}): grokwatch-spark's jar holds the one
 * for Apache Spark; the command line's own jar holds none.
 */
public interface RunExecutorProvider {

    /**
     * An executor whose runs are tasks of the cluster at {@code master}, each a {@code train} with
     * {@code threadsPerRun} native threads; close it when done.
     *
     * @param master e.g. {@code local[*]} or {@code spark://host:7077}
     * @throws IllegalArgumentException when the engine cannot use {@code master} or {@code threadsPerRun}, naming it
     *                                  and what it expects; nothing has been trained then
     */
    RunExecutor open(String master, int threadsPerRun);
}
