package dev.grokwatch.entropy;

import dev.grokwatch.entropy.termination.EntropyTermination;
import dev.grokwatch.entropy.termination.SameDiffTermination;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's SameDiff snippet is this code, compiled and run on a real SameDiff graph, with its imports. */
class SameDiffReadmeSnippetTest {

    private static final Path SELF = Path.of("src/test/java/dev/grokwatch/entropy/SameDiffReadmeSnippetTest.java");

    @Test
    void readmeSameDiffSnippetRunsAndStops() throws Exception {
        SameDiff sd = SameDiffNetworks.mlp(3, false);
        DataSet trainData = TestNetworks.blobs(600, 1);
        INDArray probeFeatures = trainData.getFeatures();
        DataSet testData = TestNetworks.blobs(300, 2);
        DataSetIterator trainIterator = SameDiffNetworks.batches(trainData, 60);
        int epochs = 100;

        // README-samediff:begin
        SameDiffEntropyListener entropy = SameDiffEntropyListener.builder(sd)
                .probe("input", probeFeatures)     // the input placeholder and e.g. 512 training inputs, fixed for the run
                .variable("representation")        // the variable measured: [n, d] on the probe
                .everyNIterations(200)             // the paper's cadence
                .threshold(0.61)                   // task threshold H̃* (addition mod 97); optional
                .evaluateOn(testData)              // test accuracy → grokking step; optional
                .trainAccuracyOn(trainData)        // training accuracy → memorisation
                .outputVariable("output")          // the class probabilities [n, classes] accuracy reads
                .build();
        SameDiffTermination stop = SameDiffTermination.when(EntropyTermination.grokked(entropy));
        sd.fit(stop.iterator(trainIterator), epochs, entropy, stop); // stops mid-epoch once it grokked
        MetricsCsv.write(entropy.history(), Path.of("metrics.csv"));
        // README-samediff:end

        Path written = Path.of("metrics.csv"); // the module directory, where Surefire runs
        try {
            assertTrue(stop.stoppedBy().isPresent(), "the blobs are learnt well within 100 epochs");
            long reached = entropy.stepOf(EntropyEventType.GROKKED)
                    .orElseGet(() -> entropy.stepOf(EntropyEventType.GENERALISED).orElseThrow());
            assertEquals(reached, sd.getTrainingConfig().getIterationCount(), "stopped at the evaluation that saw it");
            assertEquals(entropy.history().size(), MetricsCsv.read(written).records().size());
        } finally {
            Files.deleteIfExists(written);
        }
    }

    @Test
    void readmeShowsExactlyThisSnippetAndItsImports() throws Exception {
        List<String> lines = Files.readAllLines(SELF);
        int begin = lines.indexOf("        // README-samediff:begin");
        int end = lines.indexOf("        // README-samediff:end");
        String snippet = lines.subList(begin + 1, end).stream().map(l -> l.substring(8)).collect(Collectors.joining("\n"));
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains(snippet), "README.md must contain the SameDiff snippet verbatim:\n" + snippet);
        for (String used : List.of("import dev.grokwatch.entropy.MetricsCsv;",
                "import dev.grokwatch.entropy.SameDiffEntropyListener;",
                "import dev.grokwatch.entropy.termination.EntropyTermination;",
                "import dev.grokwatch.entropy.termination.SameDiffTermination;")) {
            assertTrue(readme.contains(used), "README.md's SameDiff section must import " + used);
        }
    }
}
