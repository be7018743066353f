/**
 * "Will it grok?" measured: {@link dev.grokwatch.entropy.verdict.VerdictRule}s (not memorising, no collapse,
 * no H̃* crossing, collapse without generalisation, and the naive "not grokked yet") say a run will not grok
 * once an awaited event is h steps late (arXiv 2604.13123, appendix D.2).
 * {@link dev.grokwatch.entropy.verdict.LabelledRuns} labels finished runs by whether they grokked within a
 * budget and scores each rule: precision, recall, steps saved, grokked runs it would have killed; and
 * calibrates each horizon on the grokked runs, as H̃* is calibrated. Results are data
 * ({@link dev.grokwatch.entropy.verdict.VerdictReport}).
 */
package dev.grokwatch.entropy.verdict;
