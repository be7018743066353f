package dev.grokwatch.models.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskFamilyTest {

    /** arXiv 2604.13123, §9, Table 3 (addition: the headline 0.61; division: this project's placeholder). */
    private static final Map<String, Double> PAPER = Map.of(
            "add", 0.61, "sub", 0.589, "mul", 0.589, "div", 0.6, "s5", 0.655);

    @Test
    void everyDefaultThresholdIsThePaperValue() {
        assertEquals(PAPER.keySet(), Set.copyOf(TaskFamily.shortNames()));
        for (TaskFamily family : TaskFamily.values()) {
            assertEquals(PAPER.get(family.shortName()), family.defaultThreshold(), 0.0, family.shortName());
        }
    }

    @Test
    void onlyS5HasNoModulus() {
        for (TaskFamily family : TaskFamily.values()) {
            assertEquals(family != TaskFamily.S5, family.hasModulus(), family.shortName());
        }
    }

    @Test
    void namesAreTheCommandLineNamesInHelpOrder() {
        assertEquals(List.of("add", "sub", "mul", "div", "s5"), TaskFamily.shortNames());
        for (TaskFamily family : TaskFamily.values()) {
            assertSame(family, TaskFamily.named(family.shortName()));
        }
        assertSame(TaskFamily.MUL, TaskFamily.named(" Mul "));
    }

    @Test
    void taskLabelsStartWithTheFamilyName() {
        assertEquals("add97", TaskFamily.ADD.task(97).label());
        assertEquals("sub13", TaskFamily.SUB.task(13).label());
        assertEquals("mul7", TaskFamily.MUL.task(7).label());
        assertEquals("div97", TaskFamily.DIV.task(97).label());
        // s5 has no modulus: any value gives the same 120-element group
        assertEquals("s5", TaskFamily.S5.task(97).label());
        assertEquals(120, TaskFamily.S5.task(2).order());
        assertEquals(3, TaskFamily.ADD.task(97).apply(50, 50));
    }

    @Test
    void aModulusTheFamilyDoesNotAllowIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskFamily.DIV.task(96));
        assertTrue(e.getMessage().contains("prime") && e.getMessage().contains("96"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TaskFamily.ADD.task(1));
    }

    @Test
    void unknownNamesAreRefusedListingTheNames() {
        for (String name : Arrays.asList("pow", "", "add97", null)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskFamily.named(name));
            assertTrue(e.getMessage().contains(name == null ? "null" : "'" + name + "'")
                    && e.getMessage().contains("expected one of add, sub, mul, div, s5"), e.getMessage());
        }
    }
}
