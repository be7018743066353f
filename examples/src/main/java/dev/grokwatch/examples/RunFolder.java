package dev.grokwatch.examples;

import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.PhaseCriteria;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.List;

/**
 * The folder of one finished {@code train} run, read back: its {@code summary.json} and
 * {@code metrics.csv}. What {@code sweep} and {@code plot} share.
 */
public record RunFolder(Path folder, RunSummary summary) {

    public static final String SUMMARY = "summary.json";
    public static final String METRICS = "metrics.csv";
    public static final String PLOT = "entropy.png";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code folder/summary.json}; fails, naming the folder, when it is missing or not a summary. */
    public static RunFolder read(Path folder) {
        Path summary = folder.resolve(SUMMARY);
        if (!Files.isRegularFile(summary)) {
            throw new IllegalArgumentException(folder + " has no " + SUMMARY
                    + "; expected the folder of a finished grokwatch train run");
        }
        try {
            return new RunFolder(folder, JSON.readValue(summary.toFile(), RunSummary.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + summary + "; expected a grokwatch summary.json", e);
        }
    }

    /** Whether {@code folder} holds a run that need not be trained again: finished, not interrupted. */
    public static boolean finished(Path folder) {
        if (!Files.isRegularFile(folder.resolve(SUMMARY))) {
            return false;
        }
        try {
            return !StopReason.INTERRUPTED.toString().equals(read(folder).summary().stopReason());
        } catch (RuntimeException unreadable) {
            return false; // a summary cut short by a crash: train again
        }
    }

    /** The run's evaluations, read with the run's own threshold so its crossing is found again. */
    public EntropyHistory history() {
        Path metrics = folder.resolve(METRICS);
        if (!Files.isRegularFile(metrics)) {
            throw new IllegalArgumentException(folder + " has " + SUMMARY + " but no " + METRICS
                    + "; expected both from a finished grokwatch train run");
        }
        return MetricsCsv.read(metrics, PhaseCriteria.defaults().withThreshold(summary.threshold()));
    }

    /** The folder's name, e.g. {@code add97-transformer-seed0}. */
    public String name() {
        Path name = folder.toAbsolutePath().normalize().getFileName();
        return name == null ? folder.toString() : name.toString();
    }

    /** The subfolders of {@code parent} (e.g. a sweep's --out) that hold {@code file}, sorted by name. */
    public static List<Path> childrenWith(Path parent, String file) {
        try (Stream<Path> entries = Files.list(parent)) {
            return entries.filter(c -> Files.isRegularFile(c.resolve(file))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + parent + "; expected a readable folder", e);
        }
    }
}
