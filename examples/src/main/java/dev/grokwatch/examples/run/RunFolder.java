package dev.grokwatch.examples.run;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.entropy.PhaseCriteria;
import dev.grokwatch.entropy.forecast.RunHistory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folder of one {@code train} run, the run-folder contract (README, "Output files"): the names of its
 * files, and reading it back as its {@code summary.json} and its {@code metrics.csv}. What {@code sweep},
 * {@code plot} and {@code calibrate} share.
 */
public record RunFolder(Path folder, RunSummary summary) {

    public static final String SUMMARY = "summary.json";
    public static final String METRICS = "metrics.csv";
    public static final String PLOT = "entropy.png";
    /** {@code train --test-probe}: the curve of a second probe drawn from the test split (appendix B), as metrics.csv. */
    public static final String TEST_PROBE_METRICS = "metrics-test-probe.csv";
    /** {@code train --logit-scale}: columns step, max_logit_mean (mean over the probe of its largest logit). */
    public static final String LOGIT_SCALE = "logit-scale.csv";

    /**
     * Reads {@code folder/summary.json}.
     *
     * @throws IllegalArgumentException naming the folder or file when the folder does not exist or its summary
     *                                  is missing or unreadable
     */
    public static RunFolder read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is not a folder; expected a run folder with " + METRICS
                    + " and " + SUMMARY);
        }
        return new RunFolder(folder, RunSummary.read(folder.resolve(SUMMARY)));
    }

    /**
     * Whether {@code folder} holds a run that need not be trained again, and that a run requiring it (the
     * norm-matched control) or an analysis can read: {@link #whyNotFinished} finds nothing wrong.
     */
    public static boolean finished(Path folder) {
        return whyNotFinished(folder).isEmpty();
    }

    /**
     * What keeps {@code folder} from holding a finished run, e.g. {@code "interrupted before it finished"}; empty
     * when it holds one: a readable {@code summary.json} of a run that was not interrupted, and a {@code metrics.csv}
     * that {@link MetricsCsv#read} reads whole (a crash can cut either short mid-line).
     */
    public static Optional<String> whyNotFinished(Path folder) {
        if (!Files.isRegularFile(folder.resolve(SUMMARY))) {
            return Optional.of("no " + SUMMARY + ": not finished (stopped or crashed)");
        }
        try {
            RunFolder run = read(folder);
            if (StopReason.INTERRUPTED.toString().equals(run.summary().stopReason())) {
                return Optional.of("interrupted before it finished");
            }
            run.history();
            return Optional.empty();
        } catch (RuntimeException e) { // a file cut short by a crash: train again
            return Optional.of("unreadable: " + e.getMessage());
        }
    }

    /** The run's evaluations, read with the run's own threshold so its crossing is found again. */
    public EntropyHistory history() {
        return MetricsCsv.read(metrics(), PhaseCriteria.defaults().withThreshold(summary.threshold()));
    }

    /**
     * The run as calibration takes it: the folder's name, the summary's {@link RunSummary#taskLabel() task label}
     * and the evaluations, read without a threshold (calibration is what finds H̃*).
     *
     * @throws IllegalArgumentException naming the file when {@code metrics.csv} is missing or unreadable
     */
    public RunHistory calibrationRun() {
        return new RunHistory(name(), summary.taskLabel(), MetricsCsv.read(metrics(), PhaseCriteria.defaults()));
    }

    private Path metrics() {
        Path metrics = folder.resolve(METRICS);
        if (!Files.isRegularFile(metrics)) {
            throw new IllegalArgumentException(folder + " has " + SUMMARY + " but no " + METRICS
                    + "; expected both from a finished grokwatch train run");
        }
        return metrics;
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
