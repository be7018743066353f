package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.entropy.forecast.GrokForecaster;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.ListenerResponse;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.listeners.records.LossCurve;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToDoubleFunction;

/**
 * The SameDiff counterpart of {@link SpectralEntropyListener}: an ND4J listener that measures the normalised
 * spectral entropy H̃ (arXiv 2604.13123, §3.1) of one variable of a SameDiff graph on a fixed probe every N
 * steps, and keeps the same curve: the same {@link EntropyHistory}, phases and events of the same
 * {@link PhaseTracker}, forecasts, and what the {@code EntropyTermination} conditions read.
 *
 * <pre>{@code
 * SameDiffEntropyListener entropy = SameDiffEntropyListener.builder(sd)
 *         .probe("input", probeFeatures).variable("representation").everyNIterations(200)
 *         .threshold(0.61).evaluateOn(testData).trainAccuracyOn(trainData).outputVariable("softmax").build();
 * sd.fit(trainIterator, epochs, entropy);
 * }</pre>
 *
 * <p>The representations are {@code sd.output(probe, variable)}, an {@code n × d} matrix; the step is the
 * number of updates done ({@code At.iteration() + 1} in a training {@code iterationDone}); validation
 * callbacks are ignored. Measuring changes no variable: the trained variables come out bit-identical with and
 * without the listener. What would make the curve wrong is refused at {@link Builder#build()}, before any
 * training: an unknown variable, a probe that does not fit its placeholders, a variable that needs placeholders
 * the probe does not set (the loss reads the labels) or none at all (a weight), a random op (dropout) upstream of
 * the variable ({@code sd.output} has no inference mode: the probe would be dropped out and the extra random
 * draws would change training), activations that are not {@code n × d} (reduce them in the graph, e.g. a
 * mean over time, and read that variable), an output variable that is not {@code [n, classes]} on the accuracy
 * data. At its first callbacks of a fit, before an update, it refuses another graph, a graph behind a resumed
 * history, and accuracy data given as the very iterator the fit trains on. During training a failing evaluation
 * is skipped and counted, never thrown into {@code fit}.
 *
 * <p>The record's {@code train_loss} is the data loss of the batch of the evaluation step, before its update (the
 * loss variables on that batch, as DL4J's score of the step); accuracy is ND4J's {@code Evaluation} of the output
 * variable on the evaluation data, given as a {@code DataSet} (one input), a {@code MultiDataSet} (placed as
 * {@code sd.fit} places it) or a placeholder map with its labels.
 *
 * <p>One listener watches the one graph given to {@link #builder(SameDiff)}; it is not serialisable.
 */
public final class SameDiffEntropyListener extends BaseListener implements EntropyMonitor {

    private final SameDiffModel model;
    private final Map<String, INDArray> probe;
    private final String variable;
    private final int everyNIterations;
    private final boolean evaluateAtEpochEnd;
    private final SpectrumMeasure spectrum;
    private final PartialFailures failures = new PartialFailures(SameDiffEntropyListener.class);
    private final SameDiffAccuracy testAccuracy;
    private final SameDiffAccuracy trainAccuracy;
    private final String outputVariable;
    /** Null without {@link Builder#fourierAlignment}. */
    private final ToDoubleFunction<SameDiff> fourierAlignment;
    private final EntropyRun run;
    private volatile long epochsStarted;
    private volatile long epochsEnded;
    private volatile long iterations;
    /** Training iterations since the latest {@code epochStart}. */
    private long epochIterations;
    /** Whether a resumed history has been checked against the graph, at the listener's first callback. */
    private boolean resumeChecked;
    /** The data loss of the batch being trained, measured before its update at an evaluation step; else null. */
    private Double batchLoss;

    private SameDiffEntropyListener(Builder b) {
        this.model = b.model;
        this.probe = b.probe;
        this.variable = b.variable;
        this.everyNIterations = b.everyNIterations;
        this.evaluateAtEpochEnd = b.evaluateAtEpochEnd;
        this.spectrum = new SpectrumMeasure(b.topEigenvalues, SameDiffEntropyListener.class);
        this.testAccuracy = b.testAccuracy;
        this.trainAccuracy = b.trainAccuracy;
        this.outputVariable = b.outputVariable;
        this.fourierAlignment = b.fourierAlignment;
        this.run = b.curve.newRun(testAccuracy != null, trainAccuracy != null, SameDiffEntropyListener.class);
    }

