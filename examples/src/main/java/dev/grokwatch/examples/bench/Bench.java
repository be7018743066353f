package dev.grokwatch.examples.bench;

import dev.grokwatch.entropy.SpectralEntropy;
import dev.grokwatch.entropy.SpectralEntropyListener;
import dev.grokwatch.examples.run.NativeThreads;
import dev.grokwatch.models.GrokMlp;
import dev.grokwatch.models.GrokModelBuilder;
import dev.grokwatch.models.GrokTransformer;
import dev.grokwatch.models.interventions.FourierAlignment;
import dev.grokwatch.models.tasks.GroupDataset;
import dev.grokwatch.models.tasks.GroupTask;
import dev.grokwatch.models.tasks.SampledBatchIterator;
import dev.grokwatch.models.tasks.TaskFamily;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measurements of {@code grokwatch bench} in the paper's setting (Z/97, train fraction 0.3,
 * batch 512, probe 512 × 128), all in one process so that ratios compare like with like.
 *
 * <p>Each repetition times, after {@code warmup} untimed calls of everything: {@code steps} training
 * steps of the three models, interleaved so machine load hits them alike ({@link StepTimer});
 * {@code steps} calls of {@link SpectralEntropy#of} on a {@code [512, 128]} float matrix; and
 * {@code steps} evaluations of a listener, once reading only the probe and once configured as
 * {@code train} configures it (test and training accuracy, Fourier alignment). A repetition yields its
 * medians; the report gives their median and range over the repetitions.
 */
public final class Bench {

    private static final int BATCH = 512;
    private static final int PROBE = 512;
    private static final int WIDTH = 128;
    private static final int POOL = 32;

    private final int warmup;
    private final int steps;
    private final int repeats;
    private final int evalEvery;

    public Bench(int warmup, int steps, int repeats, int evalEvery) {
        if (warmup < 0 || steps < 1 || repeats < 1 || evalEvery < 1) {
            throw new IllegalArgumentException("warm-up " + warmup + ", steps " + steps + ", repeats " + repeats
                    + ", eval-every " + evalEvery + "; expected warm-up >= 0 and the others >= 1");
        }
        this.warmup = warmup;
        this.steps = steps;
        this.repeats = repeats;
        this.evalEvery = evalEvery;
    }

    public BenchReport run() {
        GroupTask task = GroupTask.modularAddition(97);
        GroupDataset data = GroupDataset.split(task, 0.3, 0);
        SampledBatchIterator sampler = data.trainIterator(BATCH, 0).batchesPerEpoch(Integer.MAX_VALUE);
        // Batches drawn up front: the timings are of the models, not of the sampler.
        DataSet[] batches = new DataSet[POOL];
        MultiDataSet[] builtinBatches = new MultiDataSet[POOL];
        for (int i = 0; i < POOL; i++) {
            batches[i] = sampler.next();
            builtinBatches[i] = BuiltinTransformer.batch(batches[i]);
        }
        ComputationGraph grok = GrokTransformer.builder(task).seed(0).build();
        ComputationGraph builtin = BuiltinTransformer.builder(task).seed(0).build();
        ComputationGraph mlp = GrokMlp.builder(task).seed(0).build();
        int[] next = new int[3];
        Map<String, Runnable> modelSteps = new LinkedHashMap<>();
        modelSteps.put(BenchReport.GROK_TRANSFORMER, () -> grok.fit(batches[next[0]++ % POOL]));
        modelSteps.put(BenchReport.BUILTIN_TRANSFORMER, () -> builtin.fit(builtinBatches[next[1]++ % POOL]));
        modelSteps.put(BenchReport.GROK_MLP, () -> mlp.fit(batches[next[2]++ % POOL]));

        INDArray representations = Nd4j.rand(DataType.FLOAT, PROBE, WIDTH);
        SpectralEntropyListener probeOnly = SpectralEntropyListener.builder()
                .probe(data.probe(PROBE, 0)).layer(GrokModelBuilder.REPRESENTATION).everyNIterations(1).build();
        SpectralEntropyListener asTrain = SpectralEntropyListener.builder()
                .probe(data.probe(PROBE, 0)).layer(GrokModelBuilder.REPRESENTATION).everyNIterations(1)
                .threshold(TaskFamily.ADD.defaultThreshold())
                .evaluateOn(data.testDataSet()).trainAccuracyOn(data.trainDataSet())
                .fourierAlignment(m -> FourierAlignment.of(
                        GrokModelBuilder.tokenEmbeddings((ComputationGraph) m), task.order()))
                .build();
        int[] iteration = new int[2];
        Runnable entropy = () -> SpectralEntropy.of(representations);
        // Called directly rather than attached, so the evaluations are timed apart from the steps.
        Runnable probeEvaluation = () -> probeOnly.iterationDone(grok, iteration[0]++, 0);
        Runnable trainEvaluation = () -> asTrain.iterationDone(grok, iteration[1]++, 0);

        StepTimer timer = new StepTimer();
        Map<String, double[]> perRepeat = new LinkedHashMap<>();
        for (int r = 0; r < repeats; r++) {
            for (Map.Entry<String, Double> model : timer.medianMs(modelSteps, warmup, steps).entrySet()) {
                record(perRepeat, model.getKey(), r, model.getValue());
            }
            record(perRepeat, BenchReport.ENTROPY, r, timer.medianMs(entropy, warmup, steps));
            record(perRepeat, BenchReport.LISTENER_PROBE, r, timer.medianMs(probeEvaluation, warmup, steps));
            record(perRepeat, BenchReport.LISTENER_TRAIN, r, timer.medianMs(trainEvaluation, warmup, steps));
        }
        return BenchReport.of("add mod 97", BATCH, PROBE, WIDTH, NativeThreads.Applied.read().openMp(), warmup,
                steps, repeats, evalEvery, perRepeat);
    }

    private void record(Map<String, double[]> perRepeat, String name, int repeat, double value) {
        perRepeat.computeIfAbsent(name, k -> new double[repeats])[repeat] = value;
    }
}
