package dev.grokwatch.entropy;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the SameDiff listener refuses at build, before any training, and what it accepts (a sequence model). */
class SameDiffRefusalTest {

    private static final DataSet TRAIN = TestNetworks.blobs(96, 1);
    private static final INDArray PROBE = TestNetworks.blobs(64, 3).getFeatures();

    @Test
    void anUnknownVariableIsRefusedListingTheClosestNames() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SameDiffEntropyListener
                .builder(sd).probe("input", PROBE).variable("representaton").build());
        assertTrue(e.getMessage().contains("no variable 'representaton'"), e.getMessage());
        assertTrue(e.getMessage().contains("the closest being [representation"), e.getMessage());
    }

    @Test
    void aProbeThatDoesNotFitItsPlaceholderIsRefused() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        INDArray wide = TestNetworks.blobs(64, 3).getFeatures().get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SameDiffEntropyListener
                .builder(sd).probe("input", wide).variable("representation").build());
        assertTrue(e.getMessage().contains("placeholder 'input' has shape [64, 5]"), e.getMessage());
        assertTrue(e.getMessage().contains("expected the placeholder's shape [-1, 6]"), e.getMessage());

        IllegalArgumentException notPlaceholder = assertThrows(IllegalArgumentException.class, () -> SameDiffEntropyListener
                .builder(sd).probe("w0", PROBE).variable("representation").build());
        assertTrue(notPlaceholder.getMessage().contains("'w0', a VARIABLE variable, not a placeholder"),
                notPlaceholder.getMessage());
    }

    @Test
    void aProbeMissingAPlaceholderTheVariableNeedsIsRefused() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SameDiffEntropyListener
                .builder(sd).probe("label", TRAIN.getLabels()).variable("representation").build());
        assertTrue(e.getMessage().contains("Variable 'representation' (the variable to read) needs placeholder(s) [input],"
                + " not among those the probe sets [label]"), e.getMessage());
    }

    @Test
    void dropoutUpstreamOfTheVariableIsRefusedAndTrainingIsUntouched() {
        SameDiff sd = SameDiffNetworks.mlp(7, true);
        Map<String, INDArray> before = variables(sd);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SameDiffEntropyListener
                .builder(sd).probe("input", PROBE).variable("representation").build());
        assertTrue(e.getMessage().contains("depends on random op(s) [") && e.getMessage().contains("(DropOut)]"),
                e.getMessage());
        assertTrue(e.getMessage().contains("no inference mode"), e.getMessage());
        variables(sd).forEach((name, values) -> BitExact.assertBitIdentical(before.get(name), values, name));

        // upstream of the dropout there is nothing random: that variable can be read
        SameDiffEntropyListener upstream = SameDiffEntropyListener.builder(sd).probe("input", PROBE)
                .variable("hidden")
                .everyNIterations(3).build();
        assertEquals(0, upstream.history().size());
    }

    @Test
    void dropoutUpstreamOfTheAccuracyOutputIsRefused() {
        SameDiff sd = SameDiffNetworks.mlp(7, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SameDiffEntropyListener
                .builder(sd).probe("input", PROBE).variable("hidden").evaluateOn(TRAIN).outputVariable("output")
                .build());
        assertTrue(e.getMessage().contains("Variable 'output' depends on random op(s)"), e.getMessage());
    }

    @Test
    void sequenceActivationsWithoutAReductionAreRefused() {
        SameDiff sd = SameDiffNetworks.sequence(5, 4);
        INDArray probe = SameDiffNetworks.sequenceBlobs(40, 4, 3).getFeatures();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SameDiffEntropyListener
                .builder(sd).probe("input", probe).variable("steps").build());
        assertTrue(e.getMessage().contains("has shape [40, 4, 16] on the probe of n = 40; expected [n, d]"), e.getMessage());
        assertTrue(e.getMessage().contains("Reduce it in the graph"), e.getMessage());
    }

    @Test
    void aSequenceModelIsMeasuredOnItsReducedRepresentation() {
        SameDiff sd = SameDiffNetworks.sequence(5, 4);
        DataSet train = SameDiffNetworks.sequenceBlobs(96, 4, 1);
        INDArray probe = SameDiffNetworks.sequenceBlobs(40, 4, 3).getFeatures();
        SameDiffEntropyListener entropy = SameDiffEntropyListener.builder(sd).probe("input", probe)
                .variable("representation").everyNIterations(3).evaluateOn(train).trainAccuracyOn(train)
                .outputVariable("output").build();
        sd.fit(SameDiffNetworks.batches(train, 32), 2, entropy);

        assertEquals(List.of(3L, 6L), entropy.history().records().stream().map(EntropyRecord::step).toList());
        double own = SpectralEntropy.of(sd.output(Map.of("input", probe), "representation").get("representation"))
                .normalisedEntropy();
        assertEquals(own, entropy.latest().orElseThrow().normalisedEntropy(), 1e-12);
    }

    @Test
    void accuracyDataThatDoesNotFitTheOutputIsRefused() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        DataSet twoClasses = new DataSet(TRAIN.getFeatures(), TRAIN.getLabels().getColumns(0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SameDiffEntropyListener
                .builder(sd).probe("input", PROBE).variable("representation").evaluateOn(twoClasses)
                .outputVariable("output").build());
        assertTrue(e.getMessage().contains("labels have shape [96, 2] but output variable 'output' gives [96, 3]"),
                e.getMessage());
        IllegalStateException noOutput = assertThrows(IllegalStateException.class, () -> SameDiffEntropyListener
                .builder(sd).probe("input", PROBE).variable("representation").evaluateOn(TRAIN).build());
        assertTrue(noOutput.getMessage().contains("outputVariable(\"name\")"), noOutput.getMessage());
    }

    /** The loss as the output variable or the representation: it needs the labels, which neither sets. */
    @Test
    void aVariableThatNeedsTheLabelsIsRefusedNamingThePlaceholder() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        IllegalArgumentException output = assertThrows(IllegalArgumentException.class, () -> SameDiffEntropyListener
                .builder(sd).probe("input", PROBE).variable("representation").evaluateOn(TRAIN)
                .outputVariable("loss").build());
        assertTrue(output.getMessage().contains("Variable 'loss' (the output variable for accuracy) needs placeholder(s)"
                + " [label], not among those the evaluation data's features go into [input]"), output.getMessage());
        assertTrue(output.getMessage().contains("class probabilities (or scores) [n, classes]"), output.getMessage());

        IllegalArgumentException read = assertThrows(IllegalArgumentException.class, () -> SameDiffEntropyListener
                .builder(sd).probe("input", PROBE).variable("loss").build());
        assertTrue(read.getMessage().contains("Variable 'loss' (the variable to read) needs placeholder(s) [label],"
                + " not among those the probe sets [input]"), read.getMessage());
    }

    /** A weight of n rows reads as n × d, but its values do not depend on the probe: refused for what it is. */
    @Test
    void aVariableThatDependsOnNoPlaceholderIsRefused() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        INDArray sixteenRows = PROBE.get(NDArrayIndex.interval(0, TestNetworks.HIDDEN), NDArrayIndex.all());
        assertEquals(TestNetworks.HIDDEN, sd.getVariable("w1").getArr().rows(), "w1 has n rows");
        IllegalArgumentException weight = assertThrows(IllegalArgumentException.class, () -> SameDiffEntropyListener
                .builder(sd).probe("input", sixteenRows).variable("w1").build());
        assertTrue(weight.getMessage().contains("Variable 'w1' (the variable to read) depends on no placeholder: a"
                + " weight or a constant, whose values do not change with what the probe sets [input]"),
                weight.getMessage());

        DataSet sixteen = new DataSet(sixteenRows, TRAIN.getLabels().get(NDArrayIndex.interval(0, TestNetworks.HIDDEN),
                NDArrayIndex.all()));
        IllegalArgumentException output = assertThrows(IllegalArgumentException.class, () -> SameDiffEntropyListener
                .builder(sd).probe("input", PROBE).variable("representation").evaluateOn(sixteen).outputVariable("w2")
                .build());
        assertTrue(output.getMessage().contains("Variable 'w2' (the output variable for accuracy) depends on no"
                + " placeholder"), output.getMessage());
    }

    /** A scalar computed from the inputs (here the sum of the class probabilities) is not one row per example. */
    @Test
    void anOutputVariableOfAnotherRankIsRefusedNamingItsShape() {
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        sd.sum("total", sd.getVariable("output"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SameDiffEntropyListener
                .builder(sd).probe("input", PROBE).variable("representation").evaluateOn(TRAIN)
                .outputVariable("total").build());
        assertTrue(e.getMessage().contains("Output variable 'total' has shape [] on a batch of n = 96 of the evaluation"
                + " data; expected [n, classes] = [96, classes]"), e.getMessage());
    }

    @Test
    void anotherGraphIsRefusedBeforeItsFirstUpdate() {
        SameDiff watched = SameDiffNetworks.mlp(7, false);
        SameDiffEntropyListener entropy = SameDiffEntropyListener.builder(watched).probe("input", PROBE)
                .variable("representation").everyNIterations(3).build();
        SameDiff other = SameDiffNetworks.mlp(8, false);
        Map<String, INDArray> before = variables(other);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> other.fit(SameDiffNetworks.batches(TRAIN, 32), 1, entropy));
        assertTrue(e.getMessage().contains("not the graph being fitted"), e.getMessage());
        variables(other).forEach((name, values) -> BitExact.assertBitIdentical(before.get(name), values, name));
        assertEquals(0, other.getTrainingConfig().getIterationCount());
    }

    private static Map<String, INDArray> variables(SameDiff sd) {
        Map<String, INDArray> values = new HashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                values.put(v.name(), v.getArr().dup());
            }
        }
        return values;
    }
}
