package dev.grokwatch.models.tasks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The named families of {@link GroupTask}: the owner of each family's short name (what {@code --task}
 * takes and task labels start with), of whether it takes a modulus p, and of its default threshold H̃*.
 *
 * <p>A new family is a constant here: its name, its H̃* and its factory.
 */
public enum TaskFamily {

    /** (a + b) mod p; H̃* 0.61, the paper's headline figure (arXiv 2604.13123, §9, Table 3 calibrates 0.605). */
    ADD("add", true, 0.61, GroupTask::modularAddition),
    /** (a − b) mod p; H̃* 0.589 (arXiv 2604.13123, §9, Table 3). */
    SUB("sub", true, 0.589, GroupTask::modularSubtraction),
    /** (a · b) mod p; H̃* 0.589 (arXiv 2604.13123, §9, Table 3). */
    MUL("mul", true, 0.589, GroupTask::modularMultiplication),
    /** (a · b⁻¹) mod p, p prime; H̃* 0.6, a placeholder: the paper gives no value for division. */
    DIV("div", true, 0.6, GroupTask::modularDivision),
    /** Composition in S5, which has no modulus; H̃* 0.655 (arXiv 2604.13123, §9, Table 3). */
    S5("s5", false, 0.655, modulus -> GroupTask.s5());

    private final String shortName;
    private final boolean hasModulus;
    private final double defaultThreshold;
    /** Maps p to the task; a family without a modulus ignores it. */
    private final IntFunction<GroupTask> factory;

    TaskFamily(String shortName, boolean hasModulus, double defaultThreshold, IntFunction<GroupTask> factory) {
        this.shortName = shortName;
        this.hasModulus = hasModulus;
        this.defaultThreshold = defaultThreshold;
        this.factory = factory;
    }

    /**
     * The family a short name names.
     *
     * @param name one of {@link #shortNames()}, case-insensitive, surrounding blanks ignored
     * @throws IllegalArgumentException for {@code null} or any other name; the message lists the names
     */
    public static TaskFamily named(String name) {
        if (name != null) {
            String key = name.trim().toLowerCase(Locale.ROOT);
            for (TaskFamily family : values()) {
                if (family.shortName.equals(key)) {
                    return family;
                }
            }
        }
        throw new IllegalArgumentException("unknown task name " + (name == null ? "null" : "'" + name + "'")
                + ": expected one of " + String.join(", ", shortNames()));
    }

    /** Every family's short name, in declaration order: {@code add, sub, mul, div, s5}. */
    public static List<String> shortNames() {
        return Arrays.stream(values()).map(TaskFamily::shortName).toList();
    }

    /** The name {@code --task} takes and the family's task labels start with, e.g. {@code "add"}. */
    public String shortName() {
        return shortName;
    }

    /** Whether the family is arithmetic mod p (false only for {@link #S5}). */
    public boolean hasModulus() {
        return hasModulus;
    }

    /**
     * The threshold H̃* on the normalised spectral entropy when none is given: the paper's calibrated
     * value for the family (arXiv 2604.13123, §9, Table 3), except as noted on {@link #ADD} and {@link #DIV}.
     * A value in (0, 1).
     */
    public double defaultThreshold() {
        return defaultThreshold;
    }

    /**
     * The family's task.
     *
     * @param modulus p for a family with a modulus (at least 2; prime for {@link #DIV}); ignored otherwise
     * @throws IllegalArgumentException on a modulus the family does not allow
     */
    public GroupTask task(int modulus) {
        return factory.apply(modulus);
    }
}
