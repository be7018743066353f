package dev.grokwatch.examples.sweep;

import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunSummary;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sweep.csv}: one row per finished run, the run's folder name then the fields of its
 * {@code summary.json} in the output contract's order; an empty cell where the summary has
 * {@code null}.
 */
public final class SweepTable {

    /** The columns: {@code run}, then {@link RunSummary}'s fields. */
    public static final List<String> COLUMNS;

    static {
        List<String> columns = new ArrayList<>(List.of("run"));
        columns.addAll(List.of(RunSummary.class.getAnnotation(JsonPropertyOrder.class).value()));
        COLUMNS = List.copyOf(columns);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepTable() {
    }

    public static void write(Path csvPath, List<RunFolder> runs) {
        try (Writer out = Files.newBufferedWriter(csvPath, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                     .setHeader(COLUMNS.toArray(String[]::new)).setRecordSeparator('\n').build())) {
            for (RunFolder run : runs) {
                JsonNode summary = JSON.valueToTree(run.summary());
                List<String> row = new ArrayList<>(List.of(run.name()));
                for (String field : COLUMNS.subList(1, COLUMNS.size())) {
                    JsonNode value = summary.get(field);
                    row.add(value == null || value.isNull() ? "" : value.asText());
                }
                csv.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the sweep table to " + csvPath, e);
        }
    }
}
