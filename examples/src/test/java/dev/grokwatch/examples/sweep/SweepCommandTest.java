package dev.grokwatch.examples.sweep;

import dev.grokwatch.examples.GrokwatchCli;
import dev.grokwatch.examples.cli.CliRun;
import dev.grokwatch.examples.run.SyntheticRuns;
import dev.grokwatch.examples.run.RunFolder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code grokwatch sweep}: the grid, its checks, and one tiny real sweep with a finished, a failing and a new run. */
class SweepCommandTest {

    private static CliRun sweep(String... args) {
        return CliRun.command("sweep", args);
    }

    private static List<SweepRun> grid(String... args) {
        CommandLine.ParseResult parsed = GrokwatchCli.commandLine().parseArgs(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("sweep"), java.util.Arrays.stream(args))
                        .toArray(String[]::new));
        return ((SweepCommand) parsed.subcommand().commandSpec().userObject()).runs();
    }

    @Test
    void seedRangesAndLists() {
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), SeedRange.parse("0-9").seeds().boxed().toList());
        assertEquals(List.of(7L), SeedRange.parse("7").seeds().boxed().toList());
        for (String bad : List.of("a", "3-", "-3", "5-2", "1-2-3", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeedRange.parse(bad));
            assertTrue(e.getMessage().contains("expected"), e.getMessage());
        }
    }

    @Test
    void gridIsTasksByModelsByMixBySeeds(@TempDir Path dir) {
        List<SweepRun> runs = grid("--tasks", "add,s5", "--seeds", "0-2,1,5", "--models", "transformer,mlp",
                "--mix", "0,0.3", "--steps", "10", "--eval-every", "5", "--out", dir.toString());
        // 2 tasks × 2 models × 2 mixing weights × seeds {0, 1, 2, 5} (1 listed twice is one run)
        assertEquals(2 * 2 * 2 * 4, runs.size());
        assertEquals("add97-transformer-seed0-eval5", runs.get(0).name(), "named as train names it");
        assertEquals("add97-transformer-seed0-mix0.3-eval5", runs.get(4).name());
        assertTrue(runs.stream().anyMatch(r -> r.name().equals("s5-mlp-seed5-mix0.3-eval5")), runs.toString());
        SweepRun first = runs.get(0);
        assertEquals(dir.resolve("add97-transformer-seed0-eval5"), first.folder());
        assertEquals(List.of("--task", "add", "--model", "transformer", "--seed", "0", "--mix", "0.0", "--steps", "10",
                "--eval-every", "5", "--out", first.folder().toString()), first.trainArgs());
        assertEquals(List.of(0L, 1L, 2L, 5L), LongStream.range(0, 4).map(i -> Long.parseLong(
                runs.get((int) i).name().replaceAll(".*seed(\\d+).*", "$1"))).boxed().toList());
    }

    /** The paper's setting names its folders without a suffix, as they always were. */
    @Test
    void runsOfTheDefaultSettingsKeepTheirFolderNames(@TempDir Path dir) {
        assertEquals(List.of("add97-transformer-seed0", "add97-transformer-seed1", "add97-transformer-seed0-mix0.3",
                        "add97-transformer-seed1-mix0.3"),
                grid("--seeds", "0-1", "--mix", "0,0.3", "--out", dir.toString()).stream().map(SweepRun::name).toList());
    }

    @Test
    void initIsPassedToEveryRunWhoseFolderSaysTorch(@TempDir Path dir) {
        List<SweepRun> runs = grid("--seeds", "0-1", "--models", "transformer,mlp", "--init", "torch",
                "--steps", "10", "--eval-every", "5", "--out", dir.toString());
        assertEquals(List.of("add97-transformer-seed0-torch-eval5", "add97-transformer-seed1-torch-eval5",
                "add97-mlp-seed0-torch-eval5", "add97-mlp-seed1-torch-eval5"), runs.stream().map(SweepRun::name).toList());
        assertEquals(List.of("--task", "add", "--model", "transformer", "--seed", "0", "--mix", "0.0", "--init", "torch",
                "--steps", "10", "--eval-every", "5", "--out",
                dir.resolve("add97-transformer-seed0-torch-eval5").toString()),
                runs.get(0).trainArgs());
    }

    @Test
    void refusesGridOptionsAndBadTrainOptionsBeforeTraining(@TempDir Path dir) {
        CliRun grid = sweep("--seeds", "0", "--task", "sub", "--out", dir.toString());
        assertEquals(2, grid.code());
        assertTrue(grid.err().contains("--task is set by the sweep's grid"), grid.err());

        CliRun bad = sweep("--seeds", "0-1", "--steps", "0", "--out", dir.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--steps is 0; expected at least 1"), bad.err());

        CliRun seeds = sweep("--seeds", "0-x", "--out", dir.toString());
        assertEquals(2, seeds.code());
        assertTrue(seeds.err().contains("'0-x' is not a seed or a seed range; expected e.g. 3 or 0-9"), seeds.err());

        CliRun jobs = sweep("--seeds", "0", "--jobs", "0", "--out", dir.toString());
        assertEquals(2, jobs.code());
        assertTrue(jobs.err().contains("--jobs is 0; expected at least 1"), jobs.err());
        assertFalse(Files.exists(dir.resolve("add97-transformer-seed0")), "nothing is trained on bad options");
    }

    /** An --out that cannot be a folder is a usage error before any run trains, not a failure after each. */
    @Test
    void refusesAnUnwritableOutBeforeTraining(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "");

        CliRun under = sweep("--seeds", "0-1", "--steps", "4", "--eval-every", "2", "--out", file.resolve("x").toString());
        assertEquals(2, under.code(), under.out() + under.err());
        assertTrue(under.err().contains("Could not create the sweep folder " + file.resolve("x") + " (--out)")
                && under.err().contains("expected a writable folder"), under.err());
        assertFalse(under.err().contains("\tat "), "a usage error, not a stack trace:\n" + under.err());
        assertFalse(under.out().contains("to train"), "refused before the plan: " + under.out());

        CliRun itself = sweep("--seeds", "0", "--steps", "4", "--eval-every", "2", "--out", file.toString());
        assertEquals(2, itself.code(), itself.out() + itself.err());
        assertTrue(itself.err().contains("(--out)"), itself.err());
    }

    /** The folder names' suffix of --batch 64 --eval-every 2 --probe-size 130. */
    private static final String TINY = "-batch64-eval2-probe130";

    /**
     * Seed 0 is already finished (skipped, its summary untouched), seed 1 cannot write its metrics.csv (a
     * folder is in the way: it fails after training), seed 2 trains: the sweep goes on, reports seed 1 with
     * its log, and sweep.csv has the two finished runs.
     */
    @Test
    void resumesKeepsGoingPastAFailureAndTabulates(@TempDir Path dir) throws IOException {
        Path finished = SyntheticRuns.write(dir.resolve("add97-transformer-seed0" + TINY), 0, 2_000, 3_000L, 4_000);
        String finishedSummary = Files.readString(finished.resolve(RunFolder.SUMMARY));
        Files.createDirectories(dir.resolve("add97-transformer-seed1" + TINY).resolve(RunFolder.METRICS));

        CliRun result = sweep("--seeds", "0-2", "--jobs", "2", "--out", dir.toString(),
                "--steps", "4", "--eval-every", "2", "--batch", "64", "--probe-size", "130");

        assertEquals(1, result.code(), result.out() + result.err());
        assertTrue(result.out().contains("3 runs (1 already finished, skipped), 2 to train"), result.out());
        Path failedLog = dir.resolve("add97-transformer-seed1" + TINY).resolve(SweepRun.LOG);
        assertTrue(result.out().contains("1 run(s) failed:\n  add97-transformer-seed1" + TINY + ": exit code 1; log: "
                + failedLog), result.out());
        assertTrue(Files.readString(failedLog).contains("metrics.csv"), "the log says what failed");
        assertEquals(finishedSummary, Files.readString(finished.resolve(RunFolder.SUMMARY)));
        assertFalse(Files.exists(finished.resolve(SweepRun.LOG)), "a finished run is not started again");

        try (Reader in = Files.newBufferedReader(dir.resolve("sweep.csv"));
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            assertEquals(SweepTable.COLUMNS, csv.getHeaderNames());
            List<CSVRecord> rows = csv.getRecords();
            assertEquals(List.of("add97-transformer-seed0" + TINY, "add97-transformer-seed2" + TINY),
                    rows.stream().map(r -> r.get("run")).toList());
            CSVRecord seed0 = rows.get(0);
            assertEquals("3000", seed0.get("grok_step"));
            assertEquals("2000", seed0.get("threshold_cross_step"));
            CSVRecord seed2 = rows.get(1);
            assertEquals("2", seed2.get("seed"));
            assertEquals("4", seed2.get("steps_run"));
            assertEquals("64", seed2.get("batch_size"));
            assertEquals("", seed2.get("grok_step"), "null in summary.json is an empty cell");
        }
        // each run computes with the sweep's thread count, which reaches it as OMP_NUM_THREADS
        assertTrue(result.out().contains("2 at a time, 1 native thread (OMP_NUM_THREADS) each"), result.out());
        assertTrue(Files.readString(dir.resolve("add97-transformer-seed2" + TINY).resolve(SweepRun.LOG))
                .contains("; 1 native thread (OMP_NUM_THREADS)\n"), "the run's log names its thread count");
    }

    /** --threads reaches every run, and the default --jobs leaves a core for each of a run's threads. */
    @Test
    void threadsReachEachRunAndSetTheDefaultJobs(@TempDir Path dir) throws IOException {
        CliRun result = sweep("--seeds", "0", "--threads", "2", "--out", dir.toString(),
                "--steps", "2", "--eval-every", "2", "--batch", "32", "--probe-size", "130");

        assertEquals(0, result.code(), result.out() + result.err());
        int jobs = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        assertTrue(result.out().contains(jobs + " at a time, 2 native threads (--threads) each"), result.out());
        assertTrue(Files.readString(dir.resolve("add97-transformer-seed0-batch32-eval2-probe130").resolve(SweepRun.LOG))
                .contains("; 2 native threads (OMP_NUM_THREADS)\n"), "the run's log names its thread count");
    }
}
