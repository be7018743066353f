package dev.grokwatch.entropy;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** The README's "listener in ten lines" is this code, compiled and run on a real graph. */
class ReadmeSnippetTest {

    @Test
    void readmeListenerSnippetRuns() throws Exception {
        ComputationGraph model = TestNetworks.graph(3, 1e-3);
        DataSet trainData = TestNetworks.blobs(600, 1);
        INDArray probeFeatures = trainData.getFeatures();
        DataSet testData = TestNetworks.blobs(300, 2);
        DataSetIterator trainIterator = new ViewIterator(trainData, 60);
        int epochs = 40;

        // README:begin
        SpectralEntropyListener entropy = SpectralEntropyListener.builder()
                .probe(probeFeatures)              // e.g. 512 training inputs, fixed for the whole run
                .layer("representation")           // a ComputationGraph vertex (or a MultiLayerNetwork layer index)
                .everyNIterations(200)             // the paper's cadence
                .threshold(0.61)                   // task threshold H̃* (addition mod 97); optional
                .evaluateOn(testData)              // test accuracy → grokking step; optional
                .trainAccuracyOn(trainData)        // training accuracy → memorisation: tells grokking from plain learning
                .build();
        model.addListeners(entropy);
        model.fit(trainIterator, epochs);
        MetricsCsv.write(entropy.history(), Path.of("metrics.csv"));
        // README:end

        Path written = Path.of("metrics.csv"); // the module directory, where Surefire runs
        try {
            assertEquals(2, entropy.history().size()); // 400 steps, evaluated at 200 and 400
            assertEquals(2, MetricsCsv.read(written).records().size());
        } finally {
            Files.deleteIfExists(written);
        }
    }

    @Test
    void readmeShowsExactlyThisSnippet() throws Exception {
        Path self = Path.of("src/test/java/dev/grokwatch/entropy/ReadmeSnippetTest.java");
        List<String> lines = Files.readAllLines(self);
        int begin = lines.indexOf("        // README:begin");
        int end = lines.indexOf("        // README:end");
        String snippet = lines.subList(begin + 1, end).stream().map(l -> l.substring(8)).collect(Collectors.joining("\n"));
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains(snippet), "README.md must contain the snippet of ReadmeSnippetTest verbatim:\n" + snippet);
    }

    @Test
    void readmeShowsTheDependenciesTheConsumerProjectBuildsWith() throws Exception {
        // .ci/run builds and runs .ci/consumer against the installed plugin: its dependencies are the README's
        String pom = Files.readString(Path.of("../.ci/consumer/pom.xml"));
        String begin = "<!-- README:begin -->\n";
        int from = pom.indexOf(begin);
        int to = pom.indexOf("<!-- README:end -->");
        assertTrue(from >= 0 && to > from, "the consumer pom must mark its dependencies with README:begin/end");
        String dependencies = pom.substring(from + begin.length(), to);
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains("```xml\n" + dependencies + "```"),
                "README.md must show the consumer project's dependencies verbatim:\n" + dependencies);
    }
}
