/**
 * The measurement and the curve (arXiv 2604.13123): {@link SpectralEntropyListener}, a DL4J training listener,
 * reads one layer's representations of a fixed {@link Probe} every N updates through one adapter that owns every
 * MultiLayerNetwork/ComputationGraph difference, and measures their normalised spectral entropy H̃ (§3.1). Each
 * evaluation is an {@link EntropyRecord} of an {@link EntropyHistory}; one {@link PhaseTracker}, kept as the curve
 * grows, reads its phases and events (§3.2), which forecasters and early-stopping conditions read in turn.
 * {@link SameDiffEntropyListener} reads a SameDiff graph's variable instead and keeps the same curve
 * ({@code EntropyRun}): only where a model is read differs between the two APIs.
 */
package dev.grokwatch.entropy;
