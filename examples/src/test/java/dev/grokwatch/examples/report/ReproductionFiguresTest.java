package dev.grokwatch.examples.report;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.PhaseCriteria;
import dev.grokwatch.entropy.forecast.PowerLawFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReproductionFiguresTest {

    private static ReproductionFigures.Curve curve(String label, double offset) {
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
        for (long step = 200; step <= 4_000; step += 200) {
            double h = 0.75 - offset - 0.1 * step / 4_000;
            history.append(EntropyRecord.builder().at(step, 0).spectrum(h, h * Math.log(128),
                    Math.exp(h * Math.log(128)), null).paramNorm(40 + step / 200.0).wallMs(5)
                    .fourierAlignment(step / 8_000.0).build());
        }
        return new ReproductionFigures.Curve(label, history);
    }

    @Test
    void everyFigureIsAPngOfTheOverlaysWidth(@TempDir Path dir) throws IOException {
        List<ReproductionFigures.Curve> runs = List.of(curve("seed 0", 0), curve("seed 1", 0.02));
        ReproductionFigures.normVersusEntropy(runs, dir.resolve("4a.png"));
        double[][] points = {{0.1, 1_000}, {0.2, 2_500}, {0.3, 4_200}, {0.05, 400}, {0.15, 1_700}};
        PowerLawFit fit = PowerLawFit.fit(new double[]{0.1, 0.2, 0.3, 0.05, 0.15},
                new double[]{1_000, 2_500, 4_200, 400, 1_700});
        ReproductionFigures.powerLaw(List.of(points), fit, 0.46, dir.resolve("4b.png"));
        ReproductionFigures.architectures(runs, List.of(curve("seed 0", 0.3)), 0.61, dir.resolve("9.png"));
        ReproductionFigures.probes(runs, List.of(curve("seed 0", 0.01), curve("seed 1", 0.03)), dir.resolve("10.png"));
        for (String png : new String[]{"4a.png", "4b.png", "9.png", "10.png"}) {
            BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
            assertEquals(OverlayPlot.WIDTH, image.getWidth(), png);
        }
        assertEquals(840, ImageIO.read(dir.resolve("9.png").toFile()).getHeight(), "two panels of 420");
    }

    @Test
    void probesNeedOneTestCurvePerTrainingCurve(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> ReproductionFigures.probes(List.of(curve("a", 0)),
                List.of(), dir.resolve("x.png")));
    }
}
