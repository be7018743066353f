package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.CollapseRateForecaster;
import dev.grokwatch.entropy.forecast.CrossingLag;
import dev.grokwatch.entropy.forecast.GrokForecaster;
import dev.grokwatch.entropy.forecast.PowerLawFit;
import dev.grokwatch.entropy.forecast.PowerLawForecaster;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.grokwatch.entropy.JavaSerialisation.roundTrip;
import static org.junit.jupiter.api.Assertions.*;

/**
 * One listener, one model: second models (one after the other, or at once on two threads as under
 * ParallelWrapper), resuming on a model older than the history, re-saving into a model zip, and Java
 * serialisation with every forecaster.
 */
class ListenerLifecycleTest {

    private static final DataSet TRAIN = TestNetworks.blobs(120, 1);
    private static final DataSet TEST = TestNetworks.blobs(90, 2);

    private static SpectralEntropyListener.Builder listener() {
        return SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer("representation")
                .everyNIterations(2).evaluateOn(TEST);
    }

    private static SpectralEntropyListener.Builder mlnListener() {
        return SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer(0).everyNIterations(2)
                .evaluateOn(TEST);
    }

    private static void fitSteps(Model model, int steps) {
        for (int i = 0; i < steps; i++) {
            if (model instanceof MultiLayerNetwork net) {
                net.fit(TRAIN);
            } else {
                ((ComputationGraph) model).fit(TRAIN);
            }
        }
    }

    private static List<Long> steps(SpectralEntropyListener entropy) {
        return entropy.history().records().stream().map(EntropyRecord::step).toList();
    }

    // ---- a second model ----

    @Test
    void aSecondModelTrainedAfterTheFirstIsRefusedAtItsFirstCallbackBeforeAnyUpdate() {
        for (Supplier<Model> kind : List.<Supplier<Model>>of(() -> TestNetworks.mln(1, 1e-3),
                () -> TestNetworks.graph(1, 1e-3))) {
            Model first = kind.get();
            Model second = kind.get();
            SpectralEntropyListener entropy = (first instanceof MultiLayerNetwork ? mlnListener() : listener()).build();
            first.setListeners(entropy);
            fitSteps(first, 6);
            assertEquals(List.of(2L, 4L, 6L), steps(entropy));

            second.setListeners(entropy);
            INDArray before = second.params().dup();
            // both fit paths: fit(DataSet) (no epoch callbacks) and fit(iterator) (epoch start first)
            IllegalStateException single = assertThrows(IllegalStateException.class, () -> fitSteps(second, 1));
            assertTrue(single.getMessage().contains("one listener records one model's curve"), single.getMessage());
            assertTrue(single.getMessage().contains("Build a new listener for this model"), single.getMessage());
            DataSetIterator batches = new ViewIterator(TRAIN, 40);
            IllegalStateException epoch = assertThrows(IllegalStateException.class, () -> {
                if (second instanceof MultiLayerNetwork net) {
                    net.fit(batches);
                } else {
                    ((ComputationGraph) second).fit(batches);
                }
            });
            assertTrue(epoch.getMessage().contains("already records another model"), epoch.getMessage());
            BitExact.assertBitIdentical(before, second.params(), "the refused model's parameters");
            assertEquals(List.of(2L, 4L, 6L), steps(entropy), "the first model's curve is untouched");

            fitSteps(first, 2); // the first model still trains with its listener
            assertEquals(List.of(2L, 4L, 6L, 8L), steps(entropy));
        }
    }

