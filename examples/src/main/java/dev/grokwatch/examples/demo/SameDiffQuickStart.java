package dev.grokwatch.examples.demo;

import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.SameDiffEntropyListener;
import dev.grokwatch.entropy.termination.EntropyTermination;
import dev.grokwatch.entropy.termination.SameDiffTermination;
import dev.grokwatch.examples.run.NativeThreads;
import dev.grokwatch.examples.run.SameDiffGradients;
import dev.grokwatch.models.tasks.GroupDataset;
import dev.grokwatch.models.tasks.GroupTask;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.weightinit.impl.XavierInitScheme;

import java.util.Locale;

/**
 * The spectral-entropy listener on your own SameDiff graph: {@link QuickStart}'s MLP written in SameDiff
 * ({@code (a + b) mod 23} from one-hot inputs, full batch, 256 ReLU → 128 ReLU "representation" → softmax),
 * H̃ of the 128-wide layer every 100 steps, training stopped by {@code SameDiffTermination} once test accuracy
 * reaches 0.99 (or at the step budget); the curve is printed at the end.
 *
 * <pre>java -cp examples/target/grokwatch.jar dev.grokwatch.examples.demo.SameDiffQuickStart [steps, default 3000]</pre>
 */
public final class SameDiffQuickStart {

    private SameDiffQuickStart() {
    }

    public static void main(String[] args) {
        int steps = StepsArgument.parse(args, 3_000, "SameDiffQuickStart");
        NativeThreads.applyDefault();
        GroupDataset pairs = GroupDataset.split(GroupTask.modularAddition(QuickStart.P), 0.5, 0);
        DataSet train = QuickStart.oneHot(pairs.trainDataSet());
        DataSet test = QuickStart.oneHot(pairs.testDataSet());

        // Your graph: placeholders for inputs and labels, variables for the weights, a loss variable.
        Nd4j.getRandom().setSeed(0);
        SameDiff sd = SameDiff.create();
        SDVariable input = sd.placeHolder("input", DataType.FLOAT, -1, 2 * QuickStart.P);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, QuickStart.P);
        SDVariable hidden = sd.nn.relu(dense(sd, "0", input, 2 * QuickStart.P, 256), 0);
        SDVariable representation = sd.nn.relu("representation", dense(sd, "1", hidden, 256, 128), 0);
        SDVariable logits = dense(sd, "2", representation, 128, QuickStart.P);
        sd.nn.softmax("output", logits);
        sd.loss.softmaxCrossEntropy("loss", label, logits, null);
        sd.setLossVariables("loss");
        // AdamW = Adam + decoupled weight decay, as QuickStart's.
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(1e-3)).weightDecay(1.0, true)
                .dataSetFeatureMapping("input").dataSetLabelMapping("label").build());

        // The listener: H̃ of "representation" (128 wide) on the 264 training inputs, every 100 steps.
        SameDiffEntropyListener entropy = SameDiffEntropyListener.builder(sd)
                .probe("input", train.getFeatures())
                .variable("representation")
                .everyNIterations(Math.min(100, steps))
                .evaluateOn(test)
                .trainAccuracyOn(train)
                .outputVariable("output")
                .onEvent(event -> System.out.println("  event: " + event))
                .build();
        // Stop once test accuracy reaches 0.99; full batch, so one epoch is one step.
        SameDiffTermination stop = SameDiffTermination.when(EntropyTermination.grokked(entropy));
        // SameDiff prints a line per op when fit first differentiates the graph: build the gradients quietly first.
        SameDiffGradients.createQuietly(sd);
        sd.fit(stop.iterator(new ViewIterator(train, train.numExamples())), steps, entropy, stop);

        System.out.println("step    H̃       train  test   phase");
        for (EntropyRecord r : entropy.history().records()) {
            System.out.printf(Locale.ROOT, "%5d  %.4f  %.3f  %.3f  %s%n", r.step(), r.normalisedEntropy(),
                    r.trainAccuracy(), r.testAccuracy(), r.phase().label());
        }
        System.out.println(stop.stoppedBy().map(c -> "stopped: " + c)
                .orElse("trained all " + steps + " steps: test accuracy stayed below 0.99"));
    }

    /** x · W + b, W Xavier-initialised from the seeded ND4J random generator. */
    private static SDVariable dense(SameDiff sd, String layer, SDVariable x, int in, int out) {
        SDVariable w = sd.var("W" + layer, new XavierInitScheme('c', in, out), DataType.FLOAT, in, out);
        SDVariable b = sd.var("b" + layer, Nd4j.zeros(DataType.FLOAT, 1, out));
        return x.mmul(w).add(b);
    }
}