    /** A builder for a listener watching {@code graph}. */
    public static Builder builder(SameDiff graph) {
        return new Builder(new SameDiffModel(graph));
    }

    /** True when this listener watches {@code graph}, the graph given to {@link #builder(SameDiff)}. */
    public boolean watches(SameDiff graph) {
        return graph == model.graph();
    }

    /** Adds an event callback. */
    public void addEventListener(EntropyEventListener listener) {
        run.addEventListener(listener);
    }

    // ---- ND4J callbacks ----

    /** Training only: validation passes call {@code iterationDone} with the validation batch index as iteration. */
    @Override
    public boolean isActive(Operation operation) {
        return operation == Operation.TRAINING;
    }

    @Override
    public void epochStart(SameDiff sd, At at) {
        beforeUpdates(sd, at);
        epochsStarted++;
        epochIterations = 0;
    }

    /**
     * Before each update ({@code sd} is the graph being fitted here; {@code iterationDone} gets its gradient graph).
     * Before an evaluation step's update, the data loss of its batch: what DL4J's score of that step measures.
     */
    @Override
    public void iterationStart(SameDiff sd, At at, MultiDataSet data, long etlMs) {
        beforeUpdates(sd, at);
        batchLoss = null;
        long step = at.iteration() + 1L;
        if (at.operation() != Operation.TRAINING) {
            return;
        }
        if (epochIterations++ == 0 || evaluatesAt(step)) { // before the updates an evaluation could disturb
            refuseTrainingIterator(testAccuracy, at);
            refuseTrainingIterator(trainAccuracy, at);
        }
        if (evaluatesAt(step) && run.unmeasured(step)) {
            batchLoss = failures.valueOrEmpty("the training loss", step, () -> model.dataLoss(data));
        }
    }

    private static void refuseTrainingIterator(SameDiffAccuracy accuracy, At at) {
        if (accuracy != null) {
            accuracy.refuseTrainingIterator("at step " + at.iteration() + ", before the graph's next update");
        }
    }

    private boolean evaluatesAt(long step) {
        return everyNIterations > 0 && step % everyNIterations == 0;
    }

    /**
     * What the first callbacks of a fit check, before any update: the graph is this listener's, and, at the
     * listener's first callback, the graph is not behind a resumed history ({@code At.iteration()}: the updates
     * the graph has done).
     */
    private void beforeUpdates(SameDiff sd, At at) {
        refuseAnotherGraph(sd);
        if (!resumeChecked) {
            run.checkResumedOn(at.iteration(), "graph", "sd.save(file, true) and history.writeJson(path) at the"
                    + " same step");
            resumeChecked = true;
        }
    }

    /** One listener, one curve: another graph's training would be measured on the wrong graph. */
    private void refuseAnotherGraph(SameDiff sd) {
        if (sd != model.graph()) {
            throw new IllegalStateException("This SameDiffEntropyListener watches " + model + " (given to builder(sd)),"
                    + " not the graph being fitted (SameDiff@" + Integer.toHexString(System.identityHashCode(sd))
                    + "): it would measure the wrong graph. Expected a listener built with"
                    + " SameDiffEntropyListener.builder(graph) for the graph that calls fit");
        }
    }

    @Override
    public void iterationDone(SameDiff sd, At at, MultiDataSet dataSet, Loss loss) {
        if (at.operation() != Operation.TRAINING) {
            return;
        }
        long step = at.iteration() + 1L; // At counts iterations before this update; steps count updates done
        run.at(step);
        iterations++;
        if (evaluatesAt(step)) {
            evaluate(step, at.epoch(), batchLoss);
        }
    }

    @Override
    public ListenerResponse epochEnd(SameDiff sd, At at, LossCurve lossCurve, long epochTimeMillis) {
        epochsEnded++;
        if (evaluateAtEpochEnd) {
            evaluate(at.iteration() + 1L, at.epoch(), null);
        }
        return ListenerResponse.CONTINUE;
    }

    // ---- evaluation ----

