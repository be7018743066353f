package dev.grokwatch.examples.bench;

import dev.grokwatch.examples.sweep.Spread;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;

/**
 * What {@code grokwatch bench} measured: times in milliseconds, ratios and the listener's share of
 * training time, each as the median and range over the repetitions. Ratios are taken within each
 * repetition (numerator and denominator measured minutes apart at most) before summarising.
 * Written as {@code bench.json}, shown as a table.
 */
@JsonPropertyOrder({"setting", "step_ms", "evaluation_ms", "ratios", "overhead_share"})
public record BenchReport(@JsonProperty("setting") Setting setting,
                          @JsonProperty("step_ms") Map<String, Spread> stepMs,
                          @JsonProperty("evaluation_ms") Map<String, Spread> evaluationMs,
                          @JsonProperty("ratios") Map<String, Spread> ratios,
                          @JsonProperty("overhead_share") Map<String, Spread> overheadShare) {

    public static final String GROK_TRANSFORMER = "grok_transformer";
    public static final String BUILTIN_TRANSFORMER = "builtin_transformer";
    public static final String GROK_MLP = "grok_mlp";
    /** {@code SpectralEntropy.of} on a {@code [512, 128]} float matrix: covariance and eigenvalues. */
    public static final String ENTROPY = "entropy";
    /** A listener evaluation reading the probe only: forward pass, entropy, parameter norm, phase. */
    public static final String LISTENER_PROBE = "listener_probe";
    /** A listener evaluation as {@code train} runs it: also test and training accuracy, Fourier alignment. */
    public static final String LISTENER_TRAIN = "listener_train";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The conditions of the measurements. */
    @JsonPropertyOrder({"task", "batch", "probe", "width", "threads", "warmup", "steps", "repeats", "eval_every"})
    public record Setting(@JsonProperty("task") String task, @JsonProperty("batch") int batch,
                          @JsonProperty("probe") int probe, @JsonProperty("width") int width,
                          @JsonProperty("threads") int threads, @JsonProperty("warmup") int warmup,
                          @JsonProperty("steps") int steps, @JsonProperty("repeats") int repeats,
                          @JsonProperty("eval_every") int evalEvery) {
    }

    /** The report from the per-repetition medians, keyed by the constants above. */
    static BenchReport of(String task, int batch, int probe, int width, int threads, int warmup, int steps,
                          int repeats, int evalEvery, Map<String, double[]> perRepeat) {
        Map<String, Spread> stepMs = new LinkedHashMap<>();
        for (String model : new String[]{GROK_TRANSFORMER, BUILTIN_TRANSFORMER, GROK_MLP}) {
            stepMs.put(model, Spread.of(perRepeat.get(model)));
        }
        Map<String, Spread> evaluationMs = new LinkedHashMap<>();
        for (String evaluation : new String[]{ENTROPY, LISTENER_PROBE, LISTENER_TRAIN}) {
            evaluationMs.put(evaluation, Spread.of(perRepeat.get(evaluation)));
        }
        double[] grok = perRepeat.get(GROK_TRANSFORMER);
        Map<String, Spread> ratios = new LinkedHashMap<>();
        ratios.put("builtin_over_grok_transformer", combine(perRepeat.get(BUILTIN_TRANSFORMER), grok, (a, b) -> a / b));
        ratios.put("grok_mlp_over_grok_transformer", combine(perRepeat.get(GROK_MLP), grok, (a, b) -> a / b));
        ratios.put("entropy_over_grok_transformer_step", combine(perRepeat.get(ENTROPY), grok, (a, b) -> a / b));
        // Share of wall time over evalEvery steps that one evaluation takes: e / (N·step + e).
        DoubleBinaryOperator share = (evaluation, step) -> evaluation / (evalEvery * step + evaluation);
        Map<String, Spread> overhead = new LinkedHashMap<>();
        overhead.put(LISTENER_PROBE, combine(perRepeat.get(LISTENER_PROBE), grok, share));
        overhead.put(LISTENER_TRAIN, combine(perRepeat.get(LISTENER_TRAIN), grok, share));
        return new BenchReport(new Setting(task, batch, probe, width, threads, warmup, steps, repeats, evalEvery),
                stepMs, evaluationMs, ratios, overhead);
    }

    private static Spread combine(double[] a, double[] b, DoubleBinaryOperator op) {
        double[] values = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            values[i] = op.applyAsDouble(a[i], b[i]);
        }
        return Spread.of(values);
    }

    public void write(Path path) {
        try {
            JSON.writeValue(path.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the benchmark to " + path + " (--out)", e);
        }
    }

    /** The table shown on screen. */
    public String table() {
        StringBuilder t = new StringBuilder();
        Setting s = setting;
        t.append(String.format(Locale.ROOT, "%s, batch %d, probe %d x %d, %d native thread(s); %d warm-up + %d timed "
                + "calls x %d repetitions%n", s.task(), s.batch(), s.probe(), s.width(), s.threads(), s.warmup(),
                s.steps(), s.repeats()));
        t.append(String.format(Locale.ROOT, "%-58s %9s %9s %9s%n", "", "median", "min", "max"));
        row(t, "training step, GrokTransformer (ms)", stepMs.get(GROK_TRANSFORMER), "%.2f");
        row(t, "training step, BuiltinTransformer: DL4J layers (ms)", stepMs.get(BUILTIN_TRANSFORMER), "%.2f");
        row(t, "training step, GrokMlp (ms)", stepMs.get(GROK_MLP), "%.2f");
        row(t, "entropy: covariance + eigenvalues of 512 x 128 (ms)", evaluationMs.get(ENTROPY), "%.2f");
        row(t, "listener evaluation: probe forward + entropy (ms)", evaluationMs.get(LISTENER_PROBE), "%.2f");
        row(t, "listener evaluation as train: + accuracies, Fourier (ms)", evaluationMs.get(LISTENER_TRAIN), "%.2f");
        row(t, "BuiltinTransformer / GrokTransformer step", ratios.get("builtin_over_grok_transformer"), "%.2f");
        row(t, "GrokMlp / GrokTransformer step", ratios.get("grok_mlp_over_grok_transformer"), "%.2f");
        row(t, "entropy / GrokTransformer step", ratios.get("entropy_over_grok_transformer_step"), "%.2f");
        String every = String.format(Locale.ROOT, " every %d steps (%%)", s.evalEvery());
        percent(t, "listener overhead, probe + entropy," + every, overheadShare.get(LISTENER_PROBE));
        percent(t, "listener overhead as train," + every, overheadShare.get(LISTENER_TRAIN));
        return t.toString();
    }

    private static void row(StringBuilder t, String name, Spread v, String format) {
        t.append(String.format(Locale.ROOT, "%-58s %9s %9s %9s%n", name, String.format(Locale.ROOT, format, v.median()),
                String.format(Locale.ROOT, format, v.min()), String.format(Locale.ROOT, format, v.max())));
    }

    private static void percent(StringBuilder t, String name, Spread v) {
        row(t, name, new Spread(100 * v.median(), 100 * v.min(), 100 * v.max(), v.n()), "%.2f");
    }
}
