package dev.grokwatch.examples.demo;

import dev.grokwatch.examples.run.NativeThreads;
import dev.grokwatch.entropy.EntropyEventType;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.SpectralEntropyListener;
import dev.grokwatch.models.GrokModelBuilder;
import dev.grokwatch.models.GrokTransformer;
import dev.grokwatch.models.tasks.GroupDataset;
import dev.grokwatch.models.tasks.GroupTask;
import dev.grokwatch.models.tasks.SampledBatchIterator;
import dev.grokwatch.models.tasks.TaskFamily;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.Locale;

/**
 * A non-commutative group: composition σ∘τ of permutations in S5 (120 elements, 14,400 pairs), half
 * of them for training. The paper's universality result: the same collapse precedes grokking, with
 * S5's own threshold H̃* = 0.655. Stops at grokking.
 *
 * <pre>java -cp examples/target/grokwatch.jar dev.grokwatch.examples.demo.S5Composition [steps, default 10000]</pre>
 */
public final class S5Composition {

    private static final double THRESHOLD = TaskFamily.S5.defaultThreshold();

    private S5Composition() {
    }

    public static void main(String[] args) {
        int steps = StepsArgument.parse(args, 10_000, "S5Composition");
        // One native thread (unless OMP_NUM_THREADS says otherwise): the fastest for a model this small.
        NativeThreads.applyDefault();
        GroupTask task = GroupTask.s5();
        GroupDataset data = GroupDataset.split(task, 0.5, 0);
        ComputationGraph model = GrokTransformer.builder(task).seed(0).build();
        SpectralEntropyListener entropy = SpectralEntropyListener.builder()
                .probe(data.probe(512, 0))
                .layer(GrokModelBuilder.REPRESENTATION)
                .everyNIterations(Math.min(200, steps))
                .threshold(THRESHOLD)
                .evaluateOn(data.testDataSet())
                .trainAccuracyOn(data.trainDataSet())
                .onEvent(event -> System.out.println("  event: " + event))
                .build();
        model.addListeners(entropy);

        System.out.printf(Locale.ROOT, "S5Composition: %s, GrokTransformer, H̃* = %s, up to %,d steps%n", data,
                THRESHOLD, steps);
        System.out.println(" step   H̃      train  test   phase");
        SampledBatchIterator batches = data.trainIterator(512, 0);
        for (int step = 1; step <= steps && entropy.stepOf(EntropyEventType.GROKKED).isEmpty(); step++) {
            model.fit(batches.next());
            if (step % entropy.everyNIterations() == 0) {
                EntropyRecord r = entropy.latest().orElseThrow();
                System.out.printf(Locale.ROOT, "%5d   %.4f  %.3f  %.3f  %s%n", r.step(), r.normalisedEntropy(),
                        r.trainAccuracy(), r.testAccuracy(), r.phase().label());
            }
        }
        var history = entropy.history();
        if (history.grokStep().isPresent() && history.thresholdCrossingStep().isPresent()) {
            System.out.printf(Locale.ROOT, "H̃ crossed %s at step %,d, %,d steps before grokking at step %,d%n",
                    THRESHOLD, history.thresholdCrossingStep().getAsLong(),
                    history.grokStep().getAsLong() - history.thresholdCrossingStep().getAsLong(),
                    history.grokStep().getAsLong());
        } else {
            System.out.printf(Locale.ROOT, "after %,d steps: phase %s (not grokked yet; try more steps)%n",
                    entropy.currentStep(), entropy.phase().label());
        }
    }
}
