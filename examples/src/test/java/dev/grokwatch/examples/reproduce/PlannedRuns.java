package dev.grokwatch.examples.reproduce;

import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunSummary;
import dev.grokwatch.examples.run.SyntheticRuns;
import dev.grokwatch.examples.run.TrainingConfig;

import dev.grokwatch.models.Initialisation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

/** Plans with today's initialisation, and planned runs given a folder without training: a synthetic run. */
final class PlannedRuns {

    private PlannedRuns() {
    }

    /** The plan of {@code profile} with today's initialisation for {@code experiments}, in {@code out}. */
    static ReproductionPlan plan(Profile profile, Path out, Experiment... experiments) {
        return ReproductionPlan.of(profile, Initialisation.DEFAULT, EnumSet.copyOf(List.of(experiments)), out);
    }

    /**
     * Writes the run's folder with the settings of its configuration in its summary.
     *
     * @param stopReason  {@code summary.json}'s {@code stop_reason}, e.g. {@code grokked} or {@code interrupted}
     * @param wallSeconds the training loop's wall time
     * @param steps       steps run
     */
    static void write(PlannedRun run, String stopReason, double wallSeconds, long steps) throws IOException {
        SyntheticRuns.write(run.folder(), run.config().seed(), 2_000, 3_000L, 4_000);
        RunSummary s = RunFolder.read(run.folder()).summary();
        TrainingConfig c = run.config();
        new RunSummary(c.task(), c.modular() ? c.modulus() : null, c.model().toString(), c.seed(), c.trainFraction(),
                c.batchSize(), steps, stopReason, s.memorisedStep(), s.grokStep(), s.threshold(), s.thresholdCrossStep(),
                s.collapseOnsetStep(), s.leadSteps(), s.minEntropy(), s.finalEntropy(), s.finalTrainAcc(),
                s.finalTestAcc(), wallSeconds, s.msPerStep(), s.entropyMsMean(), s.finalPhase(), c.init().toString(),
                c.learningRate(), c.weightDecay(), c.evalEvery(), c.probeSize(), c.mix(),
                c.normControl() == null ? null : c.normControl().argument())
                .write(run.folder().resolve(RunFolder.SUMMARY));
    }
}
