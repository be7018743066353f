package dev.grokwatch.examples.cli;

import dev.grokwatch.examples.run.SyntheticRuns;
import dev.grokwatch.examples.run.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code grokwatch plot} on synthetic run folders: the PNGs exist with the sizes drawn, and bad input is named. */
class PlotCommandTest {

    private static CliRun plot(String... args) {
        return CliRun.command("plot", args);
    }

    private static BufferedImage png(Path path) throws IOException {
        assertTrue(Files.isRegularFile(path), path + " was not written");
        return ImageIO.read(path.toFile());
    }

    @Test
    void redrawsOneRunsEntropyPng(@TempDir Path dir) throws IOException {
        Path run = SyntheticRuns.write(dir.resolve("add97-transformer-seed0"), 0, 2_000, 3_000L, 4_000);
        CliRun result = plot(run.toString());
        assertEquals(0, result.code(), result.err());
        assertEquals(1100, png(run.resolve(RunFolder.PLOT)).getWidth());
        assertTrue(result.out().contains("wrote"), result.out());
    }

    @Test
    void overlaysRunsAlignedAtGrokkingAndSkipsWhatIsNotARun(@TempDir Path dir) throws IOException {
        Path seed0 = SyntheticRuns.write(dir.resolve("add97-transformer-seed0"), 0, 2_000, 3_000L, 4_000);
        Path seed1 = SyntheticRuns.write(dir.resolve("add97-transformer-seed1"), 1, 3_000, 4_200L, 5_000);
        Path notGrokked = SyntheticRuns.write(dir.resolve("add97-mlp-seed0"), 0, 1_000, null, 5_000);
        Path table = Files.writeString(dir.resolve("sweep.csv"), "run\n");
        Path overlay = dir.resolve("overlay.png");

        CliRun all = plot(seed0.toString(), seed1.toString(), notGrokked.toString(), table.toString(),
                "--out", overlay.toString());
        assertEquals(0, all.code(), all.err());
        assertTrue(all.out().contains("skipped " + table), all.out());
        assertTrue(all.out().contains("3 of 3 runs"), all.out());
        BufferedImage image = png(overlay);
        assertEquals(1200, image.getWidth());
        assertEquals(880, image.getHeight());

        Path aligned = dir.resolve("aligned.png");
        CliRun alignedResult = plot(seed0.toString(), seed1.toString(), notGrokked.toString(), "--align-grok",
                "--out", aligned.toString());
        assertEquals(0, alignedResult.code(), alignedResult.err());
        assertTrue(alignedResult.out().contains("2 of 3 runs"), alignedResult.out());
        png(aligned);
    }

    @Test
    void defaultOverlayGoesBesideTheRuns(@TempDir Path dir) throws IOException {
        Path seed0 = SyntheticRuns.write(dir.resolve("add97-transformer-seed0"), 0, 2_000, 3_000L, 4_000);
        Path seed1 = SyntheticRuns.write(dir.resolve("add97-transformer-seed1"), 1, 3_000, 4_200L, 5_000);
        assertEquals(0, plot(seed0.toString(), seed1.toString()).code());
        png(dir.resolve("overlay.png"));
    }

    @Test
    void aSweepFolderPlotsEveryRunInIt(@TempDir Path dir) throws IOException {
        Path sweep = dir.resolve("sweep");
        SyntheticRuns.write(sweep.resolve("add97-transformer-seed0"), 0, 2_000, 3_000L, 4_000);
        SyntheticRuns.write(sweep.resolve("add97-transformer-seed1"), 1, 3_000, 4_200L, 5_000);
        Files.createDirectories(sweep.resolve("add97-transformer-seed2")); // a run that failed: no summary.json
        Files.writeString(sweep.resolve("sweep.csv"), "run\n");
        Path overlay = dir.resolve("overlay.png");
        CliRun result = plot(sweep.toString(), "--out", overlay.toString());
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("2 of 2 runs"), result.out());
        png(overlay);
    }

    @Test
    void aPathThatDoesNotExistSaysSo(@TempDir Path dir) {
        Path nowhere = dir.resolve("nowhere");
        CliRun result = plot(nowhere.toString());
        assertEquals(2, result.code());
        assertTrue(result.err().contains(nowhere + " does not exist"), result.err());
        assertFalse(result.err().contains("Exception"), result.err());
    }

    @Test
    void namesWhatIsWrong(@TempDir Path dir) throws IOException {
        CliRun empty = plot(dir.toString());
        assertEquals(2, empty.code());
        assertTrue(empty.err().contains("expected folders of finished grokwatch train runs"), empty.err());

        Path notGrokked = SyntheticRuns.write(dir.resolve("add97-mlp-seed0"), 0, 1_000, null, 3_000);
        CliRun none = plot(notGrokked.toString(), "--align-grok");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("none of the 1 runs grokked"), none.err());
    }
}
