/**
 * The DL4J layers the models need and DL4J lacks, each a configuration, a layer with an explicit backward
 * pass and a parameter layout: token and position embeddings, last-position attention, the residual MLP
 * and the output layer with the paper's representation mixing (arXiv 2604.13123, §6). Products go through
 * {@link dev.grokwatch.models.layers.Gemm}; {@link dev.grokwatch.models.layers.SeededInitialisation} draws
 * the parameters (the layers' declared scheme or PyTorch's defaults) so that a seed gives the same model on every machine.
 */
package dev.grokwatch.models.layers;
