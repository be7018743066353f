package dev.grokwatch.examples.cli;

import dev.grokwatch.entropy.forecast.Calibration;
import dev.grokwatch.entropy.forecast.CalibrationReport;
import dev.grokwatch.entropy.forecast.ForecastMethod;
import dev.grokwatch.examples.GrokwatchCli;
import dev.grokwatch.examples.run.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code grokwatch calibrate} on run folders written here: runs of one shape shifted in time, whose
 * threshold H̃* is known in closed form and whose grokking step the forecasters should hit almost exactly.
 */
public class CalibrateCommandTest {

    /** H̃ flat at H0 until the onset, then H_INF + (H0 − H_INF)·e^{−κ(t − onset)}; grokking 5,000 steps later. */
    private static final double H0 = 0.95;
    private static final double H_INF = 0.45;
    private static final double KAPPA = 4e-4;
    private static final long GROK_AFTER_ONSET = 5_000;
    private static final long EVERY = 200;
    /** Every run groks at the same height of the curve, so that height is H̃*. */
    private static final double KNOWN_THRESHOLD = H_INF + (H0 - H_INF) * Math.exp(-KAPPA * GROK_AFTER_ONSET);

    /**
     * A finished run folder in the run-folder contract: metrics.csv every 200 steps, test accuracy 0.1 until
     * {@code grokStep} (null: never) and 1.0 from it, and the summary.json fields that name the task.
     */
    public static Path writeRun(Path folder, String task, long onset, Long grokStep, long lastStep) throws IOException {
        Files.createDirectories(folder);
        StringBuilder csv = new StringBuilder("step,train_loss,train_acc,test_acc,entropy,effective_rank,param_norm,"
                + "phase,predicted_grok_step,fourier_alignment,wall_ms\n");
        for (long t = EVERY; t <= lastStep; t += EVERY) {
            double h = t <= onset ? H0 : H_INF + (H0 - H_INF) * Math.exp(-KAPPA * (t - onset));
            double norm = 30 + 20 * (1 - Math.exp(-t / 3000.0));
            double testAcc = grokStep != null && t >= grokStep ? 1.0 : 0.1;
            csv.append(String.format(Locale.ROOT, "%d,0.01,1.0,%s,%.12f,%.6f,%.6f,,,,5.0%n", t, testAcc, h,
                    Math.exp(h * Math.log(128)), norm));
        }
        Files.writeString(folder.resolve("metrics.csv"), csv);
        Files.writeString(folder.resolve("summary.json"), String.format(Locale.ROOT, "{\"task\": \"%s\", "
                + "\"modulus\": 97, \"model\": \"transformer\", \"seed\": 0, \"train_fraction\": 0.3, "
                + "\"grok_step\": %s}", task, grokStep));
        return folder;
    }

