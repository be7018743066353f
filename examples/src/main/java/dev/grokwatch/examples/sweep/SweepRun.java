package dev.grokwatch.examples.sweep;

import java.nio.file.Path;
import java.util.List;

/**
 * One cell of a sweep's grid: a {@code train} run with its own folder.
 *
 * @param name      the folder's name, e.g. {@code add97-transformer-seed3-mix0.3}
 * @param folder    where the run writes its outputs and {@value #LOG}
 * @param trainArgs the {@code train} command's arguments, {@code --out folder} included
 */
public record SweepRun(String name, Path folder, List<String> trainArgs) {

    /** The child process's standard output and error. */
    public static final String LOG = "train.log";

    public Path log() {
        return folder.resolve(LOG);
    }
}
