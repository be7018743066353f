package dev.grokwatch.models.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class GroupTaskTest {

    private static final int P = 97;

    @Test
    void additionMatchesCountingUp() {
        GroupTask task = GroupTask.modularAddition(P);
        for (int a = 0; a < P; a++) {
            for (int b = 0; b < P; b++) {
                int expected = a;
                for (int step = 0; step < b; step++) {
                    expected = expected == P - 1 ? 0 : expected + 1;
                }
                assertEquals(expected, task.apply(a, b), a + "+" + b);
            }
        }
    }

    @Test
    void subtractionUndoesAddition() {
        GroupTask task = GroupTask.modularSubtraction(P);
        for (int a = 0; a < P; a++) {
            for (int b = 0; b < P; b++) {
                int c = task.apply(a, b);
                assertTrue(c >= 0 && c < P);
                assertEquals(a, (c + b) % P, a + "-" + b);
            }
        }
    }

    @Test
    void multiplicationMatchesRepeatedAddition() {
        GroupTask task = GroupTask.modularMultiplication(P);
        for (int a = 0; a < P; a++) {
            for (int b = 0; b < P; b++) {
                int expected = 0;
                for (int step = 0; step < b; step++) {
                    expected = (expected + a) % P;
                }
                assertEquals(expected, task.apply(a, b), a + "*" + b);
            }
        }
    }

    @Test
    void divisionTimesDivisorGivesDividend() {
        GroupTask task = GroupTask.modularDivision(P);
        for (int a = 0; a < P; a++) {
            assertFalse(task.isDefined(a, 0));
            for (int b = 1; b < P; b++) {
                assertTrue(task.isDefined(a, b));
                assertEquals(a, task.apply(a, b) * b % P, a + "/" + b);
            }
        }
    }

    @Test
    void divisionModFiveByHand() {
        // inverses mod 5: 1→1, 2→3, 3→2, 4→4
        GroupTask task = GroupTask.modularDivision(5);
        assertEquals(3, task.apply(1, 2));
        assertEquals(1, task.apply(3, 3));
        assertEquals(4, task.apply(2, 3));
        assertEquals(2, task.apply(3, 4));
        IllegalArgumentException byZero = assertThrows(IllegalArgumentException.class, () -> task.apply(3, 0));
        assertTrue(byZero.getMessage().contains("not defined") && byZero.getMessage().contains("(3, 0)"), byZero.getMessage());
    }

    @Test
    void sizesAndTokens() {
        GroupTask add = GroupTask.modularAddition(P);
        assertEquals("add97", add.label());
        assertEquals(97, add.order());
        assertEquals(97, add.numClasses());
        assertEquals(98, add.vocabularySize());
        assertEquals(97, add.equalsToken());
        assertEquals("sub97", GroupTask.modularSubtraction(P).label());
        assertEquals("mul97", GroupTask.modularMultiplication(P).label());
        assertEquals("div97", GroupTask.modularDivision(P).label());

        GroupTask s5 = GroupTask.s5();
        assertEquals("s5", s5.label());
        assertEquals(120, s5.order());
        assertEquals(120, s5.numClasses());
        assertEquals(121, s5.vocabularySize());
        assertEquals(120, s5.equalsToken());
    }

    @Test
    void s5SatisfiesTheGroupAxioms() {
        GroupTask s5 = GroupTask.s5();
        int n = s5.order();
        // identity [0,1,2,3,4] is first in lexicographic order
        for (int x = 0; x < n; x++) {
            assertEquals(x, s5.apply(0, x));
            assertEquals(x, s5.apply(x, 0));
        }
        for (int x = 0; x < n; x++) {
            int inverses = 0;
            Set<Integer> row = new HashSet<>();
            for (int y = 0; y < n; y++) {
                row.add(s5.apply(x, y));
                if (s5.apply(x, y) == 0) {
                    inverses++;
                    assertEquals(0, s5.apply(y, x), "left and right inverse of " + x);
                }
            }
            assertEquals(1, inverses, "inverses of " + x);
            assertEquals(n, row.size(), "x∘y takes all 120 values as y varies, x = " + x);
        }
        for (int x = 0; x < n; x++) {
            for (int y = 0; y < n; y += 7) {
                for (int z = 0; z < n; z += 11) {
                    assertEquals(s5.apply(s5.apply(x, y), z), s5.apply(x, s5.apply(y, z)), "(" + x + "," + y + "," + z + ")");
                }
            }
        }
    }

    @Test
    void s5DoesNotCommute() {
        // σ = (0 1) = [1,0,2,3,4] has Lehmer rank 1·4! = 24, τ = (1 2) = [0,2,1,3,4] rank 1·3! = 6.
        // σ∘τ = [1,2,0,3,4], rank 1·24 + 1·6 = 30; τ∘σ = [2,0,1,3,4], rank 2·24 = 48.
        GroupTask s5 = GroupTask.s5();
        assertEquals(30, s5.apply(24, 6));
        assertEquals(48, s5.apply(6, 24));
    }

    @Test
    void namedFindsEveryTask() {
        assertEquals("add97", GroupTask.named("add", 97).label());
        assertEquals("sub13", GroupTask.named("sub", 13).label());
        assertEquals("mul7", GroupTask.named("MUL", 7).label());
        assertEquals("div97", GroupTask.named(" div ", 97).label());
        assertEquals("s5", GroupTask.named("s5", 97).label());
        assertEquals(List.of("add", "sub", "mul", "div", "s5"), GroupTask.names());
    }

    @Test
    void namedRejectsUnknownNamesListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GroupTask.named("pow", 97));
        assertTrue(e.getMessage().contains("'pow'") && e.getMessage().contains("add, sub, mul, div, s5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GroupTask.named(null, 97));
    }

    @Test
    void rejectsModulusBelowTwo() {
        List<IntFunction<GroupTask>> factories = List.of(GroupTask::modularAddition, GroupTask::modularSubtraction,
                GroupTask::modularMultiplication, GroupTask::modularDivision);
        for (IntFunction<GroupTask> factory : factories) {
            for (int p : new int[] {1, 0, -5}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> factory.apply(p));
                assertTrue(e.getMessage().contains("modulus p must be at least 2") && e.getMessage().contains("got " + p),
                        e.getMessage());
            }
        }
        assertEquals(2, GroupTask.modularAddition(2).order());
    }

    @Test
    void rejectsDivisionByACompositeModulus() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GroupTask.modularDivision(96));
        assertTrue(e.getMessage().contains("prime") && e.getMessage().contains("got 96")
                && e.getMessage().contains("89, 97"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GroupTask.named("div", 1));
    }

    @Test
    void rejectsOperandsOutsideTheGroup() {
        GroupTask task = GroupTask.modularAddition(P);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> task.apply(97, 0));
        assertTrue(e.getMessage().contains("a must be an element") && e.getMessage().contains("[0, 96]"), e.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> task.isDefined(0, -1));
        assertTrue(negative.getMessage().contains("b must be an element"), negative.getMessage());
    }

    @Test
    void customTasksNeedOnlyAnOperation() {
        GroupTask max = GroupTask.of("max4", 4, Math::max);
        assertEquals(3, max.apply(1, 3));
        assertEquals(5, max.vocabularySize());

        GroupTask oddOnly = GroupTask.of("odd5", 5, (a, b) -> a, (a, b) -> b % 2 == 1);
        assertTrue(oddOnly.isDefined(0, 3));
        assertFalse(oddOnly.isDefined(0, 2));

        GroupTask broken = GroupTask.of("broken3", 3, (a, b) -> a + b);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> broken.apply(2, 2));
        assertTrue(e.getMessage().contains("class 4") && e.getMessage().contains("[0, 2]"), e.getMessage());
        assertEquals(2, broken.apply(1, 1));

        IllegalArgumentException order = assertThrows(IllegalArgumentException.class, () -> GroupTask.of("one", 1, Math::max));
        assertTrue(order.getMessage().contains("order must be at least 2"), order.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GroupTask.of(" ", 3, Math::max));
    }
}
