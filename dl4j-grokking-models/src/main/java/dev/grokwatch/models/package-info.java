/**
 * The models a grokking run trains, as DL4J {@code ComputationGraph}s: the one-layer
 * {@link dev.grokwatch.models.GrokTransformer} and the {@link dev.grokwatch.models.GrokMlp} baseline
 * (arXiv 2604.13123, §4 and appendix A), built by one {@link dev.grokwatch.models.GrokModelBuilder} that owns
 * their shared settings, the paper's optimiser ({@link dev.grokwatch.models.AdamW}), the choice of
 * {@link dev.grokwatch.models.Initialisation} (this project's or PyTorch's defaults, the paper's) and the layer
 * names the listener reads ({@code representation}, {@code embedding}). {@link dev.grokwatch.models.GrokMlpSameDiff}
 * writes the MLP as a SameDiff graph with the same variables, initial values and optimiser.
 */
package dev.grokwatch.models;
