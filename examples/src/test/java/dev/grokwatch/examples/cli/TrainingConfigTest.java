package dev.grokwatch.examples.cli;

import dev.grokwatch.entropy.forecast.Calibration;
import dev.grokwatch.examples.run.ModelKind;
import dev.grokwatch.examples.run.StopRule;
import dev.grokwatch.examples.run.TrainingConfig;
import dev.grokwatch.models.Initialisation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.grokwatch.examples.cli.TrainOptionsTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TrainingConfig}'s builder and {@link TrainingConfig#toArguments()}: what train parses back. */
class TrainingConfigTest {

    private static TrainingConfig roundTrip(TrainingConfig config) {
        return parse(config.toArguments().toArray(String[]::new));
    }

    @Test
    void theArgumentsOfAConfigParseBackToIt(@TempDir Path dir) throws IOException {
        Path calibrationFile = TrainForecastTest.forecastNowCalibration(dir); // H̃* 0.5
        Calibration calibration = Calibration.read(calibrationFile);
        Path metrics = Files.writeString(dir.resolve("metrics.csv"), "step,train_loss,train_acc,test_acc,entropy,"
                + "effective_rank,param_norm,phase,predicted_grok_step,fourier_alignment,wall_ms\n"
                + "200,1.0,0.5,0.1,0.9,50,30.0,norm_expansion,,,5\n");
        NormControlConverter norm = new NormControlConverter();
        List<TrainingConfig> configs = List.of(
                TrainingConfig.builder().build(),
                TrainingConfig.builder().task("s5").model(ModelKind.MLP).seed(3L).mix(0.3).trainFraction(0.5).build(),
                TrainingConfig.builder().task("mul").modulus(31).model(ModelKind.MLP).seed(7L).trainFraction(0.5)
                        .steps(1000).batchSize(64).learningRate(3e-4).weightDecay(0.5).evalEvery(50).probeSize(300)
                        .threshold(0.7).mix(0.2).stop(StopRule.CROSSED).out(dir.resolve("somewhere")).build(),
                TrainingConfig.builder().task("div").modulus(13).learningRate(1e-3).weightDecay(0.0)
                        .stop(StopRule.NONE).build(),
                TrainingConfig.builder().normControl(norm.convert("40")).build(),
                TrainingConfig.builder().normControl(norm.convert(metrics.toString())).seed(-2L).build(),
                TrainingConfig.builder().threshold(0.61).build(), // the task's default, given explicitly
                TrainingConfig.builder().calibration(calibrationFile, calibration).stop(StopRule.PREDICTED)
                        .marginSteps(500L).build(),
                TrainingConfig.builder().calibration(calibrationFile, calibration).threshold(0.7).build(),
                TrainingConfig.builder().calibration(calibrationFile, calibration).threshold(0.5).build(),
                TrainingConfig.builder().init(Initialisation.TORCH).build(),
                TrainingConfig.builder().testProbe(true).build(),
                TrainingConfig.builder().logitScale(true).build(),
                TrainingConfig.builder().testProbe(true).logitScale(true).init(Initialisation.TORCH).build(),
                TrainingConfig.builder().init(Initialisation.TORCH).model(ModelKind.MLP).mix(0.3).seed(2L)
                        .out(dir.resolve("torch")).build());
        for (TrainingConfig config : configs) {
            assertEquals(config, roundTrip(config), config.toArguments().toString());
        }
        // different configurations stay different
        for (int i = 0; i < configs.size(); i++) {
            for (int j = i + 1; j < configs.size(); j++) {
                if (i != 0 || j != 6) { // the explicit 0.61 is the default's config
                    assertNotEquals(configs.get(i), configs.get(j), i + " and " + j);
                }
            }
        }
        assertEquals(configs.get(0), configs.get(6));
    }

