package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.ConformalForecaster;
import dev.grokwatch.entropy.forecast.ErrorQuantiles;
import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.entropy.forecast.ForecastMethod;
import dev.grokwatch.entropy.forecast.GrokForecaster;
import dev.grokwatch.entropy.forecast.PowerLawFit;
import dev.grokwatch.entropy.forecast.PowerLawForecaster;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the SameDiff listener shares with the DL4J one above the seam: a calibrated forecaster fills the records'
 * forecasts from the curve up to each evaluation, and a failing evaluation costs nothing but itself (skipped,
 * counted, one warning; training goes on with the same variables, bit for bit).
 */
class SameDiffForecastAndFailureTest {

    private static final DataSet TRAIN = TestNetworks.blobs(96, 1);
    private static final DataSet TEST = TestNetworks.blobs(60, 2);

    @Test
    void aCalibratedForecasterForecastsFromTheCurveUpToEachEvaluationUntilTheRunGroks() {
        // held-out errors of ±3 (80%) and ±7 (95%) steps at every distance ahead
        GrokForecaster law = new ConformalForecaster(new PowerLawForecaster(0.3,
                new PowerLawFit(2_000, 1.5, 10, 0.9, 5, -10, 10, 50, 0.7)),
                List.of(new ErrorQuantiles(ForecastMethod.POWER_LAW, 10_000, 5, 3, 7)));
        SameDiff sd = SameDiffNetworks.mlp(7, false);
        SameDiffEntropyListener entropy = SameDiffEntropyListener.builder(sd)
                .probe("input", TestNetworks.blobs(64, 3).getFeatures()).variable("representation")
                .everyNIterations(1).evaluateOn(TEST).trainAccuracyOn(TRAIN).outputVariable("output")
                .forecaster(law).build();
        sd.fit(SameDiffNetworks.batches(TRAIN, 32), 10, entropy);

        long grokked = entropy.stepOf(EntropyEventType.GROKKED).orElseGet(() -> entropy.stepOf(
                EntropyEventType.GENERALISED).orElseThrow(() -> new AssertionError("the blobs are learned in 30 steps")));
        assertTrue(grokked > 1, "evaluations before grokking are needed: grokked at " + grokked);
        assertEquals(law, entropy.forecaster().orElseThrow());
        List<EntropyRecord> records = entropy.history().records();
        for (int i = 0; i < records.size(); i++) {
            EntropyRecord r = records.get(i);
            if (r.step() < grokked) {
                // offline, on the curve cut at this record, the same forecaster says the same thing
                Forecast offline = law.forecast(new EntropyHistory(entropy.criteria(), records.subList(0, i + 1)))
                        .orElseThrow();
                assertEquals(offline.predictedGrokStep(), r.predictedGrokStep(), "step " + r.step());
                assertEquals(offline.interval80(), r.predictedGrokInterval80());
                assertEquals(offline.interval95(), r.predictedGrokInterval95());
            } else {
                assertNull(r.predictedGrokStep(), "nothing is forecast once the run has grokked (step " + r.step() + ")");
            }
        }
        assertEquals(entropy.latestForecast().map(Forecast::predictedGrokStep).orElseThrow(),
                records.get((int) grokked - 2).predictedGrokStep(), "the latest forecast is the last one before grokking");
    }

    /** Gives the gate another shape at one step's end, so the probe's forward pass to "gated" throws; restores it. */
    private static final class Breaker extends BaseListener {
        private final SameDiff graph;
        private final long step;

        Breaker(SameDiff graph, long step) {
            this.graph = graph;
            this.step = step;
        }

        @Override
        public boolean isActive(Operation operation) {
            return operation == Operation.TRAINING;
        }

        @Override
        public void iterationDone(SameDiff sd, At at, MultiDataSet data, Loss loss) {
            if (at.iteration() + 1L == step) {
                graph.getVariable("gate").setArray(Nd4j.ones(DataType.FLOAT, 1, TestNetworks.HIDDEN + 1));
            }
        }

        @Override
        public void iterationStart(SameDiff sd, At at, MultiDataSet data, long etlMs) {
            if (at.iteration() + 1L == step + 1) {
                graph.getVariable("gate").setArray(Nd4j.ones(DataType.FLOAT, 1, TestNetworks.HIDDEN));
            }
        }
    }

    @Test
    void aFailingEvaluationIsSkippedWithAWarningAndTrainingGoesOnUntouched() {
        SameDiff plain = SameDiffNetworks.twoInputs(11, true);
        plain.fit(SameDiffNetworks.splitBatches(TRAIN, 32), 4, new Breaker(plain, 4)); // 3 batches × 4 epochs

        SameDiff watched = SameDiffNetworks.twoInputs(11, true);
        SameDiffEntropyListener entropy = SameDiffEntropyListener.builder(watched)
                .probe(SameDiffNetworks.inputs(TestNetworks.blobs(64, 3).getFeatures())).variable("gated")
                .everyNIterations(2).evaluateOn(SameDiffNetworks.split(TEST)).outputVariable("output").build();
        String log = StandardError.captured(() -> watched.fit(SameDiffNetworks.splitBatches(TRAIN, 32), 4,
                new Breaker(watched, 4), entropy)); // the breaker first: the gate is broken when step 4 is measured

        assertEquals(12, watched.getTrainingConfig().getIterationCount(), "training went on to the end");
        assertEquals(List.of(2L, 6L, 8L, 10L, 12L), entropy.history().records().stream().map(EntropyRecord::step).toList());
        assertEquals(1, entropy.skippedEvaluations());
        assertTrue(log.contains("skipped the entropy evaluation at step 4"), log);
        for (SDVariable v : plain.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                BitExact.assertBitIdentical(v.getArr(), watched.getVariable(v.name()).getArr(), "variable " + v.name());
            }
        }
        INDArray gated = watched.output(SameDiffNetworks.inputs(TestNetworks.blobs(64, 3).getFeatures()), "gated")
                .get("gated");
        assertEquals(SpectralEntropy.of(gated).normalisedEntropy(), entropy.latest().orElseThrow().normalisedEntropy(),
                1e-12, "measured again, at the last step, once the gate was restored");
    }
}
