package dev.grokwatch.models.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SymmetricGroupTest {

    /** S5 the slow way: count through all 5^5 tuples in lexicographic order and keep the permutations. */
    private static List<int[]> bruteForceS5() {
        List<int[]> permutations = new ArrayList<>();
        for (int code = 0; code < 3125; code++) {
            int[] tuple = new int[5];
            int rest = code;
            for (int i = 4; i >= 0; i--) {
                tuple[i] = rest % 5;
                rest /= 5;
            }
            if (Arrays.stream(tuple).distinct().count() == 5) {
                permutations.add(tuple);
            }
        }
        return permutations;
    }

    private static int indexIn(List<int[]> permutations, int[] wanted) {
        for (int i = 0; i < permutations.size(); i++) {
            if (Arrays.equals(permutations.get(i), wanted)) {
                return i;
            }
        }
        throw new AssertionError("not found: " + Arrays.toString(wanted));
    }

    @Test
    void numbersPermutationsInLexicographicOrder() {
        SymmetricGroup s5 = SymmetricGroup.ofDegree(5);
        List<int[]> expected = bruteForceS5();
        assertEquals(120, expected.size());
        assertEquals(120, s5.order());
        for (int i = 0; i < 120; i++) {
            assertArrayEquals(expected.get(i), s5.permutation(i), "permutation " + i);
            assertEquals(i, s5.indexOf(expected.get(i)));
        }
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, s5.permutation(0));
        assertArrayEquals(new int[] {1, 0, 2, 3, 4}, s5.permutation(24));
        assertArrayEquals(new int[] {4, 3, 2, 1, 0}, s5.permutation(119));
    }

    @Test
    void composesRightToLeft() {
        SymmetricGroup s5 = SymmetricGroup.ofDegree(5);
        List<int[]> all = bruteForceS5();
        for (int s = 0; s < 120; s++) {
            for (int t = 0; t < 120; t++) {
                int[] sigma = all.get(s);
                int[] tau = all.get(t);
                int[] composed = new int[5];
                for (int i = 0; i < 5; i++) {
                    composed[i] = sigma[tau[i]];
                }
                assertEquals(indexIn(all, composed), s5.compose(s, t), "σ" + s + "∘τ" + t);
            }
        }
    }

    @Test
    void smallDegreesHaveFactorialOrder() {
        assertEquals(1, SymmetricGroup.ofDegree(1).order());
        assertEquals(6, SymmetricGroup.ofDegree(3).order());
        assertEquals(720, SymmetricGroup.ofDegree(6).order());
    }

    @Test
    void rejectsBadArgumentsNamingTheAllowedRange() {
        IllegalArgumentException degree = assertThrows(IllegalArgumentException.class, () -> SymmetricGroup.ofDegree(7));
        assertTrue(degree.getMessage().contains("degree") && degree.getMessage().contains("[1, 6]"), degree.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SymmetricGroup.ofDegree(0));

        SymmetricGroup s5 = SymmetricGroup.ofDegree(5);
        IllegalArgumentException index = assertThrows(IllegalArgumentException.class, () -> s5.compose(0, 120));
        assertTrue(index.getMessage().contains("tau") && index.getMessage().contains("[0, 119]"), index.getMessage());
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class, () -> s5.indexOf(0, 1, 2));
        assertTrue(length.getMessage().contains("needs 5 entries"), length.getMessage());
        IllegalArgumentException repeat = assertThrows(IllegalArgumentException.class, () -> s5.indexOf(0, 1, 1, 3, 4));
        assertTrue(repeat.getMessage().contains("exactly once"), repeat.getMessage());
    }
}
