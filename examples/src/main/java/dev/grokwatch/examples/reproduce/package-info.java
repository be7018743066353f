/**
 * {@code grokwatch reproduce}: the paper's experiments (arXiv 2604.13123, E1-E8 and appendices B and D.3) as
 * groups of runs trained through the sweep machinery, then analysed claim by claim into a report that puts
 * the paper's numbers beside ours with a verdict each. {@code ReproductionPlan} lists the runs of a
 * {@code Profile} (seeds, budgets, options, folders, start order), which {@code ReproduceCommand} trains with the
 * sweep's {@code RunExecutor}, their time estimated by {@code PlanEstimate}. {@code ReproductionAnalysis} reads the
 * groups' run folders, those of each group's setting only ({@code GroupRuns}), into one table per experiment
 * ({@code PaperClaim} lists what is compared, {@code VerdictRules} judges it, {@code Statistics} computes it with
 * Commons Math; a {@code Check} answers what the paper does not claim); {@code ReproductionReportWriter} writes
 * REPORT.md, report.json and the figures.
 */
package dev.grokwatch.examples.reproduce;
