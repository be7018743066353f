package dev.grokwatch.spark;

import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.sweep.SweepRun;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Short runs of addition mod 97 for the runner's tests, and their folders compared but for wall times. */
final class TinyRuns {

    /** Wall times: the only columns and fields in which two trainings of one run differ. */
    static final List<String> TIMES = List.of(MetricsCsv.Column.WALL_MS.header(), "wall_seconds", "ms_per_step",
            "entropy_ms_mean");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TinyRuns() {
    }

    /** A run of {@code steps} steps, evaluated every {@code steps / 3}, in {@code folder}, seed 0 unless extra says. */
    static SweepRun run(Path folder, int steps, List<String> extra, List<Path> requires) {
        List<String> args = new ArrayList<>(List.of("--steps", Integer.toString(steps),
                "--eval-every", Integer.toString(Math.max(1, steps / 3)), "--batch", "64", "--probe-size", "130"));
        args.addAll(extra);
        args.addAll(List.of("--out", folder.toString()));
        return new SweepRun(folder.getFileName().toString(), folder, args, requires);
    }

    /** metrics.csv of both folders: the same header and the same cells in every column but {@link #TIMES}. */
    static void assertSameMetrics(Path expected, Path actual) throws IOException {
        List<Map<String, String>> want = rows(expected.resolve(RunFolder.METRICS));
        List<Map<String, String>> got = rows(actual.resolve(RunFolder.METRICS));
        assertEquals(Files.readAllLines(expected.resolve(RunFolder.METRICS)).get(0),
                Files.readAllLines(actual.resolve(RunFolder.METRICS)).get(0));
        assertNotEquals(0, want.size(), "no evaluations in " + expected);
        assertEquals(want, got, actual + " against " + expected);
    }

    /** summary.json of both folders: the same in every field but {@link #TIMES}. */
    static void assertSameSummary(Path expected, Path actual) throws IOException {
        assertEquals(withoutTimes(expected), withoutTimes(actual), actual + " against " + expected);
    }

    private static ObjectNode withoutTimes(Path folder) throws IOException {
        ObjectNode summary = (ObjectNode) JSON.readTree(folder.resolve(RunFolder.SUMMARY).toFile());
        summary.remove(TIMES);
        return summary;
    }

    private static List<Map<String, String>> rows(Path csv) throws IOException {
        try (Reader in = Files.newBufferedReader(csv);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                rows.add(record.toMap().entrySet().stream().filter(e -> !TIMES.contains(e.getKey()))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            }
            return rows;
        }
    }
}
