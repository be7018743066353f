package dev.grokwatch.examples.reproduce;

import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One experiment's table of the report: its claims with verdicts, the numbers shown beside them, the per-run
 * tables behind them, notes (runs left out, recordings missing, which event the crossing announces) and the checks
 * that are not claims of the paper.
 *
 * @param experiment   which
 * @param claims       the paper's claims, judged
 * @param measurements our numbers without a claim to judge
 * @param tables       per-run detail
 * @param notes        sentences the reader needs to read the table
 * @param checks       questions answered that the paper does not claim (not counted among its claims)
 */
@JsonPropertyOrder({"experiment", "title", "section", "claims", "checks", "measurements", "tables", "notes"})
public record ExperimentResult(@JsonProperty("experiment") Experiment experiment,
                               @JsonProperty("claims") List<Claim> claims,
                               @JsonProperty("measurements") List<Measurement> measurements,
                               @JsonProperty("tables") List<DetailTable> tables,
                               @JsonProperty("notes") List<String> notes,
                               @JsonProperty("checks") List<Check> checks) {

    public ExperimentResult {
        checks = List.copyOf(checks);
        claims = List.copyOf(claims);
        measurements = List.copyOf(measurements);
        tables = List.copyOf(tables);
        notes = List.copyOf(notes);
    }

    /** An experiment without checks. */
    public ExperimentResult(Experiment experiment, List<Claim> claims, List<Measurement> measurements,
                            List<DetailTable> tables, List<String> notes) {
        this(experiment, claims, measurements, tables, notes, List.of());
    }

    @JsonProperty("title")
    public String title() {
        return experiment.title();
    }

    @JsonProperty("section")
    public String section() {
        return experiment.section();
    }
}
