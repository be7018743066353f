package dev.grokwatch.examples.sweep;

import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunSummary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How one run given to a {@link RunExecutor} ended.
 *
 * @param run    the run
 * @param status whether it finished, failed, or was never started
 * @param reason why it failed or was not run, e.g. {@code exit code 1}; {@code null} when it finished
 * @param line   its progress line, e.g. {@code add97-transformer-seed0: add mod 97, transformer, seed 0: grokked at
 *               step 6,400 (6,400 steps, 375 s)}
 */
public record RunOutcome(SweepRun run, Status status, String reason, String line) {

    public enum Status {
        /** Wrote a finished {@code summary.json}. */
        FINISHED,
        /** Started and ended without one: its log says why. */
        FAILED,
        /** Never started: a run it requires did not finish. */
        NOT_RUN
    }

    public boolean finished() {
        return status == Status.FINISHED;
    }

    /**
     * A run whose {@code train} process ended with {@code exitCode} after {@code seconds} (wall time): finished when
     * the code is 0 and its folder holds a finished {@code summary.json} ({@link RunFolder#finished}), else failed.
     */
    public static RunOutcome ended(SweepRun run, int exitCode, double seconds) {
        if (exitCode == 0 && RunFolder.finished(run.folder())) {
            RunSummary summary = RunFolder.read(run.folder()).summary();
            return new RunOutcome(run, Status.FINISHED, null, String.format(Locale.ROOT, "%s: %s (%,d steps, %.0f s)",
                    run.name(), summary.headline(), summary.stepsRun(), seconds));
        }
        return failed(run, exitCode != 0 ? "exit code " + exitCode : "exit code 0 but no finished summary.json");
    }

    /**
     * A run that failed for {@code reason}, e.g. {@code could not start its JVM: ...}; its line points at its log
     * only when the run wrote one.
     */
    public static RunOutcome failed(SweepRun run, String reason) {
        return new RunOutcome(run, Status.FAILED, reason, run.name() + ": FAILED (" + reason + ")"
                + (Files.isRegularFile(run.log()) ? ", log " + run.log() : ""));
    }

    /** A run never started because {@code missing}, a folder it requires, holds no finished run. */
    public static RunOutcome notRun(SweepRun run, Path missing) {
        String reason = "needs the finished run in " + missing + ", which did not finish";
        return new RunOutcome(run, Status.NOT_RUN, reason, run.name() + ": NOT RUN (" + reason + ")");
    }
}
