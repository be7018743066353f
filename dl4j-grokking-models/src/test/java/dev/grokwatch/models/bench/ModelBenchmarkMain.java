package dev.grokwatch.models.bench;

import dev.grokwatch.models.BuiltinTransformer;
import dev.grokwatch.models.GrokMlp;
import dev.grokwatch.models.GrokTransformer;
import dev.grokwatch.models.ModelBenchmark;
import dev.grokwatch.models.tasks.GroupDataset;
import dev.grokwatch.models.tasks.GroupTask;
import dev.grokwatch.models.tasks.SampledBatchIterator;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Step time of GrokTransformer against the same architecture from DL4J's built-in layers (standard, and
 * with the MLP on the last position only) and against GrokMlp (Z/97, train fraction 0.3, batch 512, interleaved in one run), then heap and off-heap memory
 * over a long GrokTransformer run. Not a unit test; run with OMP_NUM_THREADS=2, and on a machine other
 * jobs share also OMP_WAIT_POLICY=PASSIVE: with OpenMP's default spinning, each of the hundred-odd
 * parallel ops of a step waited for a descheduled thread, and a step took 25 times as long (476 against
 * 19 ms median for GrokTransformer at load 6 on 2 cores).
 *
 * <pre>
 * java -cp ... dev.grokwatch.models.bench.ModelBenchmarkMain [warmup] [measured] [memorySteps] [memoryEvery]
 * </pre>
 * Defaults 30, 200, 20000, 2000; memorySteps 0 skips the memory run.
 */
public final class ModelBenchmarkMain {

    private static final int BATCH = 512;
    private static final int POOL = 32;

    private ModelBenchmarkMain() {
    }

    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int memorySteps = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int memoryEvery = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;

        GroupTask task = GroupTask.modularAddition(97);
        GroupDataset data = GroupDataset.split(task, 0.3, 0);
        SampledBatchIterator sampler = data.trainIterator(BATCH, 0).batchesPerEpoch(Integer.MAX_VALUE);
        // Batches drawn up front, so the timings are of the models alone.
        DataSet[] batches = new DataSet[POOL];
        MultiDataSet[] builtinBatches = new MultiDataSet[POOL];
        for (int i = 0; i < POOL; i++) {
            batches[i] = sampler.next();
            builtinBatches[i] = BuiltinTransformer.batch(batches[i]);
        }

        ComputationGraph grok = GrokTransformer.builder(task).seed(0).build();
        ComputationGraph mixing = GrokTransformer.builder(task).seed(0).mixing(0.3).build();
        ComputationGraph builtin = BuiltinTransformer.builder(task).seed(0).build();
        ComputationGraph builtinLast = BuiltinTransformer.builder(task).seed(0).mlpOnLastPosition(true).build();
        ComputationGraph mlp = GrokMlp.builder(task).seed(0).build();
        int[] next = new int[5];
        Map<String, Runnable> steps = new LinkedHashMap<>();
        steps.put("GrokTransformer", () -> grok.fit(batches[next[0]++ % POOL]));
        steps.put("BuiltinTransformer", () -> builtin.fit(builtinBatches[next[1]++ % POOL]));
        steps.put("BuiltinTransformer, MLP on last position", () -> builtinLast.fit(builtinBatches[next[2]++ % POOL]));
        steps.put("GrokMlp", () -> mlp.fit(batches[next[3]++ % POOL]));
        steps.put("GrokTransformer mixing 0.3", () -> mixing.fit(batches[next[4]++ % POOL]));

        System.out.printf("Z/97, batch %d, OMP_NUM_THREADS=%s, %d warmup + %d measured rounds%n", BATCH,
                System.getenv("OMP_NUM_THREADS"), warmup, measured);
        Map<String, ModelBenchmark.StepTimes> times = ModelBenchmark.interleaved(steps, warmup, measured);
        times.values().forEach(System.out::println);
        double grokMs = times.get("GrokTransformer").medianMs();
        System.out.printf("GrokTransformer / BuiltinTransformer = %.3f%n", grokMs / times.get("BuiltinTransformer").medianMs());
        System.out.printf("GrokTransformer / BuiltinTransformer, MLP on last position = %.3f%n",
                grokMs / times.get("BuiltinTransformer, MLP on last position").medianMs());

        if (memorySteps > 0) {
            memoryTrace(grok, sampler, memorySteps, memoryEvery);
        }
    }

    /**
     * Every {@code every} steps: heap in use after a GC and committed, the process's physical memory
     * (resident set, JavaCPP {@code Pointer.physicalBytes()}) and the off-heap bytes JavaCPP tracks.
     */
    private static void memoryTrace(ComputationGraph model, SampledBatchIterator sampler, int steps, int every) {
        System.out.println("step,heap_used_mb,heap_committed_mb,physical_bytes_mb,javacpp_total_bytes_mb,ms_per_step");
        long start = System.nanoTime();
        for (int step = 1; step <= steps; step++) {
            model.fit(sampler.next());
            if (step % every == 0) {
                double msPerStep = (System.nanoTime() - start) / 1e6 / every;
                System.gc();
                Runtime rt = Runtime.getRuntime();
                System.out.printf("%d,%.1f,%.1f,%.1f,%.1f,%.2f%n", step, (rt.totalMemory() - rt.freeMemory()) / 1e6,
                        rt.totalMemory() / 1e6, Pointer.physicalBytes() / 1e6, Pointer.totalBytes() / 1e6, msPerStep);
                start = System.nanoTime();
            }
        }
    }
}
