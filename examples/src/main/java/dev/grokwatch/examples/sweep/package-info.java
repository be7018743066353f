/**
 * {@code grokwatch sweep}: a grid of runs (tasks × models × mixing × seeds), each a {@code train} in its own
 * child JVM with a set number of native threads, resumed by skipping finished folders, and tabulated in
 * {@code sweep.csv} from the runs' {@code summary.json}.
 */
package dev.grokwatch.examples.sweep;
