/**
 * The {@code grokwatch} command line ({@link dev.grokwatch.examples.GrokwatchCli}, the jar's main class) and the
 * example programs. Subpackages: {@code cli} (the train, calibrate and plot commands and their option converters),
 * {@code run} (one training run: its configuration, the loop, stop rules and the run folder it writes),
 * {@code sweep} (grids of runs in child JVMs), {@code report} (plots and report text), {@code bench} (timings)
 * and {@code demo} (small programs to read). See docs/ARCHITECTURE.md for the data flow.
 */
package dev.grokwatch.examples;
