/**
 * The paper's experiments on a model beyond training it: the norm-matched control, which holds the global
 * parameter norm at a constant or a baseline run's trajectory (arXiv 2604.13123, §6), the logit scale that
 * control may confound with it, and the Fourier alignment of a modular task's token embeddings
 * (arXiv 2604.13123, §11). Representation mixing is a
 * layer, {@link dev.grokwatch.models.layers.MixingOutput}.
 */
package dev.grokwatch.models.interventions;
