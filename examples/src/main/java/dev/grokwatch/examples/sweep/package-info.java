/**
 * {@code grokwatch sweep}: a grid of runs (tasks × models × mixing × seeds), tabulated in {@code sweep.csv} from
 * the runs' {@code summary.json}. Its {@link dev.grokwatch.examples.sweep.RunExecutor} is what {@code sweep} and
 * {@code reproduce} share: each run a {@code train} in its own child JVM with a set number of native threads, so
 * many at a time, a run that needs another's output held back until that one finished ({@code RunSchedule}), every
 * failure reported and none fatal; resumption is skipping the folders that already hold a finished run.
 * {@code --master} ({@code MasterOption}) trains on a cluster instead, through a {@code RunExecutorProvider} found on
 * the classpath (grokwatch-spark's).
 */
package dev.grokwatch.examples.sweep;
