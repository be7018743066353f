package dev.grokwatch.models.tasks;

import java.util.Arrays;

/**
 * The symmetric group S<sub>n</sub>: all permutations of {0, …, n−1}, numbered in lexicographic order of
 * their one-line notation, so index 0 is the identity {@code [0, 1, …, n−1]} and index n!−1 is the
 * reversal. For S5, index 24 is {@code [1, 0, 2, 3, 4]} and index 119 is {@code [4, 3, 2, 1, 0]}.
 *
 * <p>Composition is right to left, as in the paper: {@code (σ∘τ)(i) = σ(τ(i))}, i.e. τ is applied first.
 */
public final class SymmetricGroup {

    /** The composition table holds (n!)² entries: 518,400 for S6, 25 million for S7. */
    public static final int MAX_DEGREE = 6;

    private final int degree;
    private final int[][] permutations;
    private final int[][] composition;

    private SymmetricGroup(int degree) {
        this.degree = degree;
        this.permutations = lexicographicPermutations(degree);
        int order = permutations.length;
        this.composition = new int[order][order];
        int[] composed = new int[degree];
        for (int s = 0; s < order; s++) {
            for (int t = 0; t < order; t++) {
                for (int i = 0; i < degree; i++) {
                    composed[i] = permutations[s][permutations[t][i]];
                }
                composition[s][t] = rank(composed);
            }
        }
    }

    /**
     * @param degree n, the number of points permuted, in [1, {@value #MAX_DEGREE}]
     */
    public static SymmetricGroup ofDegree(int degree) {
        if (degree < 1 || degree > MAX_DEGREE) {
            throw new IllegalArgumentException("degree must be in [1, " + MAX_DEGREE + "], got " + degree);
        }
        return new SymmetricGroup(degree);
    }

    public int degree() {
        return degree;
    }

    /** n!, the number of elements. */
    public int order() {
        return permutations.length;
    }

    /** The one-line notation of the permutation with this index: entry i is σ(i). A copy. */
    public int[] permutation(int index) {
        checkIndex("index", index);
        return permutations[index].clone();
    }

    /** The index of a permutation given in one-line notation. */
    public int indexOf(int... oneLine) {
        if (oneLine.length != degree) {
            throw new IllegalArgumentException("a permutation of S" + degree + " needs " + degree
                    + " entries, got " + oneLine.length + ": " + Arrays.toString(oneLine));
        }
        boolean[] seen = new boolean[degree];
        for (int v : oneLine) {
            if (v < 0 || v >= degree || seen[v]) {
                throw new IllegalArgumentException("not a permutation of {0, ..., " + (degree - 1) + "}: "
                        + Arrays.toString(oneLine) + " (each value in [0, " + (degree - 1) + "] exactly once)");
            }
            seen[v] = true;
        }
        return rank(oneLine);
    }

    /** The index of σ∘τ, where σ and τ are given by their indices. */
    public int compose(int sigma, int tau) {
        checkIndex("sigma", sigma);
        checkIndex("tau", tau);
        return composition[sigma][tau];
    }

    private void checkIndex(String name, int index) {
        if (index < 0 || index >= permutations.length) {
            throw new IllegalArgumentException(name + " must be a permutation index in [0, "
                    + (permutations.length - 1) + "], got " + index);
        }
    }

    /** Lexicographic rank via the Lehmer code: the digit at i counts later entries smaller than entry i. */
    private static int rank(int[] oneLine) {
        int n = oneLine.length;
        int rank = 0;
        for (int i = 0; i < n; i++) {
            int smallerLater = 0;
            for (int j = i + 1; j < n; j++) {
                if (oneLine[j] < oneLine[i]) {
                    smallerLater++;
                }
            }
            rank = rank * (n - i) + smallerLater;
        }
        return rank;
    }

    /** Narayana's next-permutation step from the identity visits every permutation in lexicographic order. */
    private static int[][] lexicographicPermutations(int n) {
        int count = 1;
        for (int k = 2; k <= n; k++) {
            count *= k;
        }
        int[][] all = new int[count][];
        int[] current = new int[n];
        for (int i = 0; i < n; i++) {
            current[i] = i;
        }
        for (int index = 0; index < count; index++) {
            all[index] = current.clone();
            int i = n - 2;
            while (i >= 0 && current[i] >= current[i + 1]) {
                i--;
            }
            if (i < 0) {
                break;
            }
            int j = n - 1;
            while (current[j] <= current[i]) {
                j--;
            }
            swap(current, i, j);
            for (int lo = i + 1, hi = n - 1; lo < hi; lo++, hi--) {
                swap(current, lo, hi);
            }
        }
        return all;
    }

    private static void swap(int[] values, int i, int j) {
        int held = values[i];
        values[i] = values[j];
        values[j] = held;
    }
}
