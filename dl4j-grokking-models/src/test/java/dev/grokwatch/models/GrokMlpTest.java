package dev.grokwatch.models;

import dev.grokwatch.models.layers.OneNativeThread;
import dev.grokwatch.models.layers.TestGraphs;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(OneNativeThread.class)
class GrokMlpTest {

    @Test
    void representationIsTheLastHiddenLayerAndTheEqualsTokenIsIgnored() {
        ComputationGraph model = GrokMlp.builder(10, 9).embeddingWidth(6).hiddenWidth(20).representationWidth(12)
                .seed(5).build();
        INDArray input = TestGraphs.tokens(new Random(5), 7, 3, 10).castTo(DataType.FLOAT);
        INDArray otherEquals = input.dup();
        otherEquals.getColumn(2).assign(9);
        otherEquals.putScalar(0, 2, 0);

        assertArrayEquals(new long[]{10, 6}, GrokModelBuilder.tokenEmbeddings(model).shape());
        INDArray representation = model.feedForward(input, false).get(GrokModelBuilder.REPRESENTATION);
        assertArrayEquals(new long[]{7, 12}, representation.shape());
        assertTrue(representation.minNumber().doubleValue() >= 0.0, "ReLU representation has negative entries");
        assertEquals(model.outputSingle(input), model.outputSingle(otherEquals));
        INDArray otherOperand = input.dup();
        otherOperand.putScalar(0, 0, (input.getDouble(0, 0) + 1) % 10);
        assertTrue(model.outputSingle(input).getRow(0).sub(model.outputSingle(otherOperand).getRow(0))
                .amaxNumber().doubleValue() > 0.0);
    }
}
