/**
 * {@code sweep --master} and {@code reproduce --master} on Apache Spark: every run of a sweep or a reproduction one
 * Spark task, which trains it in a child JVM on its executor from the application's jar and sends its run folder's
 * files back to the driver, so the run folders, {@code sweep.csv} and the report come out as from a local sweep and
 * a cluster needs no shared filesystem. Found by the command line through
 * {@link dev.grokwatch.examples.sweep.RunExecutorProvider}; Spark itself stays out of the command line's jar.
 */
package dev.grokwatch.spark;
