package dev.grokwatch.examples.run;

import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.PhaseCriteria;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run folders written without training: a curve of H̃ that falls linearly from 0.75 and crosses
 * 0.61, and test accuracy that jumps to 1 {@code lead} steps after the crossing. For the tests of
 * {@code plot} and {@code sweep}'s table.
 */
public final class SyntheticRuns {

    static final double THRESHOLD = 0.61;

    private SyntheticRuns() {
    }

    /**
     * @param crossing step of the first evaluation below 0.61, a multiple of 200
     * @param grok     step at which test accuracy reaches 1, or {@code null} for a run that does not grok
     */
    public static Path write(Path folder, long seed, long crossing, Long grok, long steps) throws IOException {
        Files.createDirectories(folder);
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults().withThreshold(THRESHOLD));
        for (long step = 200; step <= steps; step += 200) {
            // 0.75 at step 0, 0.61 - 0.001 at the crossing: below the threshold from `crossing` on.
            double h = 0.75 - (0.75 - THRESHOLD + 0.001) * step / crossing;
            double test = grok != null && step >= grok ? 1.0 : 0.02;
            history.append(new EntropyRecord(step, 0, h, h * Math.log(128), Math.exp(h * Math.log(128)), null,
                    40 + step / 100.0, 0.01, 1.0, test, null, null, null, 5.0));
        }
        MetricsCsv.write(history, folder.resolve(RunFolder.METRICS));
        Long cross = history.thresholdCrossingStep().isPresent() ? history.thresholdCrossingStep().getAsLong() : null;
        Long grokStep = history.grokStep().isPresent() ? history.grokStep().getAsLong() : null;
        new RunSummary("add", 97, "transformer", seed, 0.3, 512, steps, grokStep != null ? "grokked" : "max_steps",
                200L, grokStep, THRESHOLD, cross, 400L, grokStep != null && cross != null ? grokStep - cross : null,
                history.minNormalisedEntropy(), history.latest().orElseThrow().normalisedEntropy(), 1.0,
                history.latest().orElseThrow().testAccuracy(), 12.5, 20.0, 5.0,
                grokStep != null ? "grokked" : "entropy_collapse", "default", 1e-3, 1.0, 200, 512, 0.0, null)
                .write(folder.resolve(RunFolder.SUMMARY));
        return folder;
    }
}
