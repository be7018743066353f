package dev.grokwatch.examples.reproduce;

import dev.grokwatch.examples.run.ModelKind;
import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunSummary;
import dev.grokwatch.examples.run.StopRule;
import dev.grokwatch.examples.run.TrainingConfig;
import dev.grokwatch.examples.sweep.RunExecutor;
import dev.grokwatch.examples.sweep.SweepRun;
import org.apache.commons.math3.stat.descriptive.rank.Median;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a training step costs on this machine, per run group: the wall time of a run's training loop divided by its
 * steps ({@code summary.json}'s {@code wall_seconds / steps_run}), evaluations and machine load included, which is
 * what a plan's wall time is made of. {@code ms_per_step} (the median step without an evaluation) leaves both out:
 * on the committed baseline runs it is 1.1-1.7 times less.
 *
 * <p>A group's cost is the median over its finished runs; a group without any takes the median over the finished
 * runs of the same model; a model without any is measured by short timing runs ({@link #measure}), as many side by
 * side as the plan's runs will train: alone, a run steps faster than beside others on the same cores (with two jobs
 * on two cores a plan timed alone came out about 25% short).
 */
final class StepTimes {

    /**
     * Milliseconds per step and where they came from.
     *
     * @param ms     wall milliseconds per training step
     * @param source e.g. {@code "3 finished runs"}, {@code "finished mlp runs"}, {@code "timing run"}
     */
    record Cost(double ms, String source) {
    }

    private StepTimes() {
    }

    /**
     * The cost of every group of {@code plan}: from finished runs where there are some, else from timing runs of
     * its model ({@link #measure}, {@code timingSteps} steps, {@code jobs} side by side, under {@code timingFolder})
     * when the group has runs to train. A group is missing when its timing runs failed.
     */
    static Map<RunGroup, Cost> of(ReproductionPlan plan, int timingSteps, int jobs, Path timingFolder,
                                  RunExecutor executor, PrintWriter progress) {
        Map<RunGroup, Cost> costs = fromFinished(plan);
        Set<ModelKind> unmeasured = EnumSet.noneOf(ModelKind.class);
        for (RunGroup group : plan.groups()) {
            if (!costs.containsKey(group) && plan.runs(group).stream().anyMatch(r -> !r.done())) {
                unmeasured.add(model(plan, group));
            }
        }
        if (!unmeasured.isEmpty()) {
            Map<ModelKind, Cost> measured = measure(unmeasured, timingSteps, jobs, timingFolder, executor, progress);
            for (RunGroup group : plan.groups()) {
                Cost cost = measured.get(model(plan, group));
                if (!costs.containsKey(group) && cost != null) {
                    costs.put(group, cost);
                }
            }
        }
        return costs;
    }

    /** The cost of every group of {@code plan} that has finished runs of its own or of its model. */
    static Map<RunGroup, Cost> fromFinished(ReproductionPlan plan) {
        Map<RunGroup, Cost> costs = new EnumMap<>(RunGroup.class);
        Map<ModelKind, List<Double>> byModel = new EnumMap<>(ModelKind.class);
        for (RunGroup group : plan.groups()) {
            List<Double> ms = new ArrayList<>();
            for (PlannedRun run : plan.runs(group)) {
                if (RunFolder.finished(run.folder())) {
                    msPerStep(RunFolder.read(run.folder()).summary()).ifPresent(ms::add);
                }
            }
            byModel.computeIfAbsent(model(plan, group), k -> new ArrayList<>()).addAll(ms);
            if (!ms.isEmpty()) {
                costs.put(group, new Cost(median(ms), ms.size() + " finished run" + (ms.size() == 1 ? "" : "s")));
            }
        }
        for (RunGroup group : plan.groups()) {
            List<Double> ms = byModel.get(model(plan, group));
            if (!costs.containsKey(group) && !ms.isEmpty()) {
                costs.put(group, new Cost(median(ms), "finished " + model(plan, group) + " runs"));
            }
        }
        return costs;
    }

    /**
     * Trains {@code jobs} short runs (seeds 0 to jobs − 1, {@code steps} steps, an evaluation every 200 or at the
     * end, no early stop) of each model in {@code models} under {@code folder}, the models one after the other and
     * each model's runs side by side on an executor running {@code jobs} at a time; reads those that finished
     * before. The cost of each model, the median of its runs that finished.
     */
    static Map<ModelKind, Cost> measure(Set<ModelKind> models, int steps, int jobs, Path folder, RunExecutor executor,
                                        PrintWriter progress) {
        List<SweepRun> runs = new ArrayList<>();
        Map<ModelKind, List<Path>> folders = new EnumMap<>(ModelKind.class);
        for (ModelKind model : models) {
            for (long seed = 0; seed < jobs; seed++) {
                TrainingConfig.Builder timing = TrainingConfig.builder().model(model).seed(seed).steps(steps)
                        .evalEvery(Math.min(200, steps)).stop(StopRule.NONE);
                Path out = folder.resolve(timing.build().out().getFileName());
                TrainingConfig config = timing.out(out).build();
                folders.computeIfAbsent(model, m -> new ArrayList<>()).add(out);
                if (!RunFolder.finished(out)) {
                    runs.add(new SweepRun(folder.getFileName() + "/" + out.getFileName(), out, config.toArguments()));
                }
            }
        }
        if (!runs.isEmpty()) {
            progress.printf(Locale.ROOT, "measuring the cost of a step: %,d steps of %s in %s, %d at a time as the"
                            + " runs will train%n", steps,
                    runs.stream().map(r -> r.folder().getFileName().toString()).collect(Collectors.joining(", ")),
                    folder, jobs);
            progress.flush();
            executor.execute(runs, progress);
        }
        Map<ModelKind, Cost> costs = new EnumMap<>(ModelKind.class);
        folders.forEach((model, outs) -> {
            List<Double> ms = new ArrayList<>();
            outs.stream().filter(RunFolder::finished)
                    .forEach(out -> msPerStep(RunFolder.read(out).summary()).ifPresent(ms::add));
            if (!ms.isEmpty()) {
                costs.put(model, new Cost(median(ms), ms.size() == 1 ? "timing run"
                        : ms.size() + " timing runs side by side"));
            }
        });
        return costs;
    }

    /** The model of {@code group}'s runs in {@code plan}. */
    static ModelKind model(ReproductionPlan plan, RunGroup group) {
        return plan.runs(group).get(0).config().model();
    }

    private static Optional<Double> msPerStep(RunSummary summary) {
        return summary.stepsRun() > 0 && summary.wallSeconds() > 0
                ? Optional.of(summary.wallSeconds() * 1000 / summary.stepsRun())
                : Optional.empty();
    }

    private static double median(List<Double> values) {
        return new Median().evaluate(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
