package dev.grokwatch.examples.reproduce;

import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The reproduction's analysis: the plan it is of, the run groups read, and per experiment its table of claims judged
 * against the paper (arXiv 2604.13123). {@link ReproductionReportWriter} writes it as REPORT.md, report.json and
 * figures.
 *
 * @param command     the plan's {@code reproduce} command ({@link ReproductionPlan#reproduceCommand()}); with
 *                    {@code --analyse-only} it writes this analysis again
 * @param planFile    the name of the plan's file ({@link ReproductionPlan#fileName()})
 * @param groups      every group an experiment read, in {@link RunGroup} order
 * @param experiments one result per experiment asked for, in {@link Experiment} order
 * @param runs        the groups' runs as read, for the figures (not written to JSON)
 */
@JsonPropertyOrder({"command", "planFile", "groups", "experiments"})
public record ReproductionResult(@JsonProperty("command") String command, @JsonProperty("planFile") String planFile,
                                 @JsonProperty("groups") List<GroupSummary> groups,
                                 @JsonProperty("experiments") List<ExperimentResult> experiments,
                                 @JsonIgnore Map<RunGroup, GroupRuns> runs) {

    public ReproductionResult {
        groups = List.copyOf(groups);
        experiments = List.copyOf(experiments);
        runs = Collections.unmodifiableMap(runs.isEmpty() ? new EnumMap<>(RunGroup.class) : new EnumMap<>(runs));
    }

    /** Every claim, experiment by experiment. */
    public List<Claim> claims() {
        return experiments.stream().flatMap(e -> e.claims().stream()).toList();
    }

    /** The result of one experiment, if it was analysed. */
    public ExperimentResult experiment(Experiment experiment) {
        return experiments.stream().filter(e -> e.experiment() == experiment).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(experiment + " was not analysed; analysed: "
                        + experiments.stream().map(ExperimentResult::experiment).toList()));
    }

    /** One claim by id, e.g. {@code E3.2}. */
    public Claim claim(String id) {
        return claims().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no claim " + id + "; claims: "
                        + claims().stream().map(Claim::id).toList()));
    }

    /**
     * The runs the analysed groups lack (planned but absent, not finished, unreadable), each
     * {@code "runs/<group>/<name> (<reason>)"}: the runs whose absence can leave a claim inconclusive.
     */
    public List<String> lacking() {
        return runs.values().stream().flatMap(g -> g.lacking().stream()).toList();
    }

    /** The runs of a group as read ({@code null} when no experiment read it). */
    public GroupRuns runs(RunGroup group) {
        return runs.get(group);
    }
}
