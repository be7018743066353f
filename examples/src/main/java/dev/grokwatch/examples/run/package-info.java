/**
 * One training run of the command line: {@link dev.grokwatch.examples.run.TrainingConfig} (built by a builder,
 * one H̃* per run), {@link dev.grokwatch.examples.run.TrainingRun} (the loop with the listener attached: a DL4J
 * ComputationGraph, or for {@code --model mlp-samediff} the same MLP as a SameDiff graph, the API's side in a
 * {@code RunTrainer}),
 * {@link dev.grokwatch.examples.run.StopRule} (the listener library's termination conditions), and the run
 * folder it leaves: {@link dev.grokwatch.examples.run.RunFolder} owns the folder's file names and
 * {@link dev.grokwatch.examples.run.RunSummary} is the one model of {@code summary.json}; {@code metrics.csv}
 * belongs to the listener's {@code MetricsCsv} and the opt-in {@code logit-scale.csv} to
 * {@link dev.grokwatch.examples.run.LogitScaleCsv}.
 */
package dev.grokwatch.examples.run;