    /** Runs of one shape with onsets 4,000 + 600·i, as a sweep would leave them: {@code parent/seed<i>}. */
    public static List<Path> shiftedRuns(Path parent, int count, String task) throws IOException {
        List<Path> runs = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            long onset = 4_000 + 600L * i;
            runs.add(writeRun(parent.resolve("seed" + i), task, onset, onset + GROK_AFTER_ONSET,
                    onset + GROK_AFTER_ONSET + 2_000));
        }
        return runs;
    }

    /** MAPE of a forecaster at a horizon, read from the printed leave-one-run-out table. */
    private static double printedMape(String out, String forecaster, String when, String forecasts) {
        Matcher m = Pattern.compile(Pattern.quote(forecaster) + "\\s+" + Pattern.quote(when) + "\\s+"
                + Pattern.quote(forecasts) + "\\s+\\d+\\s+([0-9.]+)%").matcher(out);
        assertTrue(m.find(), forecaster + " at " + when + " with " + forecasts + " forecasts not in:\n" + out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void sweepFolderOfShiftedRunsGivesTheKnownThresholdSmallErrorsAndTheCalibrationFile(@TempDir Path dir)
            throws IOException {
        Path sweep = dir.resolve("sweep");
        List<Path> runs = shiftedRuns(sweep, 5, "add");
        Files.createDirectories(sweep.resolve("seed9-failed")); // a run that died before writing metrics.csv
        Files.writeString(sweep.resolve("sweep.csv"), "task\nadd\n");
        Path file = dir.resolve("out").resolve("calibration.json");

        CliRun outcome = CliRun.of("calibrate", sweep.toString(), "--out", file.toString());

        assertEquals(0, outcome.code(), outcome.err());
        String out = outcome.out();
        assertTrue(out.contains("Calibration of add mod 97, transformer, fraction 0.3 on 5 grokked runs"), out);
        assertTrue(out.contains(String.format(Locale.ROOT, "H̃* = %.4f", KNOWN_THRESHOLD)), out);
        assertTrue(out.contains("skipped " + sweep.resolve("seed9-failed") + ": no metrics.csv"), out);
        assertTrue(printedMape(out, "collapse-rate", "2000 steps before", "5/5") < 1, out);
        assertTrue(printedMape(out, "collapse-rate", "500 steps before", "5/5") < 1, out);
        assertTrue(printedMape(out, "collapse-rate", "first confident", "5/5") < 1, out);
        assertTrue(out.contains("power-law               8000 steps before"), out);
        assertTrue(out.contains("runs that never grokked: none"), out);
        assertTrue(out.contains("Table 2"), out);
        assertTrue(out.contains("entropy gap H̃ − H̃*") && out.contains("parameter norm ‖θ‖")
                && out.contains("norm gap |‖θ‖ − ‖θ‖*|"), out);
        assertTrue(out.contains("wrote " + file), out);

        Calibration written = Calibration.read(file);
        assertEquals(KNOWN_THRESHOLD, written.threshold().mean(), 1e-9);
        assertEquals(5, written.runs().size());
        assertEquals("add mod 97, transformer, fraction 0.3", written.task());
        assertEquals(ForecastMethod.COLLAPSE_RATE, written.method());
        // the file holds exactly what the library calibrates on the same folders
        assertEquals(CalibrationReport.evaluate(runs.stream().map(r -> RunFolder.read(r).calibrationRun()).toList()).calibration(), written);
    }

    @Test
    void runFoldersNamedOneByOneAndARunThatNeverGrokkedIsListed(@TempDir Path dir) throws IOException {
        List<Path> runs = new java.util.ArrayList<>(shiftedRuns(dir, 4, "add"));
        runs.add(writeRun(dir.resolve("stuck"), "add", 4_000, null, 12_000));
        Path file = dir.resolve("calibration.json");
        String[] args = Stream.concat(Stream.of("calibrate", "--out", file.toString()),
                runs.stream().map(Path::toString)).toArray(String[]::new);

        CliRun outcome = CliRun.of(args);

        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("on 4 grokked runs"), outcome.out());
        assertTrue(outcome.out().contains("never grokked: stuck (last evaluation at step 12000)"), outcome.out());
        assertEquals(List.of("stuck"), Calibration.read(file).notGrokked());
    }

    /** Runs at the criterion from their first evaluation generalised without a delay: named so, and counted. */
    @Test
    void runsThatGeneralisedWithoutADelayAreListedAsSuchAndCounted(@TempDir Path dir) throws IOException {
        shiftedRuns(dir.resolve("runs"), 3, "add");
        for (int i = 0; i < 3; i++) {
            writeRun(dir.resolve("runs").resolve("easy" + i), "add", 4_000, 200L, 9_000);
        }
        CliRun outcome = CliRun.of("calibrate", dir.resolve("runs").toString(), "--out",
                dir.resolve("c.json").toString());

        assertEquals(0, outcome.code(), outcome.err());
        String out = outcome.out();
        for (int i = 0; i < 3; i++) {
            assertTrue(out.contains("\ngeneralised without a delay (not grokking): easy" + i + " at step 200 (last"
                    + " evaluation at step 9000): "), out);
            assertFalse(out.contains("never grokked: easy" + i), out);
        }
        assertTrue(out.contains("Verdicts not measured: all 6 runs given grokked or generalised (3 grokked, 3"
                + " generalised without a delay); expected runs that did not grok within the budget too"), out);
    }

    @Test
    void aRunGivenTwiceIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        List<Path> runs = shiftedRuns(dir.resolve("sweep"), 3, "add");
        String run = runs.get(0).toString();

        CliRun thrice = CliRun.of("calibrate", run, run, run, "--out", dir.resolve("c.json").toString());
        assertUsageError(thrice, "run " + runs.get(0).resolve("metrics.csv").toRealPath() + " is given twice (as " + run
                + " and as " + run + "); expected each run once");

        CliRun inItsFolder = CliRun.of("calibrate", dir.resolve("sweep").toString(), runs.get(1).toString() + "/.",
                "--out", dir.resolve("c.json").toString());
        assertUsageError(inItsFolder, "run " + runs.get(1).resolve("metrics.csv").toRealPath() + " is given twice (as "
                + runs.get(1) + " and as " + runs.get(1) + "/.)");
        assertFalse(Files.exists(dir.resolve("c.json")));
    }

    @Test
    void metricsFilesOfTheSameNameAreToldApartByTheirFolders(@TempDir Path dir) throws IOException {
        List<Path> files = new java.util.ArrayList<>(plainMetrics(dir.resolve("d1"), 2));
        files.addAll(plainMetrics(dir.resolve("d2"), 2));
        String[] args = Stream.concat(Stream.of("calibrate", "--out", dir.resolve("c.json").toString()),
                files.stream().map(Path::toString)).toArray(String[]::new);

        CliRun outcome = CliRun.of(args);

        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("on 4 grokked runs (d1/seed0, d1/seed1, d2/seed0, d2/seed1)"), outcome.out());
        assertEquals(List.of("d1/seed0", "d1/seed1", "d2/seed0", "d2/seed1"),
                Calibration.read(dir.resolve("c.json")).runs().stream().map(r -> r.name()).toList());
    }

    /** seed0 grokked in one folder and never grokked in the other: two runs, each named with its folder. */
    @Test
    void runFoldersOfTheSameNameFromTwoFoldersAreToldApartByTheirParent(@TempDir Path dir) throws IOException {
        shiftedRuns(dir.resolve("default"), 3, "add");
        writeRun(dir.resolve("stuck").resolve("seed0"), "add", 4_000, null, 12_000);

        CliRun outcome = CliRun.of("calibrate", dir.resolve("default").toString(), dir.resolve("stuck").toString(),
                "--out", dir.resolve("c.json").toString());

        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("on 3 grokked runs (default/seed0, seed1, seed2)"), outcome.out());
        assertTrue(outcome.out().contains("\nnever grokked: stuck/seed0 (last evaluation at step 12000)"),
                outcome.out());
        assertEquals(List.of("stuck/seed0"), Calibration.read(dir.resolve("c.json")).notGrokked());
    }

    @Test
    void fewerThanThreeGrokkedRunsAreRefused(@TempDir Path dir) throws IOException {
        shiftedRuns(dir, 2, "add");
        writeRun(dir.resolve("stuck"), "add", 4_000, null, 12_000);
        CliRun outcome = CliRun.of("calibrate", dir.toString(), "--out", dir.resolve("c.json").toString());
        assertUsageError(outcome, "only 2 of 3 runs grokked (not grokked: stuck); expected at least 3 runs");
        assertFalse(Files.exists(dir.resolve("c.json")));
    }

    @Test
    void mixedTasksNeedAllowMixed(@TempDir Path dir) throws IOException {
        shiftedRuns(dir.resolve("add"), 3, "add");
        shiftedRuns(dir.resolve("sub"), 3, "sub");
        Path file = dir.resolve("c.json");
        CliRun refused = CliRun.of("calibrate", dir.resolve("add").toString(), dir.resolve("sub").toString(),
                "--out", file.toString());
        assertUsageError(refused, "the runs are of 2 different tasks: add mod 97, transformer, fraction 0.3 "
                + "(add/seed0, add/seed1, add/seed2); sub mod 97, transformer, fraction 0.3 (sub/seed0, sub/seed1,"
                + " sub/seed2)");
        assertTrue(refused.err().contains("or pass --allow-mixed"), refused.err());

        CliRun allowed = CliRun.of("calibrate", dir.resolve("add").toString(), dir.resolve("sub").toString(),
                "--out", file.toString(), "--allow-mixed");
        assertEquals(0, allowed.code(), allowed.err());
        assertTrue(Calibration.read(file).task().startsWith("mixed: "), Calibration.read(file).task());
    }

    @Test
    void torchInitialisedRunsAreAnotherTaskThanDefaultOnes(@TempDir Path dir) throws IOException {
        shiftedRuns(dir.resolve("default"), 3, "add");
        for (Path run : shiftedRuns(dir.resolve("torch"), 3, "add")) {
            Path summary = run.resolve("summary.json");
            Files.writeString(summary, Files.readString(summary).replace("\"model\": \"transformer\",",
                    "\"model\": \"transformer\", \"init\": \"torch\","));
        }
        Path file = dir.resolve("c.json");
        CliRun refused = CliRun.of("calibrate", dir.resolve("default").toString(), dir.resolve("torch").toString(),
                "--out", file.toString());
        assertUsageError(refused, "the runs are of 2 different tasks: add mod 97, transformer, fraction 0.3 "
                + "(default/seed0, default/seed1, default/seed2); add mod 97, transformer, torch init, fraction 0.3 "
                + "(torch/seed0, torch/seed1, torch/seed2)");

        CliRun torchOnly = CliRun.of("calibrate", dir.resolve("torch").toString(), "--out", file.toString());
        assertEquals(0, torchOnly.code(), torchOnly.err());
        assertEquals("add mod 97, transformer, torch init, fraction 0.3", Calibration.read(file).task());
    }

    /** Runs of another learning rate and weight decay are another task, the message naming both settings. */
    @Test
    void runsOfOtherTrainingSettingsAreAnotherTaskNamingTheSettings(@TempDir Path dir) throws IOException {
        shiftedRuns(dir.resolve("default"), 3, "add");
        for (Path run : shiftedRuns(dir.resolve("slow"), 3, "add")) {
            Path summary = run.resolve("summary.json");
            Files.writeString(summary, Files.readString(summary).replace("\"train_fraction\": 0.3,",
                    "\"train_fraction\": 0.3, \"lr\": 1.0E-4, \"weight_decay\": 0.0,"));
        }
        Path file = dir.resolve("c.json");
        CliRun refused = CliRun.of("calibrate", dir.resolve("default").toString(), dir.resolve("slow").toString(),
                "--out", file.toString());
        assertUsageError(refused, "the runs are of 2 different tasks: add mod 97, transformer, fraction 0.3 "
                + "(default/seed0, default/seed1, default/seed2); add mod 97, transformer, fraction 0.3, lr 1e-4, "
                + "weight decay 0 (slow/seed0, slow/seed1, slow/seed2); they differ in lr (1e-3, 1e-4), weight decay "
                + "(1, 0); expected runs of one task");

        CliRun slowOnly = CliRun.of("calibrate", dir.resolve("slow").toString(), "--out", file.toString());
        assertEquals(0, slowOnly.code(), slowOnly.err());
        assertEquals("add mod 97, transformer, fraction 0.3, lr 1e-4, weight decay 0", Calibration.read(file).task());
    }

    /** The committed runs with lr 1e-4 never grokked: calibrating them with the default ones is refused. */
    @Test
    void theCommittedRunsOfAnotherLearningRateAreNotMixedWithTheDefaultOnes(@TempDir Path dir) {
        Path runs = Path.of("..", "docs", "runs");
        CliRun refused = CliRun.of("calibrate", runs.resolve("add97-transformer-seeds0-9").toString(),
                runs.resolve("add97-transformer-lr1e-4").toString(), "--out", dir.resolve("c.json").toString());
        assertUsageError(refused, "they differ in lr (1e-3, 1e-4); expected runs of one task");
        assertTrue(refused.err().contains("add97-transformer-lr1e-4/add97-transformer-seed0"), refused.err());
    }

    @Test
    void unreadableRunsAreNamedWithWhatWasExpected(@TempDir Path dir) throws IOException {
        List<Path> runs = shiftedRuns(dir, 3, "add");
        String out = dir.resolve("c.json").toString();

        Files.delete(runs.get(1).resolve("summary.json"));
        assertUsageError(CliRun.of("calibrate", runs.get(0).toString(), runs.get(1).toString(), "--out", out),
                "cannot read run " + runs.get(1) + ": " + runs.get(1).resolve("summary.json")
                        + " does not exist; expected a run's summary.json");

        Files.writeString(runs.get(1).resolve("summary.json"), "{not json");
        assertUsageError(CliRun.of("calibrate", runs.get(1).toString(), "--out", out),
                runs.get(1).resolve("summary.json") + " is not a readable summary.json");

        Files.writeString(runs.get(2).resolve("metrics.csv"), "step,entropy\n200,0.9\n");
        assertUsageError(CliRun.of("calibrate", runs.get(2).toString(), "--out", out),
                runs.get(2).resolve("metrics.csv") + " lacks the column(s) [train_loss");

        assertUsageError(CliRun.of("calibrate", dir.resolve("nowhere").toString()),
                "RUN_DIR " + dir.resolve("nowhere") + " does not exist; expected a train run's folder (metrics.csv, "
                        + "summary.json), a folder of them, or a metrics.csv file");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertUsageError(CliRun.of("calibrate", empty.toString()),
                "RUN_DIR " + empty + " has no metrics.csv and no run folders with one");
        assertUsageError(CliRun.of("calibrate"), "Missing required parameter: 'RUN_DIR'");
    }

    /** The metrics.csv of each shifted run alone, as a user's MetricsCsv.write would leave it: no summary.json. */
    static List<Path> plainMetrics(Path parent, int count) throws IOException {
        List<Path> files = new java.util.ArrayList<>();
        for (Path run : shiftedRuns(parent, count, "add")) {
            Files.delete(run.resolve("summary.json"));
            files.add(run.resolve("metrics.csv"));
        }
        return files;
    }

    @Test
    void plainMetricsFilesCalibrateUnderTheTaskLabelAsTheLibraryDoes(@TempDir Path dir) throws IOException {
        List<Path> files = new java.util.ArrayList<>(plainMetrics(dir.resolve("my-runs"), 4));
        Path flat = dir.resolve("seed-extra.csv"); // named by its file, not its folder
        Files.copy(files.get(3), flat);
        files.add(flat);
        Path file = dir.resolve("calibration.json");
        String[] args = Stream.concat(Stream.of("calibrate", "--task-label", "my model", "--out", file.toString()),
                files.stream().map(Path::toString)).toArray(String[]::new);

        CliRun outcome = CliRun.of(args);

        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("Calibration of my model on 5 grokked runs (seed0, seed1, seed2, seed3, "
                + "seed-extra)"), outcome.out());
        Calibration written = Calibration.read(file);
        assertEquals("my model", written.task());
        assertEquals(KNOWN_THRESHOLD, written.threshold().mean(), 1e-9);
        assertEquals(List.of("seed0", "seed1", "seed2", "seed3", "seed-extra"),
                written.runs().stream().map(r -> r.name()).toList());
        // the grokking steps are the histories' own: test accuracy reaching 0.99 after memorisation
        List<dev.grokwatch.entropy.forecast.RunHistory> library = new java.util.ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            library.add(new dev.grokwatch.entropy.forecast.RunHistory(written.runs().get(i).name(), "my model",
                    dev.grokwatch.entropy.MetricsCsv.read(files.get(i))));
        }
        assertEquals(CalibrationReport.evaluate(library).calibration(), written);
        assertEquals(List.of(9_000L, 9_600L, 10_200L, 10_800L, 10_800L),
                written.runs().stream().map(r -> r.grokStep()).toList());

        CliRun unlabelled = CliRun.of("calibrate", files.get(0).toString(), files.get(1).toString(),
                files.get(2).toString(), "--out", file.toString());
        assertEquals(0, unlabelled.code(), unlabelled.err());
        assertEquals("your task", Calibration.read(file).task());
    }

    /** --task-label names plain metrics files only: given with run folders, it is said once to be unused there. */
    @Test
    void aTaskLabelGivenWithRunFoldersIsSaidToApplyOnlyToMetricsFiles(@TempDir Path dir) throws IOException {
        shiftedRuns(dir.resolve("runs"), 3, "add");
        Path file = dir.resolve("c.json");
        CliRun folders = CliRun.of("calibrate", dir.resolve("runs").toString(), "--task-label", "my model",
                "--out", file.toString());
        assertEquals(0, folders.code(), folders.err());
        assertEquals(List.of("note: --task-label \"my model\" applies to plain metrics.csv files only; the 3 run"
                + " folder(s) given carry their task in summary.json (e.g. add mod 97, transformer, fraction 0.3)"),
                folders.err().lines().filter(l -> l.contains("--task-label")).toList());
        assertEquals("add mod 97, transformer, fraction 0.3", Calibration.read(file).task());

        CliRun unlabelled = CliRun.of("calibrate", dir.resolve("runs").toString(), "--out", file.toString());
        assertFalse(unlabelled.err().contains("--task-label"), unlabelled.err());
        CliRun plain = CliRun.of(Stream.concat(Stream.of("calibrate", "--task-label", "my model", "--out",
                file.toString()), plainMetrics(dir.resolve("mine"), 3).stream().map(Path::toString))
                .toArray(String[]::new));
        assertEquals(0, plain.code(), plain.err());
        assertFalse(plain.err().contains("--task-label"), plain.err());
    }

    /** train --calibration runs grokwatch's own tasks; a calibration of your model's metrics.csv goes to its listener. */
    @Test
    void theClosingHintFitsWhereTheRunsCameFrom(@TempDir Path dir) throws IOException {
        shiftedRuns(dir.resolve("runs"), 3, "add");
        Path file = dir.resolve("c.json");
        CliRun own = CliRun.of("calibrate", dir.resolve("runs").toString(), "--out", file.toString());
        assertTrue(own.out().endsWith("use it: grokwatch train --calibration " + file + " --stop predicted\n"),
                own.out());

        String[] mine = Stream.concat(Stream.of("calibrate", "--out", file.toString()),
                plainMetrics(dir.resolve("mine"), 3).stream().map(Path::toString)).toArray(String[]::new);
        CliRun yours = CliRun.of(mine);
        assertEquals(0, yours.code(), yours.err());
        assertFalse(yours.out().contains("grokwatch train"), yours.out());
        assertTrue(yours.out().endsWith("use it: Calibration.read(Path.of(\"" + file + "\")).toForecaster() as your"
                + " listener's .forecaster(...)\n"), yours.out());
    }

    @Test
    void plainMetricsFilesThatCannotCalibrateAreNamedWithWhatWasExpected(@TempDir Path dir) throws IOException {
        List<Path> files = plainMetrics(dir, 3);
        String out = dir.resolve("c.json").toString();
        Path noTest = dir.resolve("no-test.csv");
        Files.writeString(noTest, Files.readString(files.get(0)).replace(",0.1,", ",,").replace(",1.0,0.", ",,0."));
        assertUsageError(CliRun.of("calibrate", noTest.toString(), "--out", out), "cannot read run " + noTest + ": "
                + noTest + " has no test_acc values; expected the metrics.csv of a listener built with .evaluateOn(testData)");

        Path headerOnly = dir.resolve("empty.csv");
        Files.writeString(headerOnly, Files.readAllLines(files.get(0)).get(0) + "\n");
        assertUsageError(CliRun.of("calibrate", headerOnly.toString(), "--out", out),
                headerOnly + " has no evaluations; expected the metrics.csv of a finished run");

        Path notCsv = dir.resolve("notes.txt");
        Files.writeString(notCsv, "step,entropy\n200,0.9\n");
        assertUsageError(CliRun.of("calibrate", notCsv.toString(), "--out", out), notCsv + " lacks the column(s) [train_loss");

        // a folder with metrics.csv but no summary.json is a train run missing its summary: the hint says what to do
        assertUsageError(CliRun.of("calibrate", files.get(1).getParent().toString(), "--out", out),
                "does not exist; expected a run's summary.json (for a metrics.csv of your own, name the file itself"
                        + " and give --task-label)");
    }

    private static void assertUsageError(CliRun outcome, String expected) {
        assertEquals(CommandLine.ExitCode.USAGE, outcome.code(), outcome.out() + outcome.err());
        assertTrue(outcome.err().contains(expected), "expected '" + expected + "' in:\n" + outcome.err());
        assertFalse(outcome.err().contains("Exception"), "a usage error, not a stack trace:\n" + outcome.err());
    }

    @Test
    void helpDescribesEveryOption() {
        CliRun outcome = CliRun.of("calibrate", "--help");
        assertEquals(0, outcome.code());
        CommandLine calibrate = GrokwatchCli.commandLine().getSubcommands().get("calibrate");
        for (OptionSpec option : calibrate.getCommandSpec().options()) {
            assertTrue(option.description().length > 0 && !option.description()[0].isBlank(),
                    option.longestName() + " has no description");
            assertTrue(outcome.out().contains(option.longestName()), option.longestName() + " missing from --help");
        }
        String text = outcome.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("RUN_DIR... Folders of finished train runs"), text);
        assertTrue(text.contains("Default: calibration.json"), text);
    }
}
