package dev.grokwatch.examples.report;

import dev.grokwatch.entropy.forecast.RunHistory;
import dev.grokwatch.examples.run.RunFolder;

import java.nio.file.Path;
import java.util.List;

/**
 * Run folders read as {@code calibrate} names them: a folder name that two groups of runs share (each group of the
 * committed runs has an {@code add97-transformer-seed0}) carries its group's folder.
 */
final class AsCalibrateNamesThem {

    private AsCalibrateNamesThem() {
    }

    static List<RunHistory> runs(List<Path> folders) {
        return folders.stream().map(f -> {
            RunHistory run = RunFolder.read(f).calibrationRun();
            boolean shared = folders.stream().filter(g -> g.getFileName().equals(f.getFileName())).count() > 1;
            return new RunHistory(shared ? f.getParent().getFileName() + "/" + run.name() : run.name(), run.task(),
                    run.history());
        }).toList();
    }
}
