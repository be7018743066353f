package dev.grokwatch.examples.bench;

import dev.grokwatch.examples.GrokwatchCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code grokwatch bench} at its smallest: bench.json has every measurement, consistent with itself. */
class BenchCommandTest {

    @Test
    void tinyBenchWritesEveryKey(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("bench.json");
        CommandLine cli = GrokwatchCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("bench", "--warmup", "0", "--steps", "1", "--repeats", "1", "--out", json.toString());
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("BuiltinTransformer / GrokTransformer step"), out.toString());

        JsonNode bench = new ObjectMapper().readTree(json.toFile());
        assertEquals(List.of("setting", "step_ms", "evaluation_ms", "ratios", "overhead_share"), names(bench));
        assertEquals(List.of("grok_transformer", "builtin_transformer", "grok_mlp"), names(bench.get("step_ms")));
        assertEquals(List.of("entropy", "listener_probe", "listener_train"), names(bench.get("evaluation_ms")));
        assertEquals(List.of("builtin_over_grok_transformer", "grok_mlp_over_grok_transformer",
                "entropy_over_grok_transformer_step"), names(bench.get("ratios")));
        assertEquals(List.of("listener_probe", "listener_train"), names(bench.get("overhead_share")));
        assertEquals(1, bench.get("setting").get("repeats").asInt());
        for (JsonNode group : List.of(bench.get("step_ms"), bench.get("evaluation_ms"), bench.get("ratios"),
                bench.get("overhead_share"))) {
            group.forEach(spread -> {
                assertEquals(List.of("median", "min", "max", "n"), names(spread));
                assertTrue(spread.get("min").asDouble() > 0, spread.toString());
                assertTrue(spread.get("min").asDouble() <= spread.get("median").asDouble()
                        && spread.get("median").asDouble() <= spread.get("max").asDouble(), spread.toString());
            });
        }
        // With one repetition the ratios are those of the medians: recompute them.
        double step = median(bench, "step_ms", "grok_transformer");
        double evaluation = median(bench, "evaluation_ms", "listener_probe");
        assertEquals(median(bench, "step_ms", "builtin_transformer") / step,
                median(bench, "ratios", "builtin_over_grok_transformer"), 1e-9);
        assertEquals(evaluation / (200 * step + evaluation), median(bench, "overhead_share", "listener_probe"), 1e-12);
    }

    @Test
    void refusesAZeroCount() {
        CommandLine cli = GrokwatchCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("bench", "--repeats", "0"));
        assertTrue(err.toString().contains("repeats 0") && err.toString().contains("expected"), err.toString());
    }

    private static double median(JsonNode bench, String group, String key) {
        return bench.get(group).get(key).get("median").asDouble();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
