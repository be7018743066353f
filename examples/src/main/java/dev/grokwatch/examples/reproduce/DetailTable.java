package dev.grokwatch.examples.reproduce;

import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * A table of per-run (or per-forecaster) numbers behind an experiment's claims, already written as text.
 *
 * @param title  a line above it
 * @param header column names
 * @param rows   one list of cells per row, as many as the header
 */
@JsonPropertyOrder({"title", "header", "rows"})
public record DetailTable(@JsonProperty("title") String title, @JsonProperty("header") List<String> header,
                          @JsonProperty("rows") List<List<String>> rows) {

    public DetailTable {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("table '" + title + "': row " + row + " has " + row.size()
                        + " cells; expected " + header.size() + " as the header " + header);
            }
        }
    }
}
