/**
 * What the command line draws and prints from results the libraries return as data: a run's H̃ and accuracy
 * plot, the overlay of several runs aligned at their grokking step (XChart), the reproduction report's other
 * figures (norm against H̃, the power law, MLP against Transformer, the two probes), and the text of the
 * calibration report and of the will-it-grok verdicts.
 */
package dev.grokwatch.examples.report;
