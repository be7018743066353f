package dev.grokwatch.examples.sweep;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code train} run with its own folder, as a {@link RunExecutor} trains it: a cell of a sweep's grid,
 * or a run of a reproduction's plan.
 *
 * @param name      how progress lines and failure lists name it: the folder's name for a sweep, e.g.
 *                  {@code add97-transformer-seed3-mix0.3}; group and folder for a reproduction, e.g.
 *                  {@code mix/add97-transformer-seed3-mix0.3}
 * @param folder    where the run writes its outputs and {@value #LOG}
 * @param trainArgs the {@code train} command's arguments, {@code --out folder} included
 * @param requires  run folders that must hold a finished run before this one starts (a norm-matched run reads
 *                  its baseline's {@code metrics.csv}); empty for none
 */
public record SweepRun(String name, Path folder, List<String> trainArgs, List<Path> requires) {

    /** The child process's standard output and error. */
    public static final String LOG = "train.log";

    public SweepRun {
        trainArgs = List.copyOf(trainArgs);
        requires = List.copyOf(requires);
    }

    /** A run that needs no other. */
    public SweepRun(String name, Path folder, List<String> trainArgs) {
        this(name, folder, trainArgs, List.of());
    }

    public Path log() {
        return folder.resolve(LOG);
    }
}
