package dev.grokwatch.spark;

import dev.grokwatch.examples.sweep.RunExecutor;
import dev.grokwatch.examples.sweep.RunExecutorProvider;

/** Apache Spark for {@code sweep --master} and {@code reproduce --master}: a {@link SparkRunExecutor}. */
public final class SparkRunExecutorProvider implements RunExecutorProvider {

    @Override
    public RunExecutor open(String master, int threadsPerRun) {
        return SparkRunExecutor.open(master, threadsPerRun);
    }
}
