package dev.grokwatch.examples.demo;

import dev.grokwatch.examples.run.NativeThreads;
import dev.grokwatch.entropy.SpectralEntropyListener;
import dev.grokwatch.entropy.termination.EntropyTermination;
import dev.grokwatch.models.GrokModelBuilder;
import dev.grokwatch.models.GrokTransformer;
import dev.grokwatch.models.tasks.GroupDataset;
import dev.grokwatch.models.tasks.GroupTask;
import dev.grokwatch.models.tasks.TaskFamily;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingGraphTrainer;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.Locale;

/**
 * DL4J's {@code EarlyStoppingGraphTrainer} ended by grokwatch's conditions: the 1-layer Transformer on
 * {@code (a + b) mod 97} stops 400 steps after it has grokked, or gives up when H̃ never collapses or
 * collapses without the test accuracy following.
 *
 * <pre>java -cp examples/target/grokwatch.jar dev.grokwatch.examples.demo.EarlyStoppingExample [steps, default 12000]</pre>
 */
public final class EarlyStoppingExample {

    private static final double THRESHOLD = TaskFamily.ADD.defaultThreshold();

    private EarlyStoppingExample() {
    }

    public static void main(String[] args) {
        int steps = StepsArgument.parse(args, 12_000, "EarlyStoppingExample");
        // One native thread (unless OMP_NUM_THREADS says otherwise): the fastest for a model this small.
        NativeThreads.applyDefault();
        GroupTask task = GroupTask.modularAddition(97);
        GroupDataset data = GroupDataset.split(task, 0.3, 0);
        ComputationGraph model = GrokTransformer.builder(task).seed(0).build();

        int evalEvery = Math.min(200, steps);
        SpectralEntropyListener entropy = SpectralEntropyListener.builder()
                .probe(data.probe(512, 0))
                .layer(GrokModelBuilder.REPRESENTATION)
                .everyNIterations(evalEvery)
                .threshold(THRESHOLD)
                .evaluateOn(data.testDataSet())
                .trainAccuracyOn(data.trainDataSet())
                .onEvent(event -> System.out.println("  " + event))
                .build();
        model.addListeners(entropy);

        // One "epoch" = evalEvery sampled minibatches. DL4J's trainer holds a best model only after a
        // finished epoch, so an iteration condition that fires in the first epoch would fail inside DL4J:
        // epochs must be much shorter than the time to grok. The epoch budget caps the run at `steps`.
        EarlyStoppingConfiguration<ComputationGraph> config = new EarlyStoppingConfiguration.Builder<ComputationGraph>()
                .iterationTerminationConditions(
                        EntropyTermination.grokked(entropy, 400),
                        EntropyTermination.noCollapseWithin(entropy, 30_000),
                        EntropyTermination.collapseWithoutGeneralisation(entropy))
                .epochTerminationConditions(new MaxEpochsTerminationCondition((steps + evalEvery - 1) / evalEvery))
                .scoreCalculator(new DataSetLossCalculator(data.testIterator(2048), true))
                .modelSaver(new InMemoryModelSaver<>())
                .saveLastModel(true)
                .build();
        System.out.printf(Locale.ROOT, "EarlyStoppingExample: %s, GrokTransformer, up to %,d steps%n", data, steps);
        EarlyStoppingResult<ComputationGraph> result = new EarlyStoppingGraphTrainer(config, model,
                data.trainIterator(512, 0).batchesPerEpoch(evalEvery)).fit();

        System.out.printf(Locale.ROOT, "stopped after %,d steps: %s%n  %s%n", entropy.currentStep(),
                result.getTerminationReason(), result.getTerminationDetails());
        System.out.printf(Locale.ROOT, "  H̃ crossed %s at step %s, grokked at step %s%n", THRESHOLD,
                step(entropy.history().thresholdCrossingStep()), step(entropy.history().grokStep()));
    }

    private static String step(java.util.OptionalLong step) {
        return step.isPresent() ? String.format(Locale.ROOT, "%,d", step.getAsLong()) : "- (not yet)";
    }
}