    /**
     * What DL4J 1.0.0-M2.1's ParallelWrapper does with a listener that is not a RoutingIterationListener
     * (DefaultTrainer.configureListeners): every worker's model replica gets the same instance and trains
     * on its own thread.
     */
    private static List<Throwable> trainReplicasAtOnce(TrainingListener entropy, List<MultiLayerNetwork> replicas,
                                                       int steps) throws InterruptedException {
        CyclicBarrier start = new CyclicBarrier(replicas.size());
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (MultiLayerNetwork replica : replicas) {
            replica.setListeners(entropy);
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    fitSteps(replica, steps);
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return failures;
    }

    @Test
    void twoModelsAtOnceOnTwoThreads_oneRecordsAndTheOtherIsRefusedBeforeItsFirstUpdate() throws Exception {
        for (int round = 0; round < 3; round++) {
            List<MultiLayerNetwork> replicas = List.of(TestNetworks.mln(2, 1e-3), TestNetworks.mln(3, 1e-3));
            List<INDArray> initial = replicas.stream().map(m -> m.params().dup()).toList();
            SpectralEntropyListener entropy = mlnListener().build();
            List<Throwable> failures = trainReplicasAtOnce(entropy, replicas, 10);

            assertEquals(1, failures.size(), "exactly one of the two trainings is refused: " + failures);
            assertInstanceOf(IllegalStateException.class, failures.get(0));
            assertTrue(failures.get(0).getMessage().contains("onlyFor(model)"), failures.get(0).getMessage());
            long refused = replicas.stream().filter(m -> m.getIterationCount() == 0).count();
            assertEquals(1, refused, "the refused model did no update");
            for (int i = 0; i < 2; i++) {
                if (replicas.get(i).getIterationCount() == 0) {
                    BitExact.assertBitIdentical(initial.get(i), replicas.get(i).params(), "refused replica " + i);
                }
            }
            assertEquals(List.of(2L, 4L, 6L, 8L, 10L), steps(entropy), "one whole curve, no duplicate steps");
        }
    }

    @Test
    void onlyForMeasuresTheGivenModelAndLetsEveryReplicaTrainAsWithoutIt() throws Exception {
        MultiLayerNetwork root = TestNetworks.mln(2, 1e-3);
        List<MultiLayerNetwork> replicas = List.of(TestNetworks.mln(3, 1e-3), root, TestNetworks.mln(4, 1e-3));
        SpectralEntropyListener entropy = mlnListener().build();
        List<Throwable> failures = trainReplicasAtOnce(entropy.onlyFor(root), replicas, 10);

        assertEquals(List.of(), failures);
        assertEquals(List.of(2L, 4L, 6L, 8L, 10L), steps(entropy));
        double recorded = entropy.latest().orElseThrow().normalisedEntropy();
        double rootEntropy = SpectralEntropy.of(root.feedForwardToLayer(0, TRAIN.getFeatures(), false).get(1))
                .normalisedEntropy();
        assertEquals(rootEntropy, recorded, 1e-12, "the curve is the given model's");
        for (int i : new int[]{0, 2}) {
            MultiLayerNetwork twin = TestNetworks.mln(i == 0 ? 3 : 4, 1e-3);
            fitSteps(twin, 10);
            BitExact.assertSameTrainingState(twin, replicas.get(i));
        }
    }

    @Test
    void onlyForBindsAtOnceSoWhatDoesNotFitFailsBeforeTheWrapperStarts() {
        MultiLayerNetwork net = TestNetworks.mln(2, 1e-3);
        SpectralEntropyListener wrongLayer = SpectralEntropyListener.builder().probe(TRAIN.getFeatures()).layer(7).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wrongLayer.onlyFor(net));
        assertTrue(e.getMessage().contains("no layer"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> mlnListener().build().onlyFor(null));

        SpectralEntropyListener entropy = mlnListener().build();
        entropy.onlyFor(net);
        IllegalStateException second = assertThrows(IllegalStateException.class,
                () -> entropy.onlyFor(TestNetworks.mln(3, 1e-3)));
        assertTrue(second.getMessage().contains("already records another model"), second.getMessage());
    }

    // ---- resume ----

    @Test
    void resumingOnAModelOlderThanTheHistoryIsRefusedNamingBothSteps(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = TestNetworks.mln(5, 1e-3);
        SpectralEntropyListener entropy = mlnListener().build();
        net.setListeners(entropy);
        File zip = dir.resolve("model.zip").toFile();
        fitSteps(net, 6);
        net.save(zip, true);          // the model at step 6 ...
        fitSteps(net, 6);
        entropy.history().saveTo(zip); // ... with the history of step 12

        MultiLayerNetwork restored = MultiLayerNetwork.load(zip, true);
        EntropyHistory history = EntropyHistory.restoreFrom(zip);
        assertEquals(12, history.latest().orElseThrow().step());
        SpectralEntropyListener resumed = mlnListener().resumeFrom(history).build();
        restored.setListeners(resumed);
        INDArray before = restored.params().dup();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fitSteps(restored, 12));
        assertTrue(e.getMessage().contains("ends at step 12") && e.getMessage().contains("done only 6 updates"),
                e.getMessage());
        assertTrue(e.getMessage().contains("history.upTo(6)"), e.getMessage());
        BitExact.assertBitIdentical(before, restored.params(), "parameters of the refused resume");

        // the way the message shows: the history up to the model's step, then every evaluation is recorded
        SpectralEntropyListener honest = mlnListener().resumeFrom(history.upTo(6)).build();
        restored.setListeners(honest);
        fitSteps(restored, 12);
        assertEquals(List.of(2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L), steps(honest));
        assertEquals(0, honest.skippedEvaluations());
    }

