package dev.grokwatch.examples.reproduce;

import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunSummary;
import dev.grokwatch.examples.run.StopReason;
import dev.grokwatch.examples.run.TrainingConfig;
import dev.grokwatch.examples.sweep.SweepRun;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code train} run of a reproduction: its group, its configuration (whose {@code out} is
 * {@code OUT/runs/<group folder>/<train's folder name>}) and the run folders it needs finished first.
 *
 * @param group    the setting it belongs to
 * @param config   its checked {@code train} options
 * @param requires run folders that must hold finished runs before it starts (a norm-matched run: the same seed's
 *                 baseline, whose {@code metrics.csv} it follows); empty for none
 */
public record PlannedRun(RunGroup group, TrainingConfig config, List<Path> requires) {

    public PlannedRun {
        requires = List.copyOf(requires);
    }

    /** Where it writes {@code metrics.csv} and {@code summary.json}. */
    public Path folder() {
        return config.out();
    }

    /** Group and folder, e.g. {@code mix/add97-transformer-seed3-mix0.3}: folders repeat across groups. */
    public String name() {
        return group.folder() + "/" + config.out().getFileName();
    }

    /**
     * Whether its folder holds a run this plan need not train again: finished ({@link RunFolder#finished}), and not
     * one that used up a smaller step budget (a quick profile's shorter MLP run, met again by the paper profile).
     */
    public boolean done() {
        if (!RunFolder.finished(folder())) {
            return false;
        }
        RunSummary summary = RunFolder.read(folder()).summary();
        return !StopReason.MAX_STEPS.toString().equals(summary.stopReason()) || summary.stepsRun() >= config.steps();
    }

    /** The run as an executor trains it. */
    public SweepRun sweepRun() {
        return new SweepRun(name(), folder(), config.toArguments(), requires);
    }
}
