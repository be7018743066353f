package dev.grokwatch.examples.run;

import dev.grokwatch.entropy.EntropyHistory;

import java.util.List;

/**
 * What a finished {@link TrainingRun} measured.
 *
 * @param history          the listener's evaluations
 * @param stepsRun         training steps done
 * @param stopReason       why the loop ended
 * @param wallSeconds      wall time of the training loop, evaluations included, set-up excluded
 * @param msPerStep        median wall time of one step without an evaluation; null when every step had one
 * @param testProbeHistory the test-set probe's evaluations ({@link TrainingConfig#testProbe()}); null without one
 * @param logitScale       the logit scale at each evaluation ({@link TrainingConfig#logitScale()}); null without it
 */
public record RunResult(EntropyHistory history, long stepsRun, StopReason stopReason, double wallSeconds,
                        Double msPerStep, EntropyHistory testProbeHistory, List<LogitScaleCsv.Point> logitScale) {
}
