package dev.grokwatch.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * What a run's task sends back to the driver: how its {@code train} process ended and every file of its run folder
 * ({@code metrics.csv}, {@code summary.json}, {@code entropy.png}, {@code train.log}, the optional recordings; tens
 * of kilobytes), which the driver writes into the run's folder.
 *
 * @param exitCode the process's exit code; meaningless when {@code failure} is set
 * @param failure  why the process did not run or its files could not be read, e.g. {@code could not start: ...};
 *                 {@code null} when it ran
 * @param seconds  wall time of the process on the executor
 * @param files    file name in the run folder → its bytes
 */
record TaskResult(int exitCode, String failure, double seconds, Map<String, byte[]> files) implements Serializable {

    TaskResult {
        files = Map.copyOf(files);
    }

    static TaskResult ended(int exitCode, double seconds, Map<String, byte[]> files) {
        return new TaskResult(exitCode, null, seconds, files);
    }

    static TaskResult failed(String failure) {
        return new TaskResult(-1, failure, 0, Map.of());
    }
}
