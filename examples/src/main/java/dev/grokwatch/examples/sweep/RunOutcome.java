package dev.grokwatch.examples.sweep;

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
}
