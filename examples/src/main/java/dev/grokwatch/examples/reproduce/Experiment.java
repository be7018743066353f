package dev.grokwatch.examples.reproduce;

import java.util.EnumSet;
import java.util.Set;

/**
 * The paper's experiments (arXiv 2604.13123; its scripts E1-E8) plus its two appendix checks, each one
 * table of the reproduction report, with the run groups it reads.
 */
public enum Experiment {
    E1("two phases", "§3, §5, Fig. 1", EnumSet.of(RunGroup.BASELINE, RunGroup.TORCH_INIT)),
    E2("threshold and lead", "§5, Observation 1", EnumSet.of(RunGroup.BASELINE)),
    E3("mixing intervention", "§6, Table 1", EnumSet.of(RunGroup.BASELINE, RunGroup.MIX)),
    E4("norm-matched control", "§6", EnumSet.of(RunGroup.BASELINE, RunGroup.NORM_MATCHED)),
    E5("norm versus entropy", "§7, Table 2", EnumSet.of(RunGroup.BASELINE)),
    E6("forecasting", "§8", EnumSet.of(RunGroup.BASELINE)),
    E7("universality", "§9, Table 3", EnumSet.of(RunGroup.SUB, RunGroup.MUL, RunGroup.S5)),
    E8("MLP versus Transformer", "§11, Fig. 9", EnumSet.of(RunGroup.BASELINE, RunGroup.MLP)),
    PROBE("probe robustness", "appendix B", EnumSet.of(RunGroup.BASELINE)),
    OVERHEAD("overhead", "appendix D.3", EnumSet.of(RunGroup.BASELINE));

    private final String title;
    private final String section;
    private final Set<RunGroup> groups;

    Experiment(String title, String section, Set<RunGroup> groups) {
        this.title = title;
        this.section = section;
        this.groups = groups;
    }

    /** A few words, e.g. "mixing intervention". */
    public String title() {
        return title;
    }

    /** Where the claim is in the paper, e.g. "§6, Table 1". */
    public String section() {
        return section;
    }

    /** The run groups its table is computed from. */
    public Set<RunGroup> groups() {
        return EnumSet.copyOf(groups);
    }
}
