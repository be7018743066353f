/**
 * When to stop training, read from a {@link dev.grokwatch.entropy.SpectralEntropyListener} (or any
 * {@link dev.grokwatch.entropy.EntropyMonitor}): DL4J
 * {@code IterationTerminationCondition}s for {@code EarlyStoppingTrainer}/{@code EarlyStoppingGraphTrainer},
 * built by {@link dev.grokwatch.entropy.termination.EntropyTermination}. Each condition waits for one of
 * the listener's curve events (grokked, H̃* crossed, a verdict that the run is not learning) or for its
 * forecast; it serialises with Jackson like DL4J's own, and its {@code toString()} is the termination
 * detail. {@link dev.grokwatch.entropy.termination.SameDiffTermination} stops a SameDiff {@code fit} on the
 * same conditions read from a {@code SameDiffEntropyListener}.
 */
package dev.grokwatch.entropy.termination;
