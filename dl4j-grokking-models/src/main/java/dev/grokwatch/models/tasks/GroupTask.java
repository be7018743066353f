package dev.grokwatch.models.tasks;

import java.math.BigInteger;
import java.util.List;
import java.util.function.IntBinaryOperator;
import org.apache.commons.math3.primes.Primes;

/**
 * A binary operation {@code a ∘ b} on a finite set of {@link #order()} elements, the thing a grokking
 * model learns: it sees the tokens {@code [a, b, =]} and must name the class of {@code a ∘ b}.
 *
 * <p>Elements and classes are numbered 0 … order−1; the token {@code =} is number {@link #order()}, so the
 * vocabulary has order + 1 tokens. The modular tasks use the residues 0 … p−1 (multiplication includes 0,
 * so "group" is used loosely, as in the grokking literature); S5 uses the numbering of
 * {@link SymmetricGroup}.
 *
 * <p>A new task is a name, a size and an {@link IntBinaryOperator} given to {@link #of}; to reach it by
 * name (from the command line), add its family to {@link TaskFamily}.
 */
public final class GroupTask {

    /** Which pairs (a, b) the operation is defined on. */
    @FunctionalInterface
    public interface Domain {
        boolean contains(int a, int b);
    }

    private static final Domain ALL_PAIRS = (a, b) -> true;

    private final String label;
    private final int order;
    private final IntBinaryOperator operation;
    private final Domain domain;

    private GroupTask(String label, int order, IntBinaryOperator operation, Domain domain) {
        this.label = label;
        this.order = order;
        this.operation = operation;
        this.domain = domain;
    }

    /**
     * A task defined on all pairs.
     *
     * @param label     short name used in file names and reports, e.g. {@code "add97"}
     * @param order     number of elements, at least 2
     * @param operation maps (a, b) to a class in [0, order)
     */
    public static GroupTask of(String label, int order, IntBinaryOperator operation) {
        return of(label, order, operation, ALL_PAIRS);
    }

    /** A task defined only on the pairs in {@code domain}, e.g. division by non-zero b. */
    public static GroupTask of(String label, int order, IntBinaryOperator operation, Domain domain) {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("label must be a non-blank name, got " + (label == null ? "null" : "'" + label + "'"));
        }
        if (order < 2) {
            throw new IllegalArgumentException("order must be at least 2, got " + order);
        }
        if (operation == null || domain == null) {
            throw new IllegalArgumentException("operation and domain must not be null");
        }
        return new GroupTask(label, order, operation, domain);
    }

    /** (a + b) mod p, labelled {@code "add<p>"}. */
    public static GroupTask modularAddition(int p) {
        checkModulus(p);
        return of(TaskFamily.ADD.shortName() + p, p, (a, b) -> (a + b) % p);
    }

    /** (a − b) mod p, labelled {@code "sub<p>"}. */
    public static GroupTask modularSubtraction(int p) {
        checkModulus(p);
        return of(TaskFamily.SUB.shortName() + p, p, (a, b) -> (a - b + p) % p);
    }

    /** (a · b) mod p over all residues, 0 included, labelled {@code "mul<p>"}. */
    public static GroupTask modularMultiplication(int p) {
        checkModulus(p);
        return of(TaskFamily.MUL.shortName() + p, p, (a, b) -> (int) ((long) a * b % p));
    }

    /** (a · b⁻¹) mod p for b ≠ 0, labelled {@code "div<p>"}; p must be prime so that every b ≠ 0 has an inverse. */
    public static GroupTask modularDivision(int p) {
        checkModulus(p);
        if (!Primes.isPrime(p)) {
            throw new IllegalArgumentException("modulus for division must be a prime (so every b != 0 has an inverse mod p), got "
                    + p + "; nearest primes: " + previousPrime(p) + ", " + Primes.nextPrime(p));
        }
        int[] inverse = new int[p];
        BigInteger modulus = BigInteger.valueOf(p);
        for (int b = 1; b < p; b++) {
            inverse[b] = BigInteger.valueOf(b).modInverse(modulus).intValueExact();
        }
        return of(TaskFamily.DIV.shortName() + p, p, (a, b) -> (int) ((long) a * inverse[b] % p), (a, b) -> b != 0);
    }

    /** Composition σ∘τ in the symmetric group S5 (120 elements, lexicographic numbering), labelled {@code "s5"}. */
    public static GroupTask s5() {
        SymmetricGroup s5 = SymmetricGroup.ofDegree(5);
        return of(TaskFamily.S5.shortName(), s5.order(), s5::compose);
    }

    /**
     * The task a command line names: {@code TaskFamily.named(name).task(modulus)}.
     *
     * @param name    one of {@link TaskFamily#shortNames()} (case-insensitive)
     * @param modulus p for the modular tasks; ignored by {@code s5}
     * @throws IllegalArgumentException on an unknown name (the message lists the names) or a modulus the task does not allow
     */
    public static GroupTask named(String name, int modulus) {
        return TaskFamily.named(name).task(modulus);
    }

    /** The names {@link #named} accepts, in help-text order ({@link TaskFamily#shortNames()}). */
    public static List<String> names() {
        return TaskFamily.shortNames();
    }

    private static void checkModulus(int p) {
        if (p < 2) {
            throw new IllegalArgumentException("modulus p must be at least 2, got " + p);
        }
    }

    private static int previousPrime(int p) {
        for (int q = p - 1; q >= 2; q--) {
            if (Primes.isPrime(q)) {
                return q;
            }
        }
        return 2;
    }

    /** Short name, e.g. {@code "add97"} or {@code "s5"}. */
    public String label() {
        return label;
    }

    /** |G|, the number of elements a and b range over. */
    public int order() {
        return order;
    }

    /** Number of output classes: the results lie in the same set as the operands. */
    public int numClasses() {
        return order;
    }

    /** The elements plus the {@code =} token. */
    public int vocabularySize() {
        return order + 1;
    }

    /** Token index of {@code =}, the one after the last element. */
    public int equalsToken() {
        return order;
    }

    /** Whether {@code a ∘ b} exists (false only for b = 0 in division); a and b must be elements. */
    public boolean isDefined(int a, int b) {
        checkElement("a", a);
        checkElement("b", b);
        return domain.contains(a, b);
    }

    /** The class of {@code a ∘ b}, in [0, numClasses()). */
    public int apply(int a, int b) {
        if (!isDefined(a, b)) {
            throw new IllegalArgumentException(label + " is not defined for (a, b) = (" + a + ", " + b + ")");
        }
        int result = operation.applyAsInt(a, b);
        if (result < 0 || result >= numClasses()) {
            throw new IllegalStateException("operation of " + label + " gave class " + result + " for (" + a + ", " + b
                    + "); classes must lie in [0, " + (numClasses() - 1) + "]");
        }
        return result;
    }

    private void checkElement(String name, int value) {
        if (value < 0 || value >= order) {
            throw new IllegalArgumentException(name + " must be an element of " + label + " in [0, " + (order - 1)
                    + "], got " + value);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
