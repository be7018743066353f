package dev.grokwatch.examples.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunNamesTest {

    @Test
    void namesThatDifferStayAsTheyAre() {
        assertEquals(List.of("seed0", "seed1"), RunNames.distinct(List.of(Path.of("runs", "seed0"),
                Path.of("other", "seed1")), List.of("seed0", "seed1")));
    }

    @Test
    void alikeNamesGetTheFewestFoldersAboveThemThatTellThemApart() {
        List<Path> runs = List.of(Path.of("/w", "seeds0-9", "add97-transformer-seed0"),
                Path.of("/w", "lr1e-4", "add97-transformer-seed0"), Path.of("/w", "lr1e-4", "add97-transformer-seed1"));
        assertEquals(List.of("seeds0-9/add97-transformer-seed0", "lr1e-4/add97-transformer-seed0",
                "add97-transformer-seed1"), RunNames.distinct(runs, List.of("add97-transformer-seed0",
                "add97-transformer-seed0", "add97-transformer-seed1")));

        List<Path> deeper = List.of(Path.of("/x", "a", "runs", "seed0"), Path.of("/y", "a", "runs", "seed0"));
        assertEquals(List.of("x/a/runs/seed0", "y/a/runs/seed0"), RunNames.distinct(deeper, List.of("seed0", "seed0")));
    }

    @Test
    void metricsFilesAreNamedByTheFolderTheirNameComesFrom() {
        List<Path> files = List.of(Path.of("/w", "d1", "a", "metrics.csv"), Path.of("/w", "d2", "a", "metrics.csv"),
                Path.of("/w", "d3", "a.csv"));
        assertEquals(List.of("d1/a", "d2/a", "d3/a"), RunNames.distinct(files, List.of("a", "a", "a")));
    }

    @Test
    void whenNoFolderTellsThemApartThePathsAsGivenDo() {
        List<Path> files = List.of(Path.of("/w", "d", "a", "metrics.csv"), Path.of("/w", "d", "a.csv"));
        assertEquals(List.of("/w/d/a/metrics.csv", "/w/d/a.csv"), RunNames.distinct(files, List.of("a", "a")));
    }
}
