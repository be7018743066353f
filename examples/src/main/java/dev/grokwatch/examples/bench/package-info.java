/**
 * {@code grokwatch bench}: one process times the models' training steps, interleaved by
 * {@link dev.grokwatch.examples.bench.StepTimer}, against {@link dev.grokwatch.examples.bench.BuiltinTransformer}
 * (the same Transformer from DL4J's built-in layers), and the cost of the spectral-entropy listener;
 * {@link dev.grokwatch.examples.bench.BenchReport} writes {@code bench.json} and prints the table.
 */
package dev.grokwatch.examples.bench;
