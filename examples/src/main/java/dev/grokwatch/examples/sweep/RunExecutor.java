package dev.grokwatch.examples.sweep;

import java.io.PrintWriter;
import java.util.List;

/**
 * Trains a list of {@code train} runs, each in its own folder, and reports each as it ends: what {@code sweep}
 * and {@code reproduce} share. A run that fails is reported, never fatal to the others. {@link LocalRunExecutor}
 * trains on this machine; a {@link RunExecutorProvider} (e.g. grokwatch-spark's) opens one on a cluster, which
 * holds the cluster's connection until {@link #close()}.
 */
public interface RunExecutor extends AutoCloseable {

    /**
     * Trains every run once, starting them in the list's order as far as their {@link SweepRun#requires()} allow:
     * a run waits until the folders it requires hold finished runs, and is not run at all when one of them
     * cannot (it failed, or is not being trained). Prints {@code [i/n] line} to {@code progress} as each run
     * ends ({@link RunSchedule}).
     *
     * @return one outcome per run, in the order they ended
     * @throws IllegalStateException when interrupted (finished runs are kept) or when a run could not be handed
     *                               to a worker
     */
    List<RunOutcome> execute(List<SweepRun> runs, PrintWriter progress);

    /** Runs trained at a time, at least 1: what a plan's wall time is estimated with. */
    int parallelism();

    /** Where and how many at a time, for a command's first line, e.g. {@code 2 at a time}. */
    String describe();

    /** Lets go of what the executor holds (a cluster's connection); nothing for one on this machine. */
    @Override
    default void close() {
    }
}
