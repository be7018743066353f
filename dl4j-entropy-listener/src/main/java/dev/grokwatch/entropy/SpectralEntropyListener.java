package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.entropy.forecast.GrokForecaster;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToDoubleFunction;

/**
 * A DL4J {@code TrainingListener} that measures the normalised spectral entropy H̃ of one layer's
 * representations on a fixed probe every N iterations, records it with the training state in an
 * {@link EntropyHistory}, reads the phases and events with a {@link PhaseTracker}, and exposes what
 * the early-stopping conditions of {@code dev.grokwatch.entropy.termination} need.
 *
 * <pre>{@code
 * SpectralEntropyListener entropy = SpectralEntropyListener.builder()
 *         .probe(probeFeatures).layer("representation").everyNIterations(200)
 *         .threshold(0.61).evaluateOn(testData).build();
 * model.addListeners(entropy);
 * }</pre>
 *
 * <p>It never changes training: inference happens only in {@code iterationDone}/{@code onEpochEnd}
 * (outside DL4J's workspaces), in test mode, and the model's input arrays are put back afterwards.
 * A layer, probe or evaluation data that does not fit the model fails at the first epoch start (or,
 * under {@code fit(DataSet)}, which calls no epoch callbacks, at the first gradient calculation), before
 * any parameter update, with a message naming what was wrong and what was expected: both run the whole
 * probe and every batch of the evaluation data through the model once. Once training runs, nothing the
 * listener does ends it: a failing evaluation is logged and counted ({@link #skippedEvaluations()}), a
 * failing accuracy is recorded empty with H̃ kept, and NaN/Inf representations are recorded as NaN with
 * one warning.
 *
 * <p>One listener records one model: it binds to the first model that calls it and refuses any other
 * at that model's first callback, before its first update ({@link #onlyFor(Model)} ignores the others
 * instead, for ParallelWrapper's replicas). Callbacks from several threads are safe.
 *
 * <p>Serialisable like DL4J's own listeners: the model binding, iterators, the Fourier-alignment
 * function and event callbacks are transient (the first evaluation after deserialisation warns once
 * about what was lost; the {@code reattach...} methods give it back); the probe, DataSets, history,
 * phases and forecaster travel.
 *
 * <p>The listener itself is the DL4J callback glue: it binds the model, checks a resumed curve against
 * it, keeps the evaluation cadence, and hands each evaluation on: the measurement (probe spectrum,
 * accuracies, parameter norm, Fourier alignment), the data loss of the minibatch, the phase tracker,
 * the forecaster and the event callbacks each have their own class.
 */
public final class SpectralEntropyListener extends BaseTrainingListener implements EntropyMonitor, Serializable {

    /** 3: the curve moved into EntropyRun, shared with the SameDiff listener; an older listener is refused, not half-read. */
    private static final long serialVersionUID = 3L;
    private static final Logger log = LoggerFactory.getLogger(SpectralEntropyListener.class);

    private final LayerSelector layer;
    private final ActivationReduction reduction;
    private final int everyNIterations;
    private final boolean evaluateAtEpochEnd;
    private final Measurement measurement;
    private final EntropyRun run;

    /** The one model this listener records; every other model is refused (or ignored, for replicas). */
    private transient volatile Model boundModel;
    private transient ModelAdapter adapter;
    private transient RepresentationSource source;
    private transient DataLoss dataLoss = new DataLoss();
    private transient boolean deserialised;
    /** Callbacks taken from the bound model (the only one bind lets through, so one thread counts). */
    private transient volatile long epochsStarted;
    private transient volatile long epochsEnded;
    private transient volatile long iterations;
    /** The probe and evaluation data were compared with the first training minibatch. */
    private transient boolean checkedAgainstTraining;

