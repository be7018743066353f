/**
 * The commands a user types: {@code train}, {@code calibrate} and {@code plot} (picocli), the converters that
 * check their options as they are parsed, and the live progress display of a run. A command turns options into
 * a {@link dev.grokwatch.examples.run.TrainingConfig} or reads run folders; the work itself lives in
 * {@code run}, {@code report} and the libraries.
 */
package dev.grokwatch.examples.cli;
