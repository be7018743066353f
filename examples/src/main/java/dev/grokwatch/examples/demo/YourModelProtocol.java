package dev.grokwatch.examples.demo;

import dev.grokwatch.entropy.EntropyEventType;
import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.SpectralEntropyListener;
import dev.grokwatch.entropy.forecast.Calibration;
import dev.grokwatch.entropy.forecast.ForecastMethod;
import dev.grokwatch.entropy.forecast.RunHistory;
import dev.grokwatch.entropy.termination.EntropyTermination;
import dev.grokwatch.examples.run.NativeThreads;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Random;

/**
 * The paper's protocol for a threshold H̃* of your own (arXiv 2604.13123, appendix D.1), on a model grokwatch
 * did not build: a plain DL4J {@code MultiLayerNetwork} of DL4J's own layers (one-hot a and b → linear 128 →
 * ReLU 256 → ReLU 128 "representation" → softmax) learning {@code (a + b) mod 47} from 1,024 of the 2,209 pairs,
 * with Adam and {@code .weightDecay(1.0, true)} given network-wide, as a DL4J user would write it: DL4J 1.0.0-M2.1
 * puts it on each layer's weights twice (decoupled weight decay 2.0 in effect) and not on the biases. It memorises
 * within a few hundred steps and groks a few thousand steps later.
 * <ol>
 *   <li>fix a probe: 512 training inputs, the same for every run;</li>
 *   <li>train 3 seeds to completion (test accuracy 0.99) with the listener;</li>
 *   <li>take H̃ at each grokking step: {@code Calibration.fit} on the histories held in memory gives H̃*, its
 *       interval and the forecasters;</li>
 *   <li>train a fourth seed with the calibrated forecaster and H̃*, printing its forecast as it trains;</li>
 *   <li>and stop it with {@code EntropyTermination} conditions in DL4J's {@code EarlyStoppingTrainer}.</li>
 * </ol>
 *
 * <pre>java -cp examples/target/grokwatch.jar dev.grokwatch.examples.demo.YourModelProtocol [steps per seed, default 6000]</pre>
 */
public final class YourModelProtocol {

    static final int P = 47;
    static final int TRAIN_PAIRS = 1_024;
    static final int BATCH = 512;
    static final int EVERY = 50;
    static final String TASK = "(a + b) mod 47, one-hot MLP, 1,024 pairs";

    private YourModelProtocol() {
    }

    public static void main(String[] args) {
        int steps = StepsArgument.parse(args, 6_000, "YourModelProtocol");
        NativeThreads.applyDefault(); // one native thread: the fastest for a model this small
        DataSet[] split = split();
        DataSet train = split[0];
        DataSet test = split[1];
        int every = Math.min(EVERY, steps);
        System.out.printf(Locale.ROOT, "YourModelProtocol: %s, up to %,d steps per seed%n", TASK, steps);

        // 1. A fixed probe: the same 512 training inputs for every run, so H̃ is comparable across seeds.
        INDArray probe = train.getFeatures().get(NDArrayIndex.interval(0, 512), NDArrayIndex.all()).dup();

        // 2. Three seeds to completion, each with the listener; their histories stay in memory.
        List<RunHistory> runs = new ArrayList<>();
        for (int seed = 0; seed < 3; seed++) {
            runs.add(trainToCompletion(seed, listener(probe, train, test, every).build(), train, steps));
        }

        // 3. H̃ at the grokking step of each run → H̃* with its interval, and the forecasters.
        Calibration calibration;
        try {
            calibration = Calibration.fit(runs, false, ForecastMethod.COLLAPSE_RATE);
        } catch (IllegalArgumentException e) {
            System.out.println("cannot calibrate: " + e.getMessage() + " (give each seed more steps)");
            return;
        }
        System.out.printf(Locale.ROOT, "H̃* = %.4f (bootstrap 95%% interval %.4f-%.4f, sd %.4f across %d runs); "
                        + "grokking follows the H̃* crossing by %.0f ± %.0f steps (%d of the runs came down through it)%n",
                calibration.threshold().mean(), calibration.threshold().low(), calibration.threshold().high(),
                calibration.threshold().sd(), calibration.threshold().runs(), calibration.crossingLag().mean(),
                calibration.crossingLag().sd(), calibration.crossingLag().runs());

        // 4. and 5. A fourth seed, forecast live and stopped early.
        forecastAndStop(calibration, listener(probe, train, test, every), train, test, steps);
    }

