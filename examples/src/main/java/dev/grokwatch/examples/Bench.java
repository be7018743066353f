package dev.grokwatch.examples;

import dev.grokwatch.entropy.SpectralEntropy;
import dev.grokwatch.entropy.SpectralEntropyListener;
import dev.grokwatch.models.BuiltinTransformer;
import dev.grokwatch.models.GrokMlp;
import dev.grokwatch.models.GrokModelBuilder;
import dev.grokwatch.models.GrokTransformer;
import dev.grokwatch.models.ModelBenchmark;
import dev.grokwatch.models.interventions.FourierAlignment;
import dev.grokwatch.models.tasks.GroupDataset;
import dev.grokwatch.models.tasks.GroupTask;
import dev.grokwatch.models.tasks.SampledBatchIterator;
import org.apache.commons.math3.stat.descriptive.rank.Median;
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
 * steps of the three models, interleaved so machine load hits them alike ({@link ModelBenchmark});
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
                .threshold(TaskThresholds.defaultFor("add"))
                .evaluateOn(data.testDataSet()).trainAccuracyOn(data.trainDataSet())
                .fourierAlignment(m -> FourierAlignment.of(
                        GrokModelBuilder.tokenEmbeddings((ComputationGraph) m), task.order()))
                .build();
        int[] iteration = new int[2];
        Runnable entropy = () -> SpectralEntropy.of(representations);
        // Called directly rather than attached, so the evaluations are timed apart from the steps.
        Runnable probeEvaluation = () -> probeOnly.iterationDone(grok, iteration[0]++, 0);
        Runnable trainEvaluation = () -> asTrain.iterationDone(grok, iteration[1]++, 0);

        Map<String, double[]> perRepeat = new LinkedHashMap<>();
        for (int r = 0; r < repeats; r++) {
            Map<String, ModelBenchmark.StepTimes> times = ModelBenchmark.interleaved(modelSteps, warmup, steps);
            for (Map.Entry<String, ModelBenchmark.StepTimes> model : times.entrySet()) {
                record(perRepeat, model.getKey(), r, model.getValue().medianMs());
            }
            record(perRepeat, BenchReport.ENTROPY, r, medianMs(entropy));
            record(perRepeat, BenchReport.LISTENER_PROBE, r, medianMs(probeEvaluation));
            record(perRepeat, BenchReport.LISTENER_TRAIN, r, medianMs(trainEvaluation));
        }
        return BenchReport.of("add mod 97", BATCH, PROBE, WIDTH, NativeThreads.Applied.read().openMp(), warmup,
                steps, repeats, evalEvery, perRepeat);
    }

    private void record(Map<String, double[]> perRepeat, String name, int repeat, double value) {
        perRepeat.computeIfAbsent(name, k -> new double[repeats])[repeat] = value;
    }

    /** Median wall time of {@code steps} calls after {@code warmup} untimed ones, in milliseconds. */
    private double medianMs(Runnable call) {
        for (int i = 0; i < warmup; i++) {
            call.run();
        }
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long start = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        return new Median().evaluate(ms);
    }
}