    @Test
    void theArgumentsAreTheRunsIdentityThenWhatDiffersFromTheDefaults(@TempDir Path dir) {
        assertEquals(List.of("--task", "add", "--model", "transformer", "--seed", "0", "--mix", "0.0",
                        "--out", Path.of("runs", "add97-transformer-seed0").toString()),
                TrainingConfig.builder().build().toArguments());
        assertEquals(List.of("--task", "sub", "--model", "mlp", "--seed", "4", "--mix", "0.3", "--modulus", "23",
                        "--steps", "10", "--eval-every", "5", "--threshold", "0.5", "--stop", "none",
                        "--out", dir.toString()),
                TrainingConfig.builder().stop(StopRule.NONE).evalEvery(5).steps(10).threshold(0.5).out(dir)
                        .mix(0.3).seed(4L).model(ModelKind.MLP).modulus(23).task("sub").build().toArguments());
        // the default initialisation is left out, the other given after --train-fraction (train --help's order)
        assertEquals(TrainingConfig.builder().build().toArguments(),
                TrainingConfig.builder().init(Initialisation.DEFAULT).build().toArguments());
        assertEquals(List.of("--task", "add", "--model", "transformer", "--seed", "0", "--mix", "0.0",
                        "--train-fraction", "0.5", "--init", "torch", "--steps", "1000",
                        "--out", Path.of("runs", "add97-transformer-seed0-torch").toString()),
                TrainingConfig.builder().steps(1000).init(Initialisation.TORCH).trainFraction(0.5).build()
                        .toArguments());
        // the recordings are flags, given after --probe-size, and change no folder name (the probe's size does)
        assertEquals(List.of("--task", "add", "--model", "transformer", "--seed", "0", "--mix", "0.0",
                        "--probe-size", "300", "--test-probe", "--logit-scale", "--stop", "none",
                        "--out", Path.of("runs", "add97-transformer-seed0-probe300").toString()),
                TrainingConfig.builder().stop(StopRule.NONE).logitScale(true).testProbe(true).probeSize(300).build()
                        .toArguments());
    }

    @Test
    void aTorchInitialisedRunHasItsOwnFolder() {
        assertEquals(Path.of("runs", "add97-transformer-seed3-mix0.3-normctl-torch"), TrainingConfig.builder()
                .init(Initialisation.TORCH).seed(3L).mix(0.3).normControl(new NormControlConverter().convert("40"))
                .build().out());
        assertEquals(Path.of("runs", "s5-mlp-seed1-torch"), TrainingConfig.builder().task("s5").model(ModelKind.MLP)
                .seed(1L).trainFraction(0.5).init(Initialisation.TORCH).build().out());
        assertEquals(Initialisation.DEFAULT, TrainingConfig.builder().build().init());
    }

    @Test
    void nullLeavesTheDefault() {
        assertEquals(TrainingConfig.builder().build(), TrainingConfig.builder().task(null).modulus(null).model(null)
                .init(null).seed(null).trainFraction(null).steps(null).batchSize(null).learningRate(null).weightDecay(null)
                .evalEvery(null).probeSize(null).testProbe(false).logitScale(false).threshold(null).mix(null).normControl(null).stop(null).out(null)
                .calibration(null, null).marginSteps(null).build());
        TrainingConfig defaults = TrainingConfig.builder().build();
        assertEquals(0.61, defaults.threshold());
        assertEquals(50_000, defaults.steps());
        assertEquals(TrainingConfig.DEFAULT_MARGIN_STEPS, defaults.marginSteps());
    }

    @Test
    void optionsThatDoNotGoTogetherAreRefusedNamingThem(@TempDir Path dir) {
        Path file = TrainForecastTest.forecastNowCalibration(dir);
        assertMessage("--modulus applies to add, sub, mul and div; s5 has no modulus",
                () -> TrainingConfig.builder().task("s5").modulus(97).build());
        assertMessage("--margin applies to --stop predicted; the stop rule is crossed",
                () -> TrainingConfig.builder().stop(StopRule.CROSSED).marginSteps(10L).build());
        assertMessage("--stop predicted needs --calibration FILE",
                () -> TrainingConfig.builder().stop(StopRule.PREDICTED).build());
        assertMessage("--calibration needs both the file (" + file + ") and the calibration read from it (null)",
                () -> TrainingConfig.builder().calibration(file, null));
        assertMessage("--task pow is not a task; expected one of add, sub, mul, div, s5",
                () -> TrainingConfig.builder().task("pow").build());
        assertMessage("--eval-every is 20; expected a value in [1, --steps = 10]",
                () -> TrainingConfig.builder().steps(10).evalEvery(20).build());
        assertMessage("--task div --modulus 96: modulus for division must be a prime",
                () -> TrainingConfig.builder().task("div").modulus(96).build());
        assertMessage("--threshold is 1.0; expected a value in (0, 1)",
                () -> TrainingConfig.builder().threshold(1.0).build());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().startsWith(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