    /** Step 2 for one seed: trains until test accuracy reaches 0.99 or {@code steps}, and says what happened. */
    static RunHistory trainToCompletion(int seed, SpectralEntropyListener entropy, DataSet train, int steps) {
        long start = System.nanoTime();
        MultiLayerNetwork model = model(seed);
        model.addListeners(entropy);
        ShuffledBatches batches = new ShuffledBatches(train, BATCH, seed);
        while (entropy.currentStep() < steps && !generalised(entropy)) {
            model.fit(batches); // one pass over the training pairs
        }
        EntropyHistory history = entropy.history();
        System.out.printf(Locale.ROOT, "seed %d: memorised at %s, collapse onset at %s, grokked at %s, H̃ then %s "
                        + "(%,d steps, %.0f s)%n", seed, step(history.memorisedStep()),
                step(history.collapseOnsetStep()), step(history.grokStep()),
                history.latest().map(r -> String.format(Locale.ROOT, "%.4f", r.normalisedEntropy())).orElse("-"),
                entropy.currentStep(), (System.nanoTime() - start) / 1e9);
        return new RunHistory("seed" + seed, TASK, history);
    }

    /**
     * Steps 4 and 5: seed 3 with the calibrated forecaster (it brings H̃*), its forecast printed every 500 steps,
     * stopped by grokwatch's conditions in DL4J's early-stopping trainer (an epoch: one pass, 2 steps).
     */
    static void forecastAndStop(Calibration calibration, SpectralEntropyListener.Builder listener, DataSet train,
                                DataSet test, int steps) {
        SpectralEntropyListener entropy = listener
                .forecaster(calibration.toForecaster())
                .onEvent(event -> System.out.println("  seed 3: " + event))
                .build();
        MultiLayerNetwork model = model(3);
        model.addListeners(entropy, new BaseTrainingListener() {
            @Override
            public void iterationDone(Model m, int iteration, int epoch) {
                if (iteration % 500 == 0) {
                    entropy.latest().ifPresent(r -> System.out.printf(Locale.ROOT,
                            "  seed 3, step %,d: H̃ %.4f, test %.3f, forecast %s%n", r.step(), r.normalisedEntropy(),
                            r.testAccuracy(), entropy.latestForecast().map(f -> String.format(Locale.ROOT,
                                    "grokking at %,d%s", f.predictedGrokStep(), f.confident() ? "" : " (not yet confident)"))
                                    .orElse("none yet")));
                }
            }
        });
        EarlyStoppingConfiguration<MultiLayerNetwork> config = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                .iterationTerminationConditions(
                        EntropyTermination.grokked(entropy, 0),
                        EntropyTermination.collapseWithoutGeneralisation(entropy),
                        EntropyTermination.diverged(entropy))
                .epochTerminationConditions(new MaxEpochsTerminationCondition((steps + 1) / 2))
                .scoreCalculator(new DataSetLossCalculator(new ViewIterator(test, test.numExamples()), true))
                .modelSaver(new InMemoryModelSaver<>())
                .saveLastModel(true)
                .build();
        EarlyStoppingResult<MultiLayerNetwork> result =
                new EarlyStoppingTrainer(config, model, new ShuffledBatches(train, BATCH, 3)).fit();
        System.out.printf(Locale.ROOT, "seed 3 stopped after %,d steps: %s%n  %s%n", entropy.currentStep(),
                result.getTerminationReason(), result.getTerminationDetails());
        System.out.printf(Locale.ROOT, "  crossed H̃* %.4f at %s, grokked at %s%n", entropy.criteria().threshold(),
                step(entropy.history().thresholdCrossingStep()), step(entropy.history().grokStep()));
    }

