package dev.grokwatch.examples.demo;

import dev.grokwatch.entropy.EntropyEventType;
import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.entropy.SpectralEntropyListener;
import dev.grokwatch.entropy.forecast.Calibration;
import dev.grokwatch.entropy.forecast.ForecastMethod;
import dev.grokwatch.entropy.forecast.RunHistory;
import dev.grokwatch.entropy.termination.EntropyTermination;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's five steps for a model of your own are this code, compiled and run here on the example's
 * DL4J model ({@link YourModelProtocol}) for a few steps: steps 1-3 until calibration says the runs have not
 * grokked yet, steps 4-5 with a calibration of synthetic runs.
 */
class ReadmeProtocolSnippetTest {

    static final DataSet[] SPLIT = YourModelProtocol.split();

    private static MultiLayerNetwork yourModel(int seed) {
        return YourModelProtocol.model(seed);
    }

    /** Steps 1-3 as the README shows them, with the caller's budget. */
    static Calibration stepsOneToThree(DataSet trainData, DataSet testData, DataSetIterator trainIterator,
                                       int maxSteps) {
        // README:begin 1-3
        // 1. a fixed probe: the same training inputs for every run
        INDArray probe = trainData.getFeatures().get(NDArrayIndex.interval(0, 512), NDArrayIndex.all()).dup();

        // 2. 3-5 seeds to completion, each with the listener
        List<RunHistory> runs = new ArrayList<>();
        for (int seed = 0; seed < 3; seed++) {
            MultiLayerNetwork model = yourModel(seed);
            SpectralEntropyListener entropy = SpectralEntropyListener.builder()
                    .probe(probe).layer("representation").everyNIterations(50)
                    .evaluateOn(testData).trainAccuracyOn(trainData)
                    .build();
            model.addListeners(entropy);
            while (entropy.currentStep() < maxSteps && entropy.stepOf(EntropyEventType.GROKKED).isEmpty()) {
                model.fit(trainIterator);                                   // one epoch
            }
            MetricsCsv.write(entropy.history(), Path.of("seed" + seed + ".csv"));  // optional, for grokwatch calibrate
            runs.add(new RunHistory("seed" + seed, "my task", entropy.history()));
        }

        // 3. H̃ at each grokking step → H̃* with its bootstrap interval, and the forecasters
        Calibration calibration = Calibration.fit(runs, false, ForecastMethod.COLLAPSE_RATE);
        calibration.write(Path.of("calibration.json"));  // threshold().mean(), .low(), .high(); crossingLag()
        // README:end 1-3
        return calibration;
    }

    /** Steps 4-5 as the README shows them. */
    static EarlyStoppingResult<MultiLayerNetwork> stepsFourAndFive(Calibration calibration, INDArray probe,
                                                                   DataSet trainData, DataSet testData,
                                                                   DataSetIterator trainIterator,
                                                                   DataSetIterator testIterator, int maxEpochs) {
        // README:begin 4-5
        // 4. the next run forecasts its grokking step against the calibrated H̃*
        SpectralEntropyListener entropy = SpectralEntropyListener.builder()
                .probe(probe).layer("representation").everyNIterations(50)
                .evaluateOn(testData).trainAccuracyOn(trainData)
                .forecaster(calibration.toForecaster())                     // brings H̃* as the threshold
                .onEvent(event -> System.out.println(event))
                .build();
        MultiLayerNetwork model = yourModel(3);
        model.addListeners(entropy);                     // entropy.latestForecast(): predictedGrokStep(), confident()

        // 5. and stops early: DL4J's trainer, grokwatch's conditions
        EarlyStoppingConfiguration<MultiLayerNetwork> config = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                .iterationTerminationConditions(
                        EntropyTermination.predictedGrokReached(entropy, 200),  // forecast + 200 steps, test at 0.99
                        EntropyTermination.grokked(entropy, 200),               // or 200 steps after test hits 0.99
                        EntropyTermination.collapseWithoutGeneralisation(entropy),
                        EntropyTermination.diverged(entropy))
                .epochTerminationConditions(new MaxEpochsTerminationCondition(maxEpochs))
                .scoreCalculator(new DataSetLossCalculator(testIterator, true))
                .modelSaver(new InMemoryModelSaver<>()).saveLastModel(true)
                .build();
        EarlyStoppingResult<MultiLayerNetwork> result = new EarlyStoppingTrainer(config, model, trainIterator).fit();
        // README:end 4-5
        assertEquals(calibration.threshold().mean(), entropy.criteria().threshold(), 0, "the forecaster's H̃*");
        return result;
    }

    @Test
    void stepsOneToThreeRunAndRefuseToCalibrateRunsThatHaveNotGrokked() throws Exception {
        try {
            IllegalArgumentException notYet = assertThrows(IllegalArgumentException.class, () -> stepsOneToThree(
                    SPLIT[0], SPLIT[1], new ViewIterator(SPLIT[0], 512), 50));
            assertTrue(notYet.getMessage().startsWith("only 0 of 3 runs grokked"), notYet.getMessage());
            for (int seed = 0; seed < 3; seed++) {
                assertEquals(50, MetricsCsv.read(Path.of("seed" + seed + ".csv")).records().get(0).step(),
                        "one evaluation, at step 50, written for grokwatch calibrate");
            }
        } finally {
            for (int seed = 0; seed < 3; seed++) {
                Files.deleteIfExists(Path.of("seed" + seed + ".csv"));
            }
            assertFalse(Files.exists(Path.of("calibration.json")), "not calibrated, not written");
        }
    }

    @Test
    void stepsFourAndFiveRunWithACalibrationOfSyntheticRuns() {
        List<RunHistory> runs = new ArrayList<>();
        for (double atGrok : new double[]{0.55, 0.6, 0.62}) {
            runs.add(new RunHistory("h" + atGrok, "my task", YourModelProtocolTest.grokkingAt6000(atGrok)));
        }
        Calibration calibration = Calibration.fit(runs, false, ForecastMethod.COLLAPSE_RATE);
        INDArray probe = SPLIT[0].getFeatures().get(NDArrayIndex.interval(0, 512), NDArrayIndex.all()).dup();
        EarlyStoppingResult<MultiLayerNetwork> result = stepsFourAndFive(calibration, probe, SPLIT[0], SPLIT[1],
                new ViewIterator(SPLIT[0], 512), new ViewIterator(SPLIT[1], 2048), 3);
        assertEquals(EarlyStoppingResult.TerminationReason.EpochTerminationCondition, result.getTerminationReason());
        assertEquals(3, result.getTotalEpochs());
    }

    @Test
    void readmeShowsExactlyTheseSnippets() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/grokwatch/examples/demo/ReadmeProtocolSnippetTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        for (String part : List.of("1-3", "4-5")) {
            int begin = lines.indexOf("        // README:begin " + part);
            int end = lines.indexOf("        // README:end " + part);
            String snippet = lines.subList(begin + 1, end).stream().map(l -> l.isEmpty() ? l : l.substring(8))
                    .collect(Collectors.joining("\n"));
            assertTrue(readme.contains(snippet), "README.md must contain steps " + part + " verbatim:\n" + snippet);
        }
    }
}