    @Test
    void resumingWithAHistoryBehindTheModelWarnsOfTheGap(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = TestNetworks.mln(5, 1e-3);
        SpectralEntropyListener entropy = mlnListener().build();
        net.setListeners(entropy);
        fitSteps(net, 4);
        EntropyHistory atStep4 = EntropyHistory.fromJson(entropy.history().toJson());
        fitSteps(net, 6); // the model goes on to step 10 without a saved history

        SpectralEntropyListener resumed = mlnListener().resumeFrom(atStep4).build();
        MultiLayerNetwork restored = net.clone();
        restored.setListeners(resumed);
        String log = StandardError.captured(() -> fitSteps(restored, 4));
        assertTrue(log.contains("the resumed history ends at step 4 but the model has done 10 updates: steps 5 to 10"
                + " have no evaluations"), log);
        assertEquals(List.of(2L, 4L, 12L, 14L), steps(resumed), "recorded honestly, the gap named");
    }

    @Test
    void savingTheHistoryAgainReplacesItAndKeepsTheModel(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = TestNetworks.mln(7, 1e-3);
        SpectralEntropyListener entropy = mlnListener().build();
        net.setListeners(entropy);
        fitSteps(net, 4);
        File zip = dir.resolve("checkpoint.zip").toFile();
        net.save(zip, true);
        entropy.history().saveTo(zip);
        fitSteps(net, 4);
        entropy.history().saveTo(zip);
        entropy.history().saveTo(zip); // and once more: still one entry

        assertEquals(List.of(2L, 4L, 6L, 8L),
                EntropyHistory.restoreFrom(zip).records().stream().map(EntropyRecord::step).toList());
        assertEquals(1, ModelSerializer.listObjectsInFile(zip).stream()
                .filter(EntropyHistory.MODEL_ZIP_KEY::equals).count());
        MultiLayerNetwork restored = MultiLayerNetwork.load(zip, true);
        assertEquals(4, restored.getIterationCount(), "the model saved at step 4 is still the zip's model");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(zip.toPath()), files.toList(), "no temporary file left beside the zip");
        }
    }

    @Test
    void savingAgainKeepsTheModelUpdaterNormaliserAndOtherObjects(@TempDir Path dir) throws Exception {
        ComputationGraph graph = TestNetworks.graph(3, 1e-3);
        graph.fit(TRAIN); // an updater state worth keeping
        File zip = dir.resolve("graph.zip").toFile();
        graph.save(zip, true);
        NormalizerStandardize normaliser = new NormalizerStandardize();
        normaliser.fit(TEST);
        ModelSerializer.addNormalizerToModel(zip, normaliser);
        ModelSerializer.addObjectToFile(zip, "user-notes", "kept");

        EntropyHistory first = new EntropyHistory(PhaseCriteria.defaults());
        first.saveTo(zip);
        EntropyHistory second = mlnListener().resumeFrom(first).build().history();
        second.append(new EntropyRecord(10, 0, 0.5, 1.0, 2.7, new double[]{2, 1}, 3, null, null, 0.5, Phase.NORM_EXPANSION,
                null, null, 1.0));
        second.saveTo(zip);

        assertEquals(second.toJson(), EntropyHistory.restoreFrom(zip).toJson());
        ComputationGraph loaded = ComputationGraph.load(zip, true);
        BitExact.assertBitIdentical(graph.params(), loaded.params(), "the model's parameters");
        BitExact.assertBitIdentical(BitExact.updaterState(graph), BitExact.updaterState(loaded), "its updater state");
        NormalizerStandardize restored = ModelSerializer.restoreNormalizerFromFile(zip);
        BitExact.assertBitIdentical(normaliser.getMean(), restored.getMean(), "the normaliser's mean");
        assertEquals("kept", ModelSerializer.getObjectFromFile(zip, "user-notes"));
    }

    @Test
    void savingIntoAFileThatIsNotAZipExplainsAndLeavesItAlone(@TempDir Path dir) throws Exception {
        Path notZip = dir.resolve("model.zip");
        Files.writeString(notZip, "not a zip");
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> history.saveTo(notZip.toFile()));
        assertTrue(e.getMessage().contains("model.zip is not a zip") && e.getMessage().contains("expected a DL4J model zip"),
                e.getMessage());
        assertEquals("not a zip", Files.readString(notZip));
        IllegalArgumentException restoring = assertThrows(IllegalArgumentException.class,
                () -> EntropyHistory.restoreFrom(notZip.toFile()));
        assertTrue(restoring.getMessage().contains("is not a zip"), restoring.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(notZip), files.toList(), "no temporary file is left behind");
        }
    }

    // ---- Java serialisation ----

    @Test
    void aListenerWithEitherForecasterRoundTripsAndForecastsTheSame() throws Exception {
        List<GrokForecaster> forecasters = List.of(
                new PowerLawForecaster(0.6, new PowerLawFit(40_000, 1.65, 300, 0.9, 100, -200, 250, 100, 0.34)),
                new CollapseRateForecaster(0.6, new CrossingLag(1_000, 50, 3)));
        for (GrokForecaster forecaster : forecasters) {
            MultiLayerNetwork net = TestNetworks.mln(8, 1e-3);
            SpectralEntropyListener entropy = mlnListener().threshold(0.6).forecaster(forecaster).build();
            net.setListeners(entropy);
            fitSteps(net, 6);

            SpectralEntropyListener copy = roundTrip(entropy);
            assertEquals(entropy.history().records(), copy.history().records(), forecaster.name());
            assertEquals(entropy.phase(), copy.phase());
            assertEquals(entropy.latestForecast(), copy.latestForecast());
            assertEquals(forecaster.forecast(entropy.history()), copy.forecaster().orElseThrow().forecast(copy.history()),
                    "the deserialised forecaster forecasts the same");

            // training goes on with the copy, on a copy of the model (what ParallelWrapper/Spark do)
            MultiLayerNetwork netCopy = net.clone();
            netCopy.setListeners(copy);
            fitSteps(netCopy, 2);
            assertEquals(List.of(2L, 4L, 6L, 8L), steps(copy));
        }
    }

    @Test
    void whatSerialisationDropsIsWarnedOnceAndCanBeReattached() throws Exception {
        MultiLayerNetwork net = TestNetworks.mln(9, 1e-3);
        AtomicReference<Double> alignmentCalls = new AtomicReference<>(0.0);
        SpectralEntropyListener entropy = mlnListener()
                .evaluateOn(new ViewIterator(TEST, 30))
                .trainAccuracyOn(new ViewIterator(TRAIN, 40))
                .fourierAlignment(m -> alignmentCalls.updateAndGet(x -> x + 1))
                .onEvent(e -> { })
                .build();
        net.setListeners(entropy);
        fitSteps(net, 2);
        EntropyRecord beforeRoundTrip = entropy.latest().orElseThrow();
        assertNotNull(beforeRoundTrip.trainAccuracy());
        assertNotNull(beforeRoundTrip.fourierAlignment());

        SpectralEntropyListener copy = roundTrip(entropy);
        MultiLayerNetwork netCopy = net.clone();
        netCopy.setListeners(copy);
        String log = StandardError.captured(() -> fitSteps(netCopy, 4));
        List<String> warnings = log.lines().filter(l -> l.contains("was Java-deserialised")).toList();
        assertEquals(1, warnings.size(), "one warning, at the first evaluation after deserialisation:\n" + log);
        for (String lost : List.of("test-data iterator", "training-data iterator", "Fourier-alignment function",
                "1 event callback")) {
            assertTrue(warnings.get(0).contains(lost), lost + " in: " + warnings.get(0));
        }
        assertTrue(warnings.get(0).contains("step 4"), warnings.get(0));
        EntropyRecord lost = copy.latest().orElseThrow();
        assertNull(lost.trainAccuracy());
        assertNull(lost.testAccuracy());
        assertNull(lost.fourierAlignment());

        copy.reattachTrainAccuracyOn(new ViewIterator(TRAIN, 40));
        copy.reattachEvaluateOn(TEST);
        copy.reattachFourierAlignment(m -> 0.5);
        fitSteps(netCopy, 2);
        EntropyRecord back = copy.latest().orElseThrow();
        assertEquals(8, back.step());
        assertEquals(0.5, back.fourierAlignment());
        org.nd4j.evaluation.classification.Evaluation reference = netCopy.evaluate(new ViewIterator(TRAIN, 40));
        assertEquals(reference.accuracy(), back.trainAccuracy(), 1e-12);
        assertEquals(netCopy.evaluate(new ViewIterator(TEST, 30)).accuracy(), back.testAccuracy(), 1e-12);
    }

    @Test
    void aRoundTripThatLosesNothingWarnsNothing() throws Exception {
        MultiLayerNetwork net = TestNetworks.mln(10, 1e-3);
        SpectralEntropyListener entropy = mlnListener().trainAccuracyOn(TRAIN).build(); // DataSets travel
        net.setListeners(entropy);
        fitSteps(net, 2);
        SpectralEntropyListener copy = roundTrip(entropy);
        MultiLayerNetwork netCopy = net.clone();
        netCopy.setListeners(copy);
        String log = StandardError.captured(() -> fitSteps(netCopy, 2));
        assertFalse(log.contains("was Java-deserialised"), log);
        assertNotNull(copy.latest().orElseThrow().trainAccuracy());
    }

    @Test
    void reattachRefusesNothingToReattach() {
        SpectralEntropyListener entropy = mlnListener().build();
        assertThrows(IllegalArgumentException.class, () -> entropy.reattachFourierAlignment(null));
        assertThrows(IllegalArgumentException.class, () -> entropy.reattachEvaluateOn((DataSetIterator) null));
        assertThrows(IllegalArgumentException.class, () -> entropy.reattachTrainAccuracyOn((DataSet) null));
    }

    /** slf4j-simple writes to whatever System.err is at the time of the call. */
}
