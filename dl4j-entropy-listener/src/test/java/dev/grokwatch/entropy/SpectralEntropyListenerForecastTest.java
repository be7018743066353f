package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.ConformalForecaster;
import dev.grokwatch.entropy.forecast.ErrorQuantiles;
import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.entropy.forecast.ForecastMethod;
import dev.grokwatch.entropy.forecast.GrokForecaster;
import dev.grokwatch.entropy.forecast.PowerLawFit;
import dev.grokwatch.entropy.forecast.PowerLawForecaster;
import dev.grokwatch.entropy.forecast.PredictionInterval;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class SpectralEntropyListenerForecastTest {

    static final DataSet TRAIN = TestNetworks.blobs(300, 10);
    static final DataSet TEST = TestNetworks.blobs(150, 11);

    /** Records the history size it was shown, to prove the forecaster sees the evaluation being recorded. */
    record CountingForecaster(GrokForecaster inner) implements GrokForecaster {
        @Override
        public java.util.Optional<Forecast> forecast(EntropyCurve curve) {
            int size = curve.records().size();
            return inner.forecast(curve).map(f -> new Forecast(f.step(), f.predictedGrokStep() + size,
                    shifted(f.interval80(), size), shifted(f.interval95(), size), f.method(), f.confident()));
        }

        static PredictionInterval shifted(PredictionInterval interval, int steps) {
            return new PredictionInterval(interval.low() + steps, interval.high() + steps);
        }

        @Override
        public String name() {
            return inner.name();
        }
    }

    @Test
    void fillsPredictedGrokStepAndIntervalsFromTheHistoryUpToEachEvaluationUntilTheRunGroks(@TempDir Path dir) {
        // held-out errors of ±3 (80%) and ±7 (95%) steps at every distance ahead
        GrokForecaster law = new ConformalForecaster(new PowerLawForecaster(0.3,
                new PowerLawFit(2_000, 1.5, 10, 0.9, 5, -10, 10, 50, 0.7)),
                List.of(new ErrorQuantiles(ForecastMethod.POWER_LAW, 10_000, 5, 3, 7)));
        GrokForecaster forecaster = new CountingForecaster(law);
        MultiLayerNetwork net = TestNetworks.mln(7, 1e-3);
        SpectralEntropyListener entropy = SpectralEntropyListener.builder()
                .probe(TRAIN.getFeatures().getRows(IntStream.range(0, 64).toArray())).layer(1)
                .everyNIterations(1).evaluateOn(TEST).forecaster(forecaster).build();
        net.addListeners(entropy);
        net.fit(new ViewIterator(TRAIN, 30), 3);

        List<EntropyRecord> records = entropy.history().records();
        // without training accuracy the run reads generalised: forecasting stops there as it would at grokking
        long grok = entropy.stepOf(EntropyEventType.GENERALISED).orElseThrow(() -> new AssertionError(
                "the blobs must be learned within 30 steps for this test"));
        assertTrue(entropy.stepOf(EntropyEventType.GROKKED).isEmpty(), "no training accuracy: never grokked");
        assertTrue(grok > 1, "some evaluations before grokking are needed: grokked at " + grok);
        for (int i = 0; i < records.size(); i++) {
            EntropyRecord r = records.get(i);
            if (r.step() < grok) {
                // offline, on the history cut at this record, the same forecaster says the same thing
                EntropyHistory upToHere = new EntropyHistory(entropy.criteria(), records.subList(0, i + 1));
                Forecast offline = law.forecast(upToHere).orElseThrow();
                assertEquals(offline.predictedGrokStep() + i + 1, r.predictedGrokStep(), "step " + r.step());
                assertEquals(CountingForecaster.shifted(offline.interval80(), i + 1), r.predictedGrokInterval80());
                assertEquals(CountingForecaster.shifted(offline.interval95(), i + 1), r.predictedGrokInterval95());
                assertEquals(r.predictedGrokStep() + 7, r.predictedGrokInterval95().high(), "T̂ + q95");
            } else {
                assertNull(r.predictedGrokStep(), "nothing is forecast once the run has grokked (step " + r.step() + ")");
                assertNull(r.predictedGrokInterval80());
            }
        }
        Forecast latest = entropy.latestForecast().orElseThrow();
        assertEquals(grok - 1, latest.step(), "the last forecast is the one before grokking");
        assertEquals(records.get((int) grok - 2).predictedGrokStep(), latest.predictedGrokStep());
        assertSame(forecaster, entropy.forecaster().orElseThrow());

        Path csv = dir.resolve("metrics.csv");
        MetricsCsv.write(entropy.history(), csv);
        assertEquals(records.get(0).predictedGrokStep(), MetricsCsv.read(csv).records().get(0).predictedGrokStep());
        assertEquals(records.get(0).predictedGrokInterval80(),
                MetricsCsv.read(csv).records().get(0).predictedGrokInterval80());
        assertEquals(records.get(0).predictedGrokInterval95(),
                MetricsCsv.read(csv).records().get(0).predictedGrokInterval95());
    }

    /** Records, at each call, the steps of the curve it was shown and the collapse onset read on it. */
    static final class OnsetRecorder implements GrokForecaster {
        final List<List<Long>> steps = new ArrayList<>();
        final List<OptionalLong> onsets = new ArrayList<>();

        @Override
        public java.util.Optional<Forecast> forecast(EntropyCurve curve) {
            steps.add(curve.records().stream().map(EntropyRecord::step).toList());
            onsets.add(curve.stepOf(EntropyEventType.COLLAPSE_ONSET));
            return java.util.Optional.empty();
        }

        @Override
        public String name() {
            return "onset-recorder";
        }
    }

    @Test
    void theForecasterSeesTheCurveUpToEachEvaluationAndTheListenersOnset() {
        OnsetRecorder recorder = new OnsetRecorder();
        MultiLayerNetwork net = TestNetworks.mln(9, 0);
        // no test data: the run never groks, so the forecaster is asked at every evaluation
        SpectralEntropyListener entropy = SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer(1)
                .everyNIterations(1).collapseOnset(0.005, 2).forecaster(recorder).build();
        net.addListeners(entropy);
        net.fit(new ViewIterator(TRAIN, 30), 3);

        List<EntropyRecord> records = entropy.history().records();
        long onset = entropy.stepOf(EntropyEventType.COLLAPSE_ONSET).orElseThrow(() -> new AssertionError(
                "H̃ must fall by 0.005 between two evaluations of this run for the test to mean something"));
        assertTrue(onset < records.get(records.size() - 1).step(), "some evaluations after the onset are needed");
        assertEquals(records.size(), recorder.onsets.size(), "one call per evaluation");
        for (int i = 0; i < records.size(); i++) {
            EntropyHistory upToHere = new EntropyHistory(entropy.criteria(), records.subList(0, i + 1));
            assertEquals(records.subList(0, i + 1).stream().map(EntropyRecord::step).toList(), recorder.steps.get(i));
            assertEquals(upToHere.collapseOnsetStep(), recorder.onsets.get(i), "step " + records.get(i).step());
            assertEquals(records.get(i).step() >= onset ? OptionalLong.of(onset) : OptionalLong.empty(),
                    recorder.onsets.get(i), "the listener's tracker's onset, at step " + records.get(i).step());
        }
    }

    @Test
    void withoutAForecasterNothingIsForecast() {
        SpectralEntropyListener entropy = SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer(1).build();
        assertTrue(entropy.latestForecast().isEmpty());
        assertTrue(entropy.forecaster().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> SpectralEntropyListener.builder().forecaster(null));
    }
}
