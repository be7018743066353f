package dev.grokwatch.examples.reproduce;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run groups under a plan's {@code OUT/runs}, each read once for the plan's settings when an experiment first
 * asks for it, and the baseline's forecast evaluation, computed once for the experiments that share it (E5, E6).
 */
final class Runs {

    private final ReproductionPlan plan;
    private final Map<RunGroup, GroupRuns> groups = new EnumMap<>(RunGroup.class);
    private BaselineFits baselineFits;

    Runs(ReproductionPlan plan) {
        this.plan = plan;
    }

    GroupRuns group(RunGroup group) {
        return groups.computeIfAbsent(group, g -> GroupRuns.read(plan, g));
    }

    BaselineFits baselineFits() {
        if (baselineFits == null) {
            baselineFits = BaselineFits.of(group(RunGroup.BASELINE));
        }
        return baselineFits;
    }

    /** The groups read so far, in the enum's order. */
    Map<RunGroup, GroupRuns> read() {
        return new EnumMap<>(groups);
    }

    /**
     * What the reader of an experiment's table must know of its groups: runs that failed or are missing, runs of
     * another setting, recordings left out (an absent group is said by the claims it leaves inconclusive).
     */
    List<String> notes(Set<RunGroup> of) {
        List<String> notes = new ArrayList<>();
        for (RunGroup g : of) {
            GroupRuns runs = group(g);
            if (!runs.present()) {
                continue;
            }
            runs.failed().forEach(f -> notes.add("runs/" + g.folder() + "/" + f.name() + " left out: " + f.reason()
                    + "."));
            runs.otherSetting().forEach(f -> notes.add("runs/" + g.folder() + "/" + f.name() + " left out: "
                    + f.reason() + "."));
            runs.problems().forEach(p -> notes.add("runs/" + g.folder() + "/" + p + "."));
        }
        return notes;
    }
}