    private void evaluate(long step, int epoch, Double trainLoss) {
        if (!run.unmeasured(step)) {
            return; // already measured (epoch end on an evaluation step, or a resumed run)
        }
        run.record(step, () -> spectrum.measure(this::representations, "variable '" + variable + "'", step, epoch)
                .paramNorm(model.parameterNorm())
                .testAccuracy(accuracy(testAccuracy, step))
                .trainAccuracy(accuracy(trainAccuracy, step))
                .fourierAlignment(fourierAlignment(step))
                .trainLoss(trainLoss).build());
    }

    /** The probe's values of the variable, {@code n × d}. */
    private INDArray representations() {
        return model.output(probe, variable);
    }

    private Double accuracy(SameDiffAccuracy accuracy, long step) {
        if (accuracy == null) {
            return null;
        }
        return failures.valueOrEmpty("an accuracy", step,
                () -> accuracy.accuracy(model, outputVariable));
    }

    private Double fourierAlignment(long step) {
        if (fourierAlignment == null) {
            return null;
        }
        return failures.valueOrEmpty("the Fourier alignment", step,
                () -> fourierAlignment.applyAsDouble(model.graph()));
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
        return testAccuracy != null;
    }

    /** True when the listener records training accuracy ({@code trainAccuracyOn}), which memorisation needs. */
    @Override
    public boolean measuresTrainAccuracy() {
        return trainAccuracy != null;
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

    /** The most recent confident forecast. */
    @Override
    public Optional<Forecast> latestConfidentForecast() {
        return run.latestConfidentForecast();
    }

    /** The training callbacks taken so far (epoch starts and ends, training iterations). */
    @Override
    public CallbackCounts callbacks() {
        return new CallbackCounts(epochsStarted, epochsEnded, iterations);
    }

    /** Number of updates done when the listener was last called. */
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
        return "SameDiffEntropyListener(variable '" + variable + "' of " + model + ", every " + everyNIterations
                + " iterations, probe n = " + probe.values().iterator().next().size(0) + ", " + run.history().size()
                + " evaluations, phase " + phase() + ")";
    }

    /** Builds a {@link SameDiffEntropyListener}; the probe and the variable are required. */
    public static final class Builder extends CurveBuilder<Builder> {
        private final SameDiffModel model;
        private Map<String, INDArray> probe;
        private String variable;
        private int everyNIterations = 200;
        private boolean evaluateAtEpochEnd;
        private SameDiffAccuracy testAccuracy;
        private SameDiffAccuracy trainAccuracy;
        private String outputVariable;
        private ToDoubleFunction<SameDiff> fourierAlignment;

        private Builder(SameDiffModel model) {
            this.model = model;
        }

        /**
         * The probe for a graph with one input: its placeholder and features {@code [n, ...]} (the paper: 512
         * examples), as {@link #probe(Map)}.
         */
        public Builder probe(String placeholder, INDArray features) {
            if (placeholder == null || features == null) {
                throw new IllegalArgumentException("probe placeholder or features is null; expected the placeholder's"
                        + " name and its features [n, ...]");
            }
            return probe(Map.of(placeholder, features));
        }

        /**
         * The probe for a graph with several inputs: one features array per placeholder, the same n for each. Each
         * array must fit its placeholder's declared shape (-1, or no declared shape at all as in TensorFlow and ONNX
         * imports: any size); an array of another data type is converted to the placeholder's, as {@code sd.output}
         * converts it.
         */
        public Builder probe(Map<String, INDArray> placeholders) {
            if (placeholders == null || placeholders.isEmpty()) {
                throw new IllegalArgumentException("probe has no placeholders; expected one features array per input"
                        + " placeholder");
            }
            Map<String, INDArray> copies = new LinkedHashMap<>();
            long n = -1;
            for (Map.Entry<String, INDArray> e : placeholders.entrySet()) {
                INDArray features = e.getValue();
                if (features == null || features.rank() < 2) {
                    throw new IllegalArgumentException("probe features for placeholder '" + e.getKey() + "' are "
                            + (features == null ? "null" : "of shape " + Arrays.toString(features.shape()))
                            + "; expected examples along dimension 0, rank >= 2");
                }
                if (n >= 0 && features.size(0) != n) {
                    throw new IllegalArgumentException("probe placeholders disagree on the number of examples: " + n
                            + " and " + features.size(0) + " ('" + e.getKey() + "'); expected the same n for every input");
                }
                n = features.size(0);
                try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    copies.put(e.getKey(), features.dup()); // later changes to the caller's array do not move the curve
                }
            }
            if (n < 2) {
                throw new IllegalArgumentException("probe has " + n + " example(s); expected at least 2, and more than"
                        + " the representation width d for a full-rank covariance (the paper uses 512)");
            }
            this.probe = copies;
            return this;
        }

