package dev.grokwatch.examples.cli;

import dev.grokwatch.examples.GrokwatchCli;
import dev.grokwatch.examples.run.ModelKind;
import dev.grokwatch.examples.run.StopRule;
import dev.grokwatch.examples.run.TrainingConfig;
import dev.grokwatch.models.Initialisation;
import dev.grokwatch.models.tasks.TaskFamily;
import org.junit.jupiter.api.Test;

import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing of {@code grokwatch train}: defaults as issue 3 lists them, and errors that name the option. */
class TrainOptionsTest {

    static TrainingConfig parse(String... args) {
        CommandLine cli = GrokwatchCli.commandLine();
        String[] full = Stream.concat(Stream.of("train"), Stream.of(args)).toArray(String[]::new);
        CommandLine.ParseResult result = cli.parseArgs(full);
        TrainCommand train = result.subcommand().commandSpec().commandLine().getCommand();
        return train.config();
    }

    @Test
    void anOutputPathThatIsAFileIsRefusedWithoutAStackTrace(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("notes.txt"), "mine");
        CliRun run = CliRun.of("train", "--out", file.toString(), "--steps", "10", "--eval-every", "5");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--out " + file + " is a file; expected a folder"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        assertEquals("mine", java.nio.file.Files.readString(file));
    }

    @Test
    void aWrongOptionPrintsTheProblemAndWhereToLookNotTheWholeUsage() {
        for (String[] args : new String[][]{{"train", "--steps", "-5"}, {"train", "--no-such-option"},
                {"sweep", "--seeds", "x"}, {"bench", "--repeats", "zero"}}) {
            CliRun run = CliRun.of(args);
            assertEquals(2, run.code(), String.join(" ", args));
            List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
            assertTrue(lines.size() <= 3, "a short message, not the usage:\n" + run.err());
            assertTrue(lines.get(lines.size() - 1).equals("Try 'grokwatch " + args[0] + " --help' for the options."),
                    run.err());
            assertFalse(run.err().contains("Usage:"), run.err());
        }
    }

    @Test
    void defaultsAreThePapersSetting() {
        TrainingConfig c = parse();
        assertEquals("add", c.task());
        assertEquals(97, c.modulus());
        assertEquals(0.3, c.trainFraction());
        assertEquals(ModelKind.TRANSFORMER, c.model());
        assertEquals(Initialisation.DEFAULT, c.init());
        assertEquals(0, c.seed());
        assertEquals(50_000, c.steps());
        assertEquals(512, c.batchSize());
        assertEquals(1e-3, c.learningRate());
        assertEquals(1.0, c.weightDecay());
        assertEquals(200, c.evalEvery());
        assertEquals(512, c.probeSize());
        assertEquals(0.61, c.threshold());
        assertEquals(0.0, c.mix());
        assertNull(c.normControl());
        assertEquals(StopRule.GROKKED, c.stop());
        assertEquals(Path.of("runs", "add97-transformer-seed0"), c.out());
    }

    @Test
    void thresholdDefaultsPerTaskAndAnExplicitOneWins() {
        assertEquals(0.589, parse("--task", "sub").threshold());
        assertEquals(0.589, parse("--task", "mul").threshold());
        assertEquals(0.6, parse("--task", "div").threshold());
        assertEquals(0.655, parse("--task", "s5").threshold());
        assertEquals(0.5, parse("--task", "s5", "--threshold", "0.5").threshold());
    }

    /** The help and the README spell the per-task defaults out (picocli needs a constant): TaskFamily's values. */
    @Test
    void theThresholdsTheHelpAndTheReadmeStateAreTaskFamilys() throws IOException {
        String help = CliRun.of("train", "--help").out().replaceAll("\\s+", " ");
        String readme = Files.readString(Path.of("..", "README.md")).replaceAll("\\s+", " ");
        for (TaskFamily family : TaskFamily.values()) {
            Pattern stated = Pattern.compile("\\b(?:\\w+/)*" + family.shortName() + "(?:/\\w+)* "
                    + Pattern.quote(Double.toString(family.defaultThreshold())) + "\\b");
            assertTrue(stated.matcher(help).find(), family + " " + family.defaultThreshold() + " in train --help");
            assertTrue(stated.matcher(readme).find(), family + " " + family.defaultThreshold() + " in the README");
        }
    }

    @Test
    void everyOptionIsRead() {
        TrainingConfig c = parse("--task", "mul", "--modulus", "31", "--train-fraction", "0.5", "--model", "mlp",
                "--init", "torch", "--seed", "7", "--steps", "1000", "--batch", "64", "--lr", "3e-4", "--weight-decay", "0.5",
                "--eval-every", "50", "--probe-size", "300", "--test-probe", "--logit-scale", "--threshold", "0.7",
                "--mix", "0.2",
                "--stop", "crossed", "--out", "somewhere");
        assertEquals(TrainingConfig.builder().task("mul").modulus(31).model(ModelKind.MLP).init(Initialisation.TORCH)
                .seed(7L).trainFraction(0.5)
                .steps(1000).batchSize(64).learningRate(3e-4).weightDecay(0.5).evalEvery(50).probeSize(300)
                .testProbe(true).logitScale(true).threshold(0.7).mix(0.2).stop(StopRule.CROSSED).out(Path.of("somewhere")).build(), c);
    }

    @Test
    void mixWithoutAValueUsesThePaperAlphaAndNamesTheFolder() {
        TrainingConfig c = parse("--mix", "--seed", "3");
        assertEquals(0.3, c.mix());
        assertEquals(3, c.seed());
        assertEquals(Path.of("runs", "add97-transformer-seed3-mix0.3"), c.out());
    }

    @Test
    void initTorchIsPyTorchsDefaultsInItsOwnFolder() {
        TrainingConfig c = parse("--init", "torch", "--seed", "2");
        assertEquals(Initialisation.TORCH, c.init());
        assertEquals(Path.of("runs", "add97-transformer-seed2-torch"), c.out());
    }

    /** Another learning rate, weight decay, batch, cadence or probe is another run: it gets a folder of its own. */
    @Test
    void trainingSettingsOtherThanTheDefaultsNameTheFolder() {
        assertEquals(Path.of("runs", "add97-transformer-seed0"), parse().out());
        assertEquals(Path.of("runs", "add97-transformer-seed0-lr1e-4"), parse("--lr", "1e-4").out());
        assertEquals(Path.of("runs", "add97-transformer-seed0-lr2.5e-4"), parse("--lr", "0.00025").out());
        assertEquals(Path.of("runs", "add97-transformer-seed0-wd0"), parse("--weight-decay", "0").out());
        assertEquals(Path.of("runs", "add97-transformer-seed0-wd0.1"), parse("--weight-decay", "0.1").out());
        assertEquals(Path.of("runs", "add97-transformer-seed0-batch256"), parse("--batch", "256").out());
        assertEquals(Path.of("runs", "add97-transformer-seed0-eval100"), parse("--eval-every", "100").out());
        assertEquals(Path.of("runs", "add97-transformer-seed0-probe256"), parse("--probe-size", "256").out());
        assertEquals(Path.of("runs", "add97-transformer-seed2-mix0.3-torch-batch64-lr3e-4-wd0.5-eval50-probe300"),
                parse("--seed", "2", "--mix", "0.3", "--init", "torch", "--batch", "64", "--lr", "3e-4",
                        "--weight-decay", "0.5", "--eval-every", "50", "--probe-size", "300").out());
        assertEquals(Path.of("runs", "add97-transformer-seed0"), parse("--lr", "1e-3", "--weight-decay", "1",
                "--batch", "512", "--eval-every", "200", "--probe-size", "512").out(), "the defaults, given");
    }

    @Test
    void defaultFolderOfS5HasNoModulus() {
        assertEquals(Path.of("runs", "s5-mlp-seed2"), parse("--task", "s5", "--model", "mlp", "--seed", "2").out());
    }

    @Test
    void normControlTakesAConstantOrABaselineMetricsCsv(@TempDir Path dir) throws IOException {
        TrainingConfig constant = parse("--norm-control", "40");
        assertEquals(40.0, constant.normControl().control().targetNorm(1));
        assertEquals(40.0, constant.normControl().control().targetNorm(10_000));
        assertEquals(Path.of("runs", "add97-transformer-seed0-normctl"), constant.out());

        Path metrics = dir.resolve("metrics.csv");
        Files.writeString(metrics, "step,train_loss,train_acc,test_acc,entropy,effective_rank,param_norm,phase,"
                + "predicted_grok_step,fourier_alignment,wall_ms\n"
                + "200,1.0,0.5,0.1,0.9,50,30.0,norm_expansion,,,5\n"
                + "400,0.5,0.9,0.2,0.8,40,50.0,norm_expansion,,,5\n");
        TrainingConfig trajectory = parse("--norm-control", metrics.toString());
        assertEquals(40.0, trajectory.normControl().control().targetNorm(300), 1e-12); // halfway between 30 and 50
    }

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of(new String[]{"--model", "cnn"}, "'--model': expected one of transformer, mlp, mlp-samediff but was 'cnn'"),
                Arguments.of(new String[]{"--model", "mlp-samediff", "--mix", "0.3"}, "--mix 0.3 is not available with"
                        + " --model mlp-samediff: representation mixing is a training-only term of GrokMlp's DL4J output"
                        + " layer. Expected --model mlp for mixing, or no --mix"),
                Arguments.of(new String[]{"--model", "mlp-samediff", "--norm-control", "40"}, "--norm-control is not"
                        + " available with --model mlp-samediff: the norm-matched control rescales a DL4J model's"
                        + " parameters from a DL4J training listener. Expected --model mlp for the control"),
                Arguments.of(new String[]{"--model", "mlp-samediff", "--logit-scale"}, "--logit-scale is not available"
                        + " with --model mlp-samediff"),
                Arguments.of(new String[]{"--init", "xavier"}, "'--init': expected one of default, torch but was 'xavier'"),
                Arguments.of(new String[]{"--stop", "never"}, "'--stop': expected one of none, grokked, crossed"),
                Arguments.of(new String[]{"--task", "pow"}, "'--task': expected one of add, sub, mul, div, s5 but was 'pow'"),
                Arguments.of(new String[]{"--modulus", "ninety"}, "'--modulus': 'ninety' is not an int"),
                Arguments.of(new String[]{"--task", "div", "--modulus", "96"}, "--task div --modulus 96: modulus for division must be a prime"),
                Arguments.of(new String[]{"--task", "s5", "--modulus", "7"}, "--modulus applies to add, sub, mul and div"),
                Arguments.of(new String[]{"--train-fraction", "1.5"}, "--train-fraction is 1.5; expected a value in (0, 1)"),
                Arguments.of(new String[]{"--steps", "0"}, "--steps is 0; expected at least 1"),
                Arguments.of(new String[]{"--batch", "0"}, "--batch is 0; expected at least 1"),
                Arguments.of(new String[]{"--lr", "0"}, "--lr is 0.0; expected a finite number > 0"),
                Arguments.of(new String[]{"--weight-decay", "-1"}, "--weight-decay is -1.0; expected a finite number >= 0"),
                Arguments.of(new String[]{"--steps", "100", "--eval-every", "200"}, "--eval-every is 200; expected a value in [1, --steps = 100]"),
                Arguments.of(new String[]{"--probe-size", "1"}, "--probe-size is 1; expected at least 2"),
                Arguments.of(new String[]{"--threshold", "1.2"}, "--threshold is 1.2; expected a value in (0, 1)"),
                Arguments.of(new String[]{"--mix", "2"}, "--mix is 2.0; expected a value in [0, 1]"),
                Arguments.of(new String[]{"--norm-control", "-3"}, "'--norm-control': target norm is -3.0; expected a finite number > 0"),
                Arguments.of(new String[]{"--norm-control", "no/such/metrics.csv"}, "neither a number (a constant target norm) nor an existing file"),
                Arguments.of(new String[]{"--modulus", "11", "--probe-size", "100"}, "--probe-size is 100 but the training split of add11"),
                Arguments.of(new String[]{"--modulus", "11", "--train-fraction", "0.9", "--probe-size", "100", "--test-probe"},
                        "--test-probe draws --probe-size 100 examples from the test split of add11 at --train-fraction 0.9,"
                                + " which holds only 12; expected a probe of at most 12"),
                Arguments.of(new String[]{"--no-such-option"}, "Unknown option: '--no-such-option'"));
    }

    @ParameterizedTest
    @MethodSource("badOptions")
    void badOptionIsAUsageErrorNamingIt(String[] args, String expected) {
        String[] full = Stream.concat(Stream.of("train"), Stream.of(args)).toArray(String[]::new);
        CliRun outcome = CliRun.of(full);
        assertEquals(CommandLine.ExitCode.USAGE, outcome.code(), outcome.err());
        assertTrue(outcome.err().contains(expected), "expected '" + expected + "' in:\n" + outcome.err());
        assertFalse(outcome.err().contains("Exception"), "a usage error, not a stack trace:\n" + outcome.err());
    }

    @Test
    void helpDescribesEveryOptionWithItsDefault() {
        CliRun outcome = CliRun.of("train", "--help");
        assertEquals(0, outcome.code());
        CommandLine train = GrokwatchCli.commandLine().getSubcommands().get("train");
        for (OptionSpec option : train.getCommandSpec().options()) {
            assertTrue(option.description().length > 0 && !option.description()[0].isBlank(),
                    option.longestName() + " has no description");
            assertTrue(outcome.out().contains(option.longestName()), option.longestName() + " missing from --help");
        }
        String text = outcome.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("--steps=N The most training steps"), text);
        assertTrue(text.contains("Default: 50000."), text);
        assertTrue(text.contains("Architecture: transformer, mlp, mlp-samediff."), text);
        assertTrue(text.contains("div 0.6, not calibrated"), text);
    }

    /** Each "Default: X" of train's help is the builder's default: giving X changes nothing. */
    @Test
    void theDefaultsTheHelpStatesAreTheBuilders(@TempDir Path dir) {
        String calibration = TrainForecastTest.forecastNowCalibration(dir).toString();
        CommandLine train = GrokwatchCli.commandLine().getSubcommands().get("train");
        Pattern stated = Pattern.compile("Default: (\\S+?)(?:\\.$| \\()");
        List<String> checked = new java.util.ArrayList<>();
        for (OptionSpec option : train.getCommandSpec().options()) {
            Matcher m = stated.matcher(String.join(" ", option.description()));
            if (!m.find() || List.of("off", "none").contains(m.group(1))) {
                continue;
            }
            String name = option.longestName();
            if (name.equals("--margin")) { // only with --stop predicted
                assertEquals(parse("--stop", "predicted", "--calibration", calibration),
                        parse("--stop", "predicted", "--calibration", calibration, name, m.group(1)), name);
            } else {
                assertEquals(parse(), parse(name, m.group(1)), name + " " + m.group(1));
            }
            checked.add(name);
        }
        assertEquals(List.of("--task", "--modulus", "--train-fraction", "--model", "--init", "--seed", "--steps", "--batch",
                "--lr", "--weight-decay", "--eval-every", "--probe-size", "--mix", "--stop", "--margin"), checked);
    }

    @Test
    void noCommandListsTheCommands() {
        CliRun outcome = CliRun.of();
        assertEquals(CommandLine.ExitCode.USAGE, outcome.code());
        assertTrue(outcome.err().contains("Missing command: expected one of [train"), outcome.err());
    }
}
