package dev.grokwatch.models;

import dev.grokwatch.models.layers.MixingOutput;
import dev.grokwatch.models.layers.OneNativeThread;
import dev.grokwatch.models.layers.TestGraphs;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Both models, custom layers included, survive ModelSerializer with their parameters and updater state. */
@ExtendWith(OneNativeThread.class)
class ModelSerializationTest {

    private static final int VOCABULARY = 12;
    private static final int CLASSES = 11;

    @TempDir
    Path dir;

    @Test
    void transformerWithMixingRoundTrips() throws IOException {
        roundTrip(GrokTransformer.builder(VOCABULARY, CLASSES).dModel(16).heads(4).ffWidth(32).mixing(0.3).seed(1).build());
    }

    @Test
    void mlpRoundTrips() throws IOException {
        roundTrip(GrokMlp.builder(VOCABULARY, CLASSES).embeddingWidth(8).hiddenWidth(32).representationWidth(16)
                .mixing(0.3).seed(2).build());
    }

    private void roundTrip(ComputationGraph model) throws IOException {
        Random random = new Random(7);
        DataSet batch = new DataSet(TestGraphs.tokens(random, 16, 3, VOCABULARY), TestGraphs.labels(random, 16, CLASSES))
                .copy();
        batch.setFeatures(batch.getFeatures().castTo(model.params().dataType()));
        batch.setLabels(batch.getLabels().castTo(model.params().dataType()));
        for (int step = 0; step < 3; step++) {
            model.fit(batch);
        }
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(model, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);

        assertEquals(model.getConfiguration().toJson(), restored.getConfiguration().toJson());
        MixingOutput output = (MixingOutput) ((LayerVertex) restored.getConfiguration().getVertices()
                .get(GrokModelBuilder.OUTPUT)).getLayerConf().getLayer();
        assertEquals(0.3, output.getAlpha());
        INDArray input = batch.getFeatures();
        assertEquals(0.0, maxDifference(model.outputSingle(input), restored.outputSingle(input)));
        assertEquals(0.0, maxDifference(model.feedForward(input, false).get(GrokModelBuilder.REPRESENTATION),
                restored.feedForward(input, false).get(GrokModelBuilder.REPRESENTATION)));
        // The same next step from both: the updater state came back too.
        model.fit(batch);
        restored.fit(batch);
        assertEquals(0.0, maxDifference(model.params(), restored.params()));
    }

    private static double maxDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }
}
