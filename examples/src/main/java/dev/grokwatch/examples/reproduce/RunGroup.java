package dev.grokwatch.examples.reproduce;

/**
 * One setting of the reproduction, trained over seeds: the runs of a group live in
 * {@code OUT/runs/FOLDER/<train's folder name>} (e.g. {@code runs/mix/add97-transformer-seed3-mix0.3}).
 * Which seeds, budgets and options each group trains under a profile is the plan's ({@code ReproductionPlan}).
 */
public enum RunGroup {
    /** Addition mod 97, the Transformer, the paper's setting; also records the test-set probe and logit scale. */
    BASELINE("baseline"),
    /** The baseline with representation mixing α = 0.3 (§6). */
    MIX("mix"),
    /** The baseline with the parameter norm held to the same seed's baseline trajectory (§6); records logit scale. */
    NORM_MATCHED("norm-matched"),
    /** Subtraction mod 97 (§9). */
    SUB("sub"),
    /** Multiplication mod 97 (§9). */
    MUL("mul"),
    /** Composition in S5 (§9). */
    S5("s5"),
    /** The MLP on addition mod 97, trained to a fixed budget (§11). */
    MLP("mlp"),
    /** The baseline with PyTorch's default initialisation, the paper's, to show its timescale (§5). */
    TORCH_INIT("torch-init");

    private final String folder;

    RunGroup(String folder) {
        this.folder = folder;
    }

    /** The group's folder under {@code OUT/runs}. */
    public String folder() {
        return folder;
    }
}
