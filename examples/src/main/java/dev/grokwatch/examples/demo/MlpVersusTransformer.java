package dev.grokwatch.examples.demo;

import dev.grokwatch.examples.run.NativeThreads;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.SpectralEntropyListener;
import dev.grokwatch.models.GrokMlp;
import dev.grokwatch.models.GrokModelBuilder;
import dev.grokwatch.models.GrokTransformer;
import dev.grokwatch.models.interventions.FourierAlignment;
import dev.grokwatch.models.tasks.GroupDataset;
import dev.grokwatch.models.tasks.GroupTask;
import dev.grokwatch.models.tasks.SampledBatchIterator;
import dev.grokwatch.models.tasks.TaskFamily;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.Locale;

/**
 * The paper's architecture comparison: the 1-layer Transformer and the MLP on the same split of
 * {@code (a + b) mod 97}, trained step for step side by side. Both memorise; the Transformer's H̃
 * collapses to the threshold and it groks, the MLP's H̃ collapses too but its test accuracy stays
 * low and its embeddings stay without Fourier structure.
 *
 * <pre>java -cp examples/target/grokwatch.jar dev.grokwatch.examples.demo.MlpVersusTransformer [steps, default 8000]</pre>
 */
public final class MlpVersusTransformer {

    private static final int P = 97;
    private static final double THRESHOLD = TaskFamily.ADD.defaultThreshold();

    private MlpVersusTransformer() {
    }

    public static void main(String[] args) {
        int steps = StepsArgument.parse(args, 8_000, "MlpVersusTransformer");
        // One native thread (unless OMP_NUM_THREADS says otherwise): the fastest for a model this small.
        NativeThreads.applyDefault();
        GroupTask task = GroupTask.modularAddition(P);
        GroupDataset data = GroupDataset.split(task, 0.3, 0);
        int evalEvery = Math.min(200, steps);
        ComputationGraph transformer = GrokTransformer.builder(task).seed(0).build();
        ComputationGraph mlp = GrokMlp.builder(task).seed(0).build();
        SpectralEntropyListener transformerEntropy = listener(data, evalEvery);
        SpectralEntropyListener mlpEntropy = listener(data, evalEvery);
        transformer.addListeners(transformerEntropy);
        mlp.addListeners(mlpEntropy);

        // Both see the same minibatches (two samplers with the same seed).
        SampledBatchIterator transformerBatches = data.trainIterator(512, 0);
        SampledBatchIterator mlpBatches = data.trainIterator(512, 0);
        System.out.printf(Locale.ROOT, "%s, threshold H̃* = %s%n", data, THRESHOLD);
        System.out.println("        Transformer                   MLP");
        System.out.println(" step   H̃      train  test          H̃      train  test");
        for (int step = 1; step <= steps; step++) {
            transformer.fit(transformerBatches.next());
            mlp.fit(mlpBatches.next());
            if (step % evalEvery == 0) {
                EntropyRecord t = transformerEntropy.latest().orElseThrow();
                EntropyRecord m = mlpEntropy.latest().orElseThrow();
                System.out.printf(Locale.ROOT, "%5d   %.4f  %.3f  %.3f         %.4f  %.3f  %.3f%n", step,
                        t.normalisedEntropy(), t.trainAccuracy(), t.testAccuracy(),
                        m.normalisedEntropy(), m.trainAccuracy(), m.testAccuracy());
            }
        }
        System.out.printf(Locale.ROOT, "Transformer: phase %s, Fourier alignment of the embeddings %.3f%n",
                transformerEntropy.phase().label(), fourier(transformer));
        System.out.printf(Locale.ROOT, "MLP:         phase %s, Fourier alignment of the embeddings %.3f%n",
                mlpEntropy.phase().label(), fourier(mlp));
    }

    private static SpectralEntropyListener listener(GroupDataset data, int evalEvery) {
        return SpectralEntropyListener.builder()
                .probe(data.probe(512, 0))
                .layer(GrokModelBuilder.REPRESENTATION)
                .everyNIterations(evalEvery)
                .threshold(THRESHOLD)
                .evaluateOn(data.testDataSet())
                .trainAccuracyOn(data.trainDataSet())
                .build();
    }

    /** Largest correlation of the token embeddings with a Fourier mode cos/sin(2πka/p): near 1 once grokked. */
    private static double fourier(ComputationGraph model) {
        return FourierAlignment.of(GrokModelBuilder.tokenEmbeddings(model), P);
    }
}
