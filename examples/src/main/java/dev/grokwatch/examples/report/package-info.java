/**
 * What the command line draws and prints from results the libraries return as data: a run's H̃ and accuracy
 * plot, the overlay of several runs aligned at their grokking step (XChart), and the text of the calibration
 * report and of the will-it-grok verdicts.
 */
package dev.grokwatch.examples.report;