    private SpectralEntropyListener(Builder b) {
        this.layer = b.layer;
        this.reduction = new ActivationReduction(b.sequenceReduction, b.spatialReduction);
        this.everyNIterations = b.everyNIterations;
        this.evaluateAtEpochEnd = b.evaluateAtEpochEnd;
        this.measurement = new Measurement(b.probe, b.topEigenvalues, b.testAccuracy, b.trainAccuracy,
                b.evaluationOutput, b.fourierAlignment);
        this.run = b.curve.newRun(b.testAccuracy != null, b.trainAccuracy != null, SpectralEntropyListener.class);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Adds an event callback (e.g. again after deserialisation, which drops callbacks). */
    public void addEventListener(EntropyEventListener listener) {
        run.addEventListener(listener);
    }

    // ---- what Java serialisation drops, given again ----

    /** Test data again after Java deserialisation dropped its iterator (or to replace it): as {@link Builder#evaluateOn(DataSetIterator)}. */
    public void reattachEvaluateOn(DataSetIterator testData) {
        measurement.testAccuracy(ModelAccuracy.of(testData, "evaluation"));
    }

    /** As {@link #reattachEvaluateOn(DataSetIterator)}, for multi-input or multi-output graphs. */
    public void reattachEvaluateOn(MultiDataSetIterator testData) {
        measurement.testAccuracy(ModelAccuracy.of(testData, "evaluation"));
    }

    /** Replaces the test data with a DataSet (which, unlike an iterator, survives serialisation). */
    public void reattachEvaluateOn(DataSet testData) {
        measurement.testAccuracy(ModelAccuracy.of(testData, "evaluation"));
    }

    /** Replaces the test data with a MultiDataSet. */
    public void reattachEvaluateOn(MultiDataSet testData) {
        measurement.testAccuracy(ModelAccuracy.of(testData, "evaluation"));
    }

    /** Training data again after Java deserialisation dropped its iterator: as {@link Builder#trainAccuracyOn(DataSetIterator)}. */
    public void reattachTrainAccuracyOn(DataSetIterator trainData) {
        measurement.trainAccuracy(ModelAccuracy.of(trainData, "training-accuracy"));
    }

    /** As {@link #reattachTrainAccuracyOn(DataSetIterator)}, for multi-input or multi-output graphs. */
    public void reattachTrainAccuracyOn(MultiDataSetIterator trainData) {
        measurement.trainAccuracy(ModelAccuracy.of(trainData, "training-accuracy"));
    }

    /** Replaces the training-accuracy data with a DataSet. */
    public void reattachTrainAccuracyOn(DataSet trainData) {
        measurement.trainAccuracy(ModelAccuracy.of(trainData, "training-accuracy"));
    }

    /** Replaces the training-accuracy data with a MultiDataSet. */
    public void reattachTrainAccuracyOn(MultiDataSet trainData) {
        measurement.trainAccuracy(ModelAccuracy.of(trainData, "training-accuracy"));
    }

    /** The Fourier-alignment function again after Java deserialisation dropped it. */
    public void reattachFourierAlignment(ToDoubleFunction<Model> alignment) {
        if (alignment == null) {
            throw new IllegalArgumentException("Fourier alignment function is null; expected a function of the model");
        }
        measurement.fourierAlignment(alignment);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        dataLoss = new DataLoss();
        deserialised = true;
    }

    /** What Java serialisation dropped and was not given again, for one warning. */
    private List<String> lostInSerialisation() {
        List<String> lost = new ArrayList<>(measurement.lostInSerialisation());
        if (run.lostEventListeners() > 0) {
            lost.add(run.lostEventListeners() + " event callback(s) (addEventListener)");
        }
        return lost;
    }

    // ---- DL4J callbacks ----

    @Override
    public void onEpochStart(Model model) {
        bind(model); // fail on a wrong layer, probe or evaluation data before any training is spent
        epochsStarted++;
    }

    @Override
    public void onGradientCalculation(Model model) {
        bind(model); // fit(DataSet) calls no onEpochStart: this is the last call before the first update
        int iteration = BaseOptimizer.getIterationCount(model);
        if (!checkedAgainstTraining || isEvaluationStep(iteration + 1L)) { // before the update an evaluation could disturb
            measurement.refuseTrainingIterator("at step " + iteration + ", before the model's next update", false);
        }
        if (!checkedAgainstTraining) {
            checkedAgainstTraining = true;
            measurement.checkLikeTraining(adapter.inputs());
        }
        if (isEvaluationStep(iteration + 1L)) {
            dataLoss.beforeUpdate(adapter, iteration); // while the parameters before the update are in place
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        bind(model);
        long step = iteration + 1L; // DL4J counts iterations before this update; steps count updates done
        run.at(step);
        iterations++;
        if (isEvaluationStep(step)) {
            evaluate(step, epoch);
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        epochsEnded++;
        if (evaluateAtEpochEnd) {
            bind(model);
            evaluate(BaseOptimizer.getIterationCount(model), BaseOptimizer.getEpochCount(model));
        }
    }

    private boolean isEvaluationStep(long step) {
        return everyNIterations > 0 && step % everyNIterations == 0;
    }

    // ---- evaluation ----

    /**
     * Binds the listener to the first model that calls it, after checking everything that would fail
     * later. One listener records one model's curve: another
     * model is refused at its first callback, before its first update (or ignored by {@link #onlyFor}),
     * and the bound model's training goes on untouched.
     */
    private void bind(Model model) {
        if (model == boundModel) {
            return;
        }
        synchronized (this) {
            if (boundModel == null) {
                ModelAdapter boundAdapter = ModelAdapter.of(model);
                RepresentationSource bound = boundAdapter.representationSource(layer, reduction);
                run.checkResumedOn(BaseOptimizer.getIterationCount(model), "model",
                        "history.saveTo(modelZip) after model.save(modelZip)");
                measurement.refuseTrainingIterator("at step " + BaseOptimizer.getIterationCount(model)
                        + ", when the model first called the listener", true);
                measurement.checkBeforeTraining(boundAdapter, bound);
                adapter = boundAdapter;
                source = bound;
                boundModel = model;
                return;
            }
            if (model == boundModel) {
                return;
            }
            throw new IllegalStateException("This SpectralEntropyListener already records another model ("
                    + describe(boundModel) + ", " + run.history().size() + " evaluations): one listener records one"
                    + " model's curve, and a second model (" + describe(model) + ") would mix two"
                    + " curves in one history. Build a new listener for this model; to continue a curve on a restored"
                    + " model, build it with resumeFrom(history). Under ParallelWrapper, whose workers share the"
                    + " listener between their model replicas, give the wrapper listener.onlyFor(model).");
        }
    }

    /**
     * This listener restricted to one model, for DL4J's {@code ParallelWrapper}: the wrapper hands its
     * listeners to every worker's model replica (DL4J 1.0.0-M2.1, {@code DefaultTrainer.configureListeners}),
     * and worker 0 trains the wrapped model itself. The returned listener passes on that model's callbacks
     * and ignores the replicas' (one log line says so). The model is bound now, so a layer, probe or
     * evaluation data that does not fit fails here, before the wrapper starts.
     *
     * <pre>{@code
     * ParallelWrapper wrapper = new ParallelWrapper.Builder<>(model).workers(2).build();
     * wrapper.setListeners(entropy.onlyFor(model));
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code model} is null or does not fit the listener's settings
     * @throws IllegalStateException    when the listener already records another model
     */
    public TrainingListener onlyFor(Model model) {
        if (model == null) {
            throw new IllegalArgumentException("model is null; expected the model to measure (for ParallelWrapper,"
                    + " the one the wrapper was built with)");
        }
        bind(model);
        return new OnlyFor(this, model);
    }

    /** Passes one model's callbacks on to the listener and ignores the others' ({@link #onlyFor(Model)}). */
    private static final class OnlyFor extends BaseTrainingListener implements Serializable {
        private static final long serialVersionUID = 1L;
        private final SpectralEntropyListener listener;
        /** Null after deserialisation: then every callback goes through and the listener's one-model rule applies. */
        private final transient Model model;
        private transient volatile boolean loggedOther;

        OnlyFor(SpectralEntropyListener listener, Model model) {
            this.listener = listener;
            this.model = model;
        }

        private boolean passes(Model caller) {
            if (model == null || caller == model) {
                return true;
            }
            if (!loggedOther) {
                loggedOther = true;
                log.info("grokwatch: measuring {} only; callbacks from other models (ParallelWrapper's replicas,"
                        + " e.g. {}) are ignored", describe(model), describe(caller));
            }
            return false;
        }

        @Override
        public void onEpochStart(Model caller) {
            if (passes(caller)) {
                listener.onEpochStart(caller);
            }
        }

        @Override
        public void onGradientCalculation(Model caller) {
            if (passes(caller)) {
                listener.onGradientCalculation(caller);
            }
        }

        @Override
        public void iterationDone(Model caller, int iteration, int epoch) {
            if (passes(caller)) {
                listener.iterationDone(caller, iteration, epoch);
            }
        }

        @Override
        public void onEpochEnd(Model caller) {
            if (passes(caller)) {
                listener.onEpochEnd(caller);
            }
        }

        @Override
        public String toString() {
            return listener + " only for " + (model == null ? "the first model that calls it" : describe(model));
        }
    }

    private static String describe(Model model) {
        return model.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(model))
                + " at step " + BaseOptimizer.getIterationCount(model);
    }

    private void evaluate(long step, int epoch) {
        if (!run.unmeasured(step)) {
            return; // already measured (epoch end on an evaluation step, or a resumed run)
        }
        if (deserialised) {
            deserialised = false;
            List<String> lost = lostInSerialisation();
            if (!lost.isEmpty()) {
                log.warn("grokwatch: this listener was Java-deserialised and lost {}; their columns stay empty from"
                        + " step {} on until given again", String.join(", ", lost), step);
            }
        }
        run.record(step, () -> {
            Double trainLoss = dataLoss.after(adapter, step); // the minibatch score, before the listener's inference
            return measurement.measure(adapter, source, step, epoch).trainLoss(trainLoss).build();
        });
    }

    // ---- what callers and termination conditions read ----

    /** Every evaluation so far (live: the same object keeps growing). */
    @Override
    public EntropyHistory history() {
        return run.history();
    }

    @Override
    public PhaseCriteria criteria() {
        return run.history().criteria();
    }

    /** Phase after the latest evaluation. */
    @Override
    public Phase phase() {
        return run.phase();
    }

    @Override
    public Optional<EntropyRecord> latest() {
        return run.history().latest();
    }

    /** Step at which an event fired, if it has. */
    @Override
    public OptionalLong stepOf(EntropyEventType type) {
        return run.stepOf(type);
    }

    /** True when the listener records test accuracy ({@code evaluateOn}), which the grokking step needs. */
    @Override
    public boolean measuresTestAccuracy() {
        return measurement.measuresTestAccuracy();
    }

    /** True when the listener records training accuracy ({@code trainAccuracyOn}), which memorisation needs. */
    @Override
    public boolean measuresTrainAccuracy() {
        return measurement.measuresTrainAccuracy();
    }

    /** The forecaster given to the builder, if any. */
    @Override
    public Optional<GrokForecaster> forecaster() {
        return run.forecaster();
    }

    /** The forecaster's forecast after the latest evaluation before grokking; empty without a forecaster. */
    @Override
    public Optional<Forecast> latestForecast() {
        return run.latestForecast();
    }

    /** The most recent confident forecast (read by the predictedGrokReached termination condition). */
    @Override
    public Optional<Forecast> latestConfidentForecast() {
        return run.latestConfidentForecast();
    }

    /**
     * The DL4J callbacks taken from the model so far (epoch starts and ends, iterations): the termination
     * conditions mark them when a trainer starts, to tell its first epoch, in which DL4J's early-stopping
     * trainers cannot stop, and whether the model being trained calls this listener at all.
     */
    @Override
    public CallbackCounts callbacks() {
        return new CallbackCounts(epochsStarted, epochsEnded, iterations);
    }

    /** Number of updates done when the listener was last called (read by termination conditions). */
    @Override
    public long currentStep() {
        return run.currentStep();
    }

    /** Evaluations that failed during training and were skipped (the first is logged with its cause). */
    public int skippedEvaluations() {
        return run.skippedEvaluations();
    }

    public int everyNIterations() {
        return everyNIterations;
    }

    @Override
    public String toString() {
        return "SpectralEntropyListener(layer " + layer + ", every " + everyNIterations + " iterations, probe n = "
                + measurement.probe().size() + ", " + run.history().size() + " evaluations, phase " + phase() + ")";
    }

    /** Builds a {@link SpectralEntropyListener}; probe and layer are required. */
    public static final class Builder extends CurveBuilder<Builder> {
        private Probe probe;
        private LayerSelector layer;
        private SequenceReduction sequenceReduction = SequenceReduction.LAST;
        private SpatialReduction spatialReduction;
        private int everyNIterations = 200;
        private boolean evaluateAtEpochEnd;
        private ModelAccuracy testAccuracy;
        private ModelAccuracy trainAccuracy;
        private Integer evaluationOutput;
        private ToDoubleFunction<Model> fourierAlignment;

        private Builder() {
        }

        /** Probe features for a single-input network (the paper: 512 training examples). */
        public Builder probe(INDArray features) {
            this.probe = Probe.of(features);
            return this;
        }

        /** The features (and mask) of a DataSet. */
        public Builder probe(DataSet data) {
            this.probe = Probe.of(data);
            return this;
        }

        /** The features of a MultiDataSet, for multi-input ComputationGraphs. */
        public Builder probe(MultiDataSet data) {
            this.probe = Probe.of(data);
            return this;
        }

        /** The first n examples of an iterator (reset before and after). */
        public Builder probe(DataSetIterator iterator, int n) {
            this.probe = Probe.of(iterator, n);
            return this;
        }

        public Builder probe(Probe probe) {
            if (probe == null) {
                throw new IllegalArgumentException("probe is null");
            }
            this.probe = probe;
            return this;
        }

        /** A ComputationGraph vertex name, or the name of a MultiLayerNetwork layer. */
        public Builder layer(String name) {
            this.layer = LayerSelector.named(name);
            return this;
        }

        /** A MultiLayerNetwork layer index (zero-based). */
        public Builder layer(int index) {
            this.layer = LayerSelector.index(index);
            return this;
        }

        /** Recurrent activations: LAST (default), MEAN or FLATTEN over time. */
        public Builder sequenceReduction(SequenceReduction reduction) {
            if (reduction == null) {
                throw new IllegalArgumentException("sequence reduction is null; expected LAST, MEAN or FLATTEN");
            }
            this.sequenceReduction = reduction;
            return this;
        }

        /** Convolutional activations: FLATTEN or GLOBAL_AVERAGE (required for such layers). */
        public Builder spatialReduction(SpatialReduction reduction) {
            this.spatialReduction = reduction;
            return this;
        }

        /** Evaluate when the step (number of updates) is a multiple of n; default 200, 0 for epoch ends only. */
        public Builder everyNIterations(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("everyNIterations must be >= 0 (0: epoch ends only), got " + n);
            }
            this.everyNIterations = n;
            return this;
        }

        /** Also evaluate at the end of every epoch. */
        public Builder evaluateAtEpochEnd(boolean atEpochEnd) {
            this.evaluateAtEpochEnd = atEpochEnd;
            return this;
        }

        /**
         * Test data: records test accuracy and finds the grokking step. Accuracy is the number DL4J's
         * {@code Evaluation} gives ({@code net.evaluate(...)}): features masks apply in the forward pass,
         * labels masks leave out masked examples or time steps; a model with non-finite outputs has NaN
         * accuracy. A DataSet carries the labels of the evaluated output (see {@link #evaluationOutput}).
         * Checked against the model before training.
         */
        public Builder evaluateOn(DataSet testData) {
            this.testAccuracy = ModelAccuracy.of(testData, "evaluation");
            return this;
        }

        /**
         * Test data from an iterator that supports {@code reset()}: read to its end now, and at every evaluation
         * from the start to its end, where it is left. It must not be the iterator the model trains on, which is
         * refused before an update (each evaluation would reset it mid-epoch); resetting it between fits is fine.
         */
        public Builder evaluateOn(DataSetIterator testData) {
            this.testAccuracy = ModelAccuracy.of(testData, "evaluation");
            return this;
        }

        /** Test data for a multi-input or multi-output ComputationGraph: one labels array per graph output. */
        public Builder evaluateOn(MultiDataSet testData) {
            this.testAccuracy = ModelAccuracy.of(testData, "evaluation");
            return this;
        }

        /** Test data from a MultiDataSetIterator that supports {@code reset()}. */
        public Builder evaluateOn(MultiDataSetIterator testData) {
            this.testAccuracy = ModelAccuracy.of(testData, "evaluation");
            return this;
        }

        /** Training data: records training accuracy and finds the memorisation step (as {@link #evaluateOn(DataSet)}). */
        public Builder trainAccuracyOn(DataSet trainData) {
            this.trainAccuracy = ModelAccuracy.of(trainData, "training-accuracy");
            return this;
        }

        /**
         * Training data from an iterator that supports {@code reset()}, as {@link #evaluateOn(DataSetIterator)}: not
         * the iterator the model trains on (a second iterator over the same data, or the data as a DataSet).
         */
        public Builder trainAccuracyOn(DataSetIterator trainData) {
            this.trainAccuracy = ModelAccuracy.of(trainData, "training-accuracy");
            return this;
        }

        public Builder trainAccuracyOn(MultiDataSet trainData) {
            this.trainAccuracy = ModelAccuracy.of(trainData, "training-accuracy");
            return this;
        }

        public Builder trainAccuracyOn(MultiDataSetIterator trainData) {
            this.trainAccuracy = ModelAccuracy.of(trainData, "training-accuracy");
            return this;
        }

        /**
         * Which output of a multi-output ComputationGraph defines accuracy (zero-based, in the order of
         * {@code setOutputs}). Required for graphs with more than one output, which are refused before
         * training without it; a DataSet then carries that output's labels, a MultiDataSet all outputs'.
         */
        public Builder evaluationOutput(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("evaluationOutput must be >= 0 (an index into the graph's outputs),"
                        + " got " + index);
            }
            this.evaluationOutput = index;
            return this;
        }

        /** A function computing the model's Fourier alignment, recorded in its column when given. */
        public Builder fourierAlignment(ToDoubleFunction<Model> alignment) {
            this.fourierAlignment = alignment;
            return this;
        }

        public SpectralEntropyListener build() {
            if (probe == null) {
                throw new IllegalStateException("No probe: call probe(...) with the fixed inputs to measure"
                        + " (the paper: 512 training examples)");
            }
            if (layer == null) {
                throw new IllegalStateException("No layer: call layer(\"name\") for a ComputationGraph vertex"
                        + " or layer(index) for a MultiLayerNetwork layer");
            }
            if (everyNIterations == 0 && !evaluateAtEpochEnd) {
                throw new IllegalStateException("everyNIterations is 0 and evaluateAtEpochEnd is off: the listener"
                        + " would never evaluate");
            }
            for (ModelAccuracy accuracy : new ModelAccuracy[]{testAccuracy, trainAccuracy}) {
                if (accuracy != null) {
                    accuracy.leaveIteratorAtEnd(); // where a later builder call (a probe from it) may have reset it
                }
            }
            return new SpectralEntropyListener(this);
        }
    }
}
