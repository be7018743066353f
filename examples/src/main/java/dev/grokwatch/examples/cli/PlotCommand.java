package dev.grokwatch.examples.cli;

import dev.grokwatch.examples.report.EntropyPlot;
import dev.grokwatch.examples.report.OverlayPlot;
import dev.grokwatch.examples.run.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code grokwatch plot}: re-draws one run's {@code entropy.png} ({@link EntropyPlot}), or overlays
 * many runs in one picture ({@link OverlayPlot}).
 */
@Command(name = "plot",
        mixinStandardHelpOptions = true,
        header = "Re-draws a run's entropy.png, or overlays many runs (arXiv 2604.13123, Figures 1 and 5).",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "With one run folder and no --out: re-draws its entropy.png from metrics.csv and summary.json.",
                "With several (e.g. runs/sweep/*) or with --out: overlays H̃ and test accuracy of all of them in "
                        + "one PNG, the threshold H̃* dashed, each run's crossing and grokking step marked; "
                        + "--align-grok puts every run's grokking step at 0, to compare the crossings' leads."},
        footer = {"", "Example: grokwatch plot runs/sweep/* --out overlay.png --align-grok",
                "Paths without a summary.json (sweep.csv, a failed run's folder) are skipped with a note."})
public final class PlotCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR",
            description = "Folders of finished train runs, or folders of them (a sweep's --out).")
    private List<Path> paths;

    @Option(names = "--out", paramLabel = "PNG",
            description = "The overlay's file. Default with one run: its own entropy.png; with several: "
                    + "overlay.png in the first run's parent folder.")
    private Path out;

    @Option(names = "--align-grok",
            description = "x = steps from each run's grokking step; runs that did not grok are left out.")
    private boolean alignGrok;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        List<RunFolder> runs = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new ParameterException(spec.commandLine(), path + " does not exist; expected a train run's folder"
                        + " or a folder of them such as a sweep's --out");
            }
            if (Files.isRegularFile(path.resolve(RunFolder.SUMMARY))) {
                runs.add(RunFolder.read(path));
            } else if (Files.isDirectory(path) && !RunFolder.childrenWith(path, RunFolder.SUMMARY).isEmpty()) {
                RunFolder.childrenWith(path, RunFolder.SUMMARY).forEach(run -> runs.add(RunFolder.read(run)));
            } else {
                stdout.println("skipped " + path + ": no " + RunFolder.SUMMARY);
            }
        }
        if (runs.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "none of " + paths + " holds a " + RunFolder.SUMMARY
                    + "; expected folders of finished grokwatch train runs");
        }
        if (runs.size() == 1 && out == null && !alignGrok) {
            RunFolder run = runs.get(0);
            Path png = run.folder().resolve(RunFolder.PLOT);
            EntropyPlot.write(run.summary().headline(), run.history(), run.summary().threshold(), png);
            stdout.println("wrote " + png);
        } else {
            Path png = out != null ? out : overlayBeside(runs.get(0).folder());
            try {
                int drawn = OverlayPlot.write(runs, alignGrok, png);
                stdout.printf("wrote %s: %d of %d runs%n", png, drawn, runs.size());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }
        stdout.flush();
        return 0;
    }

    private static Path overlayBeside(Path run) {
        Path parent = run.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("overlay.png") : parent.resolve("overlay.png");
    }
}
