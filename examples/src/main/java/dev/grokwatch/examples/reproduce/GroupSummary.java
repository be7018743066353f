package dev.grokwatch.examples.reproduce;

import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * What the report says of one run group: whether it was there, how many of its runs finished and grokked, and
 * which runs could not be analysed and why.
 *
 * @param group    the group's folder name, e.g. {@code mix}
 * @param present  whether {@code runs/<group>} exists
 * @param finished runs that finished
 * @param grokked  of those, runs that grokked
 * @param failed   runs left out, each {@code "name: reason"}
 */
@JsonPropertyOrder({"group", "present", "finished", "grokked", "failed"})
public record GroupSummary(@JsonProperty("group") String group, @JsonProperty("present") boolean present,
                           @JsonProperty("finished") int finished, @JsonProperty("grokked") int grokked,
                           @JsonProperty("failed") List<String> failed) {

    public GroupSummary {
        failed = List.copyOf(failed);
    }

    static GroupSummary of(GroupRuns runs) {
        return new GroupSummary(runs.group().folder(), runs.present(), runs.finished().size(), runs.grokked().size(),
                runs.failed().stream().map(f -> f.name() + ": " + f.reason()).toList());
    }
}