    /** All pairs (a, b), shuffled once with a fixed seed: the first 1,024 for training, the rest for testing. */
    static DataSet[] split() {
        List<int[]> pairs = new ArrayList<>();
        for (int a = 0; a < P; a++) {
            for (int b = 0; b < P; b++) {
                pairs.add(new int[]{a, b});
            }
        }
        Collections.shuffle(pairs, new Random(0));
        return new DataSet[]{oneHot(pairs.subList(0, TRAIN_PAIRS)), oneHot(pairs.subList(TRAIN_PAIRS, pairs.size()))};
    }

    /** a one-hot, then b one-hot ([N, 2p]); the label (a + b) mod p one-hot. */
    static DataSet oneHot(List<int[]> pairs) {
        INDArray x = Nd4j.zeros(DataType.FLOAT, pairs.size(), 2 * P);
        INDArray y = Nd4j.zeros(DataType.FLOAT, pairs.size(), P);
        for (int i = 0; i < pairs.size(); i++) {
            int[] pair = pairs.get(i);
            x.putScalar(i, pair[0], 1f);
            x.putScalar(i, P + pair[1], 1f);
            y.putScalar(i, (pair[0] + pair[1]) % P, 1f);
        }
        return new DataSet(x, y);
    }

    /**
     * The model, DL4J's layers only: Adam (β₂ 0.98) with weight decay applied after the update, as in AdamW; given
     * network-wide, it reaches each layer's weights twice (2.0 in effect) and no bias.
     */
    static MultiLayerNetwork model(long seed) {
        MultiLayerNetwork model = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER)
                .updater(Adam.builder().learningRate(2e-3).beta1(0.9).beta2(0.98).build())
                .weightDecay(1.0, true)
                .list()
                .layer(new DenseLayer.Builder().name("embedding").nIn(2 * P).nOut(128).hasBias(false)
                        .activation(Activation.IDENTITY).build())
                .layer(new DenseLayer.Builder().name("hidden").nIn(128).nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().name("representation").nIn(256).nOut(128)
                        .activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(P)
                        .activation(Activation.SOFTMAX).build())
                .build());
        model.init();
        // ND4J 1.0.0-M2.1's CPU generator does not reliably honour .seed(...) (deeplearning4j issue 5083):
        // redraw the weights from Java's generator, Xavier N(0, 2/(fan_in + fan_out)), so a seed is one model.
        Random random = new Random(seed);
        for (int i = 0; i < model.getnLayers(); i++) {
            INDArray weights = model.getLayer(i).getParam("W");
            double sd = Math.sqrt(2.0 / (weights.size(0) + weights.size(1)));
            float[] values = new float[Math.toIntExact(weights.length())];
            for (int k = 0; k < values.length; k++) {
                values[k] = (float) (sd * random.nextGaussian());
            }
            weights.assign(Nd4j.create(values, weights.shape(), 'c'));
        }
        return model;
    }

    /** The listener every run gets: H̃ of the representation layer on the probe, and both accuracies. */
    static SpectralEntropyListener.Builder listener(INDArray probe, DataSet train, DataSet test, int every) {
        return SpectralEntropyListener.builder()
                .probe(probe)
                .layer("representation")
                .everyNIterations(every)
                .evaluateOn(test)
                .trainAccuracyOn(train);
    }

    /** Test accuracy has reached 0.99: grokked, or generalised without a delay. */
    private static boolean generalised(SpectralEntropyListener entropy) {
        return entropy.stepOf(EntropyEventType.GROKKED).isPresent()
                || entropy.stepOf(EntropyEventType.GENERALISED).isPresent();
    }

    private static String step(OptionalLong step) {
        return step.isPresent() ? String.format(Locale.ROOT, "%,d", step.getAsLong()) : "-";
    }

    /** Minibatches of the training pairs, reshuffled at every pass (epoch), as DL4J's fit and trainers take them. */
    static final class ShuffledBatches extends ViewIterator {

        private final DataSet data;
        private final Random random;

        ShuffledBatches(DataSet data, int batch, long seed) {
            super(data, batch);
            this.data = data;
            this.random = new Random(seed);
            data.shuffle(random.nextLong());
        }

        @Override
        public void reset() {
            data.shuffle(random.nextLong());
            super.reset();
        }

        @Override
        public boolean asyncSupported() {
            return false; // reshuffled in place: no prefetching thread may read it meanwhile
        }
    }
}