        /** The variable whose values are the representations: {@code [n, d]} on the probe. */
        public Builder variable(String name) {
            this.variable = name;
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
         * Test data: records test accuracy of {@link #outputVariable} and finds the grokking step. The features go
         * into the probe's placeholder; accuracy is ND4J's {@code Evaluation}, as DL4J's {@code net.evaluate}.
         */
        public Builder evaluateOn(DataSet testData) {
            this.testAccuracy = SameDiffAccuracy.of(testData, "evaluation");
            return this;
        }

        /**
         * Test data from an iterator that supports {@code reset()}: read to its end now, and at every evaluation
         * from the start to its end, where it is left. It must not be the iterator the model trains on, which is
         * refused before an update (each evaluation would reset it mid-epoch); resetting it between fits is fine.
         */
        public Builder evaluateOn(DataSetIterator testData) {
            this.testAccuracy = SameDiffAccuracy.of(testData, "evaluation");
            return this;
        }

        /**
         * Test data for a graph with several inputs: the features go, in order, into the placeholders of the graph's
         * {@code TrainingConfig} ({@code dataSetFeatureMapping}, as {@code sd.fit} places them); one labels array,
         * the output variable's classes.
         */
        public Builder evaluateOn(MultiDataSet testData) {
            this.testAccuracy = SameDiffAccuracy.of(testData, "evaluation");
            return this;
        }

        /** Test data from a MultiDataSetIterator that supports {@code reset()} (as {@link #evaluateOn(MultiDataSet)}). */
        public Builder evaluateOn(MultiDataSetIterator testData) {
            this.testAccuracy = SameDiffAccuracy.of(testData, "evaluation");
            return this;
        }

        /**
         * Test data as placeholders: one features array {@code [n, ...]} per input placeholder, and the output
         * variable's classes {@code [n, classes]}.
         */
        public Builder evaluateOn(Map<String, INDArray> features, INDArray labels) {
            this.testAccuracy = SameDiffAccuracy.of(features, labels, "evaluation");
            return this;
        }

        /** Training data: records training accuracy and finds the memorisation step (as {@link #evaluateOn(DataSet)}). */
        public Builder trainAccuracyOn(DataSet trainData) {
            this.trainAccuracy = SameDiffAccuracy.of(trainData, "training-accuracy");
            return this;
        }

        /**
         * Training data from an iterator that supports {@code reset()}, as {@link #evaluateOn(DataSetIterator)}: not
         * the iterator the model trains on (a second iterator over the same data, or the data as a DataSet).
         */
        public Builder trainAccuracyOn(DataSetIterator trainData) {
            this.trainAccuracy = SameDiffAccuracy.of(trainData, "training-accuracy");
            return this;
        }

        /** As {@link #evaluateOn(MultiDataSet)}, for training accuracy. */
        public Builder trainAccuracyOn(MultiDataSet trainData) {
            this.trainAccuracy = SameDiffAccuracy.of(trainData, "training-accuracy");
            return this;
        }

        public Builder trainAccuracyOn(MultiDataSetIterator trainData) {
            this.trainAccuracy = SameDiffAccuracy.of(trainData, "training-accuracy");
            return this;
        }

        /** As {@link #evaluateOn(Map, INDArray)}, for training accuracy. */
        public Builder trainAccuracyOn(Map<String, INDArray> features, INDArray labels) {
            this.trainAccuracy = SameDiffAccuracy.of(features, labels, "training-accuracy");
            return this;
        }

        /** The variable holding the class probabilities (or scores) {@code [n, classes]} that accuracy reads. */
        public Builder outputVariable(String name) {
            this.outputVariable = name;
            return this;
        }

        /**
         * A function of the graph computing its Fourier alignment (e.g. of its token embeddings), recorded in the
         * {@code fourier_alignment} column when given, as the DL4J listener's.
         */
        public Builder fourierAlignment(ToDoubleFunction<SameDiff> alignment) {
            this.fourierAlignment = alignment;
            return this;
        }

        /**
         * Checks everything against the graph and runs the probe (and each accuracy) once.
         *
         * @throws IllegalStateException    when the probe or the variable is missing, or nothing would be evaluated
         * @throws IllegalArgumentException when the graph refuses them (unknown variable, probe not fitting its
         *                                  placeholders, random ops upstream, activations not {@code n × d},
         *                                  evaluation data not fitting the output variable)
         */
        public SameDiffEntropyListener build() {
            if (probe == null) {
                throw new IllegalStateException("No probe: call probe(\"placeholder\", features) with the fixed inputs"
                        + " to measure (the paper: 512 training examples)");
            }
            if (variable == null) {
                throw new IllegalStateException("No variable: call variable(\"name\") with the graph variable whose"
                        + " values are the representations");
            }
            if (everyNIterations == 0 && !evaluateAtEpochEnd) {
                throw new IllegalStateException("everyNIterations is 0 and evaluateAtEpochEnd is off: the listener"
                        + " would never evaluate");
            }
            model.checkVariable(variable, "the variable to read");
            model.checkPlaceholders(probe, "probe");
            refuseRandomOpsUpstream(variable, "the probe would be measured through them (H̃ of noise)");
            model.checkComputedFrom(variable, probe.keySet(), "variable to read", "the probe sets",
                    "a variable computed from the probe's inputs: its representations [n, d], not the loss or a"
                            + " weight");
            checkRepresentations();
            checkAccuracies();
            List<String> randomBeforeLoss = model.randomOpsUpstreamOfLoss();
            if (!randomBeforeLoss.isEmpty()) {
                LoggerFactory.getLogger(SameDiffEntropyListener.class).warn("grokwatch: the graph's loss depends on"
                        + " random op(s) {}: train_loss is recorded empty, since computing it again for the record"
                        + " would draw random numbers and change training", randomBeforeLoss);
            }
            return new SameDiffEntropyListener(this);
        }

        private void refuseRandomOpsUpstream(String read, String consequence) {
            List<String> random = model.randomOpsUpstream(read);
            if (!random.isEmpty()) {
                throw new IllegalArgumentException("Variable '" + read + "' depends on random op(s) " + random
                        + ": SameDiff's output() has no inference mode, so " + consequence + " and their extra random"
                        + " draws would change training. Expected a variable computed without random ops: read one"
                        + " upstream of the dropout, or build the graph you measure without it");
            }
        }

        /** The whole probe once: a variable that is not {@code n × d} on it would fail every evaluation. */
        private void checkRepresentations() {
            INDArray values;
            try {
                values = model.output(probe, variable);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("The probe's forward pass to variable '" + variable + "' failed ("
                        + e + "); expected the probe to set every placeholder the variable needs, of the graph's"
                        + " placeholders " + model.placeholderNames(), e);
            }
            long n = probe.values().iterator().next().size(0);
            if (values.rank() != 2 || values.size(0) != n) {
                throw new IllegalArgumentException("Variable '" + variable + "' has shape "
                        + Arrays.toString(values.shape()) + " on the probe of n = " + n + "; expected [n, d] = [" + n
                        + ", d]. " + (values.rank() > 2 ? "Reduce it in the graph (for a sequence [n, T, d], e.g."
                        + " sd.mean(x, 1) or the last step) and read that variable" : "Read a variable with one row"
                        + " per probe example"));
            }
        }

        private void checkAccuracies() {
            if (testAccuracy == null && trainAccuracy == null) {
                return;
            }
            if (outputVariable == null) {
                throw new IllegalStateException("Accuracy data is given but no output variable: call"
                        + " outputVariable(\"name\") with the variable of class probabilities [n, classes]");
            }
            model.checkVariable(outputVariable, "the output variable for accuracy");
            refuseRandomOpsUpstream(outputVariable, "accuracy would be measured through them");
            if (testAccuracy != null) {
                testAccuracy = testAccuracy.bind(model, probe.keySet(), outputVariable);
                testAccuracy.accuracy(model, outputVariable);
            }
            if (trainAccuracy != null) {
                trainAccuracy = trainAccuracy.bind(model, probe.keySet(), outputVariable);
                trainAccuracy.accuracy(model, outputVariable);
            }
        }
    }
}
