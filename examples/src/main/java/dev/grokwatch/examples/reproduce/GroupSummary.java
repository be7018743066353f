package dev.grokwatch.examples.reproduce;

import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * What the report says of one run group: its setting, whether it was there, how many runs the plan has in it, how
 * many of its runs finished and grokked, and which runs were left out and why.
 *
 * @param group        the group's folder name, e.g. {@code mix}
 * @param setting      the task label its runs have, e.g. {@code add mod 97, transformer, fraction 0.3, mix 0.3}
 * @param present      whether {@code runs/<group>} exists
 * @param planned      runs the plan has in the group
 * @param finished     runs of the setting that finished
 * @param grokked      of those, runs that grokked
 * @param failed       runs the group lacks (not finished, unreadable, planned but absent), each {@code "name: reason"}
 * @param otherSetting runs of another setting in the group's folder, left out, each {@code "name: reason"}
 */
@JsonPropertyOrder({"group", "setting", "present", "planned", "finished", "grokked", "failed", "otherSetting"})
public record GroupSummary(@JsonProperty("group") String group, @JsonProperty("setting") String setting,
                           @JsonProperty("present") boolean present, @JsonProperty("planned") int planned,
                           @JsonProperty("finished") int finished, @JsonProperty("grokked") int grokked,
                           @JsonProperty("failed") List<String> failed,
                           @JsonProperty("otherSetting") List<String> otherSetting) {

    public GroupSummary {
        failed = List.copyOf(failed);
        otherSetting = List.copyOf(otherSetting);
    }

    static GroupSummary of(GroupRuns runs) {
        return new GroupSummary(runs.group().folder(), runs.setting(), runs.present(), runs.planned(),
                runs.finished().size(), runs.grokked().size(), text(runs.failed()), text(runs.otherSetting()));
    }

    private static List<String> text(List<GroupRuns.FailedRun> runs) {
        return runs.stream().map(f -> f.name() + ": " + f.reason()).toList();
    }
}
