package dev.grokwatch.examples.reproduce;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogitScaleTest {

    @Test
    void meanOverAWindowOfSteps(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("logit-scale.csv"), "step,max_logit_mean\n200,4.0\n400,6.0\n600,11.0\n");
        LogitScale scale = LogitScale.read(csv);
        assertEquals(3, scale.values().size());
        assertEquals(5.0, scale.meanBetween(200, 400).getAsDouble(), 1e-12);
        assertEquals(7.0, scale.meanBetween(0, 1_000).getAsDouble(), 1e-12);
        assertFalse(scale.meanBetween(800, 1_000).isPresent());
        assertFalse(scale.meanBetween(600, 200).isPresent());
    }

    @Test
    void aWrongHeaderOrCellIsNamed(@TempDir Path dir) throws IOException {
        Path header = Files.writeString(dir.resolve("a.csv"), "step,logits\n200,4.0\n");
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> LogitScale.read(header));
        assertTrue(wrong.getMessage().contains("expected step,max_logit_mean"), wrong.getMessage());
        Path cell = Files.writeString(dir.resolve("b.csv"), "step,max_logit_mean\n200,4.0\n400,big\n");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> LogitScale.read(cell));
        assertTrue(bad.getMessage().contains("line 3"), bad.getMessage());
    }
}
