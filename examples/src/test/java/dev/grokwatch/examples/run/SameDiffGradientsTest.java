package dev.grokwatch.examples.run;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gradient graph built up front, quietly: neither it nor the fit that reuses it prints SameDiff's op lines. */
class SameDiffGradientsTest {

    /** x [n, 4] → softmax(x · w) against labels [n, 2], a loss to differentiate. */
    private static SameDiff regression() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4);
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, 2);
        SDVariable w = sd.var("w", Nd4j.createFromArray(new float[][]{{1, -1}, {0.5f, 0}, {-0.5f, 2}, {0, 1}}));
        sd.loss.softmaxCrossEntropy("loss", y, x.mmul(w), null);
        sd.setLossVariables("loss");
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Sgd(0.1)).dataSetFeatureMapping("x")
                .dataSetLabelMapping("y").build());
        return sd;
    }

    private static String standardOutputOf(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theGradientGraphIsBuiltWithoutAWordAndTheFitReusesIt() {
        SameDiff plain = regression();
        assertTrue(standardOutputOf(plain::createGradFunction).contains("Added differentiated op"),
                "what SameDiff prints when it differentiates a graph");

        SameDiff sd = regression();
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 2, 4),
                Nd4j.createFromArray(new float[][]{{1, 0}, {0, 1}}));
        assertEquals("", standardOutputOf(() -> {
            SameDiffGradients.createQuietly(sd);
            sd.fit(batch);
        }));
        assertNotNull(sd.getFunction("grad"), "the gradient graph");
        assertEquals(1, sd.getTrainingConfig().getIterationCount(), "trained");
    }

    @Test
    void standardOutputIsRestoredWhenTheGraphCannotBeDifferentiated() {
        PrintStream before = System.out;
        SameDiff noLoss = SameDiff.create();
        noLoss.var("v", Nd4j.ones(DataType.FLOAT, 2, 2));
        assertThrows(RuntimeException.class, () -> SameDiffGradients.createQuietly(noLoss));
        assertSame(before, System.out);
    }
}
