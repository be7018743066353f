/**
 * {@code grokwatch reproduce}: the paper's experiments (arXiv 2604.13123, E1-E8 and appendices B and D.3) as
 * groups of runs trained through the sweep machinery, then analysed claim by claim into a report that puts
 * the paper's numbers beside ours with a verdict each. {@code ReproductionAnalysis} reads the groups' run folders
 * into one table per experiment ({@code PaperClaim} lists what is compared, {@code VerdictRules} judges it,
 * {@code Statistics} computes it with Commons Math); {@code ReproductionReportWriter} writes REPORT.md, report.json
 * and the figures.
 */
package dev.grokwatch.examples.reproduce;
