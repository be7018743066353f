package dev.grokwatch.examples.reproduce;

import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunSummary;
import dev.grokwatch.examples.run.SyntheticRuns;

import java.io.IOException;

/** Planned runs given a folder without training: a synthetic run whose summary has the given ending and times. */
final class PlannedRuns {

    private PlannedRuns() {
    }

    /**
     * @param stopReason  {@code summary.json}'s {@code stop_reason}, e.g. {@code grokked} or {@code interrupted}
     * @param wallSeconds the training loop's wall time
     * @param steps       steps run
     */
    static void write(PlannedRun run, String stopReason, double wallSeconds, long steps) throws IOException {
        SyntheticRuns.write(run.folder(), run.config().seed(), 2_000, 3_000L, 4_000);
        RunSummary s = RunFolder.read(run.folder()).summary();
        new RunSummary(s.task(), s.modulus(), s.model(), s.seed(), s.trainFraction(), s.batchSize(), steps, stopReason,
                s.memorisedStep(), s.grokStep(), s.threshold(), s.thresholdCrossStep(), s.collapseOnsetStep(),
                s.leadSteps(), s.minEntropy(), s.finalEntropy(), s.finalTrainAcc(), s.finalTestAcc(), wallSeconds,
                s.msPerStep(), s.entropyMsMean(), s.finalPhase())
                .write(run.folder().resolve(RunFolder.SUMMARY));
    }
}
