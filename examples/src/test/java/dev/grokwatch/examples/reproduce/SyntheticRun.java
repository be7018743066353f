package dev.grokwatch.examples.reproduce;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.MetricsCsv;
import dev.grokwatch.entropy.PhaseCriteria;
import dev.grokwatch.examples.run.LogitScaleCsv;
import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.ModelKind;
import dev.grokwatch.examples.run.RunSummary;
import dev.grokwatch.examples.run.TrainingConfig;
import dev.grokwatch.models.Initialisation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * A run folder written as {@code train} writes one (metrics.csv through {@link MetricsCsv}, summary.json through
 * {@link RunSummary}, logit-scale.csv through {@link LogitScaleCsv}), from a curve whose events are known in advance,
 * evaluated every 200 steps from step 200. Its summary records the settings of the run group it is written into (the
 * group folder's name; the baseline's for another name), as the paper profile's plan trains them, unless a test
 * sets another task, model or initialisation:
 * <ul>
 *   <li>train accuracy 0.5, and 1.0 from {@code memorised} on;</li>
 *   <li>H̃ {@value #TOP} (or rising from {@code start} to the top by step 1,000) until {@code declineFrom}, then
 *       {@value #FALL} lower per evaluation (floor 0.1): the collapse onset is at declineFrom + 200 and H̃ goes below
 *       0.61 at declineFrom + 600;</li>
 *   <li>test accuracy 0.02, 0.5 from {@code rise} on, 1.0 from {@code grok} on (no grok: never);</li>
 *   <li>‖θ‖ = 40 + step / 100 up to {@code normPeak}, flat after;</li>
 *   <li>Fourier alignment {@code fourierBefore} before declineFrom, {@code fourierAfter} from it on;</li>
 *   <li>5 ms per evaluation; the run ends at {@code end} (default its grokking step) after 10 s.</li>
 * </ul>
 */
final class SyntheticRun {

    static final double TOP = 0.75;
    static final double FALL = 0.05;
    static final double THRESHOLD = 0.61;

    private final long seed;
    private String task;
    private String model;
    private Initialisation init;
    private long memorised = 600;
    private double start = TOP;
    private long declineFrom = Long.MAX_VALUE;
    private long rise = Long.MAX_VALUE;
    private Long grok;
    private long normPeak = 1_000;
    private double fourierBefore = 0.3;
    private double fourierAfter = 0.8;
    private Long end;
    private double probeOffset = Double.NaN;
    private double logitScale = Double.NaN;

    private SyntheticRun(long seed) {
        this.seed = seed;
    }

    /** A run of addition mod 97 on the Transformer, seed {@code seed}, that groks at {@code grok} after a lead. */
    static SyntheticRun grokking(long seed, long grok, long lead) {
        return new SyntheticRun(seed).grokAt(grok).declineFrom(grok - lead - 600).riseAt(grok - 2_000);
    }

    static SyntheticRun notGrokking(long seed, long end) {
        return new SyntheticRun(seed).end(end);
    }

    SyntheticRun task(String name) {
        task = name;
        return this;
    }

    SyntheticRun model(String name) {
        model = name;
        return this;
    }

    /** Another initialisation than the group's. */
    SyntheticRun init(Initialisation initialisation) {
        init = initialisation;
        return this;
    }

    SyntheticRun memorisedAt(long step) {
        memorised = step;
        return this;
    }

    /** H̃ at step 200, rising linearly to the top by step 1,000. */
    SyntheticRun startingAt(double entropy) {
        start = entropy;
        return this;
    }

    SyntheticRun declineFrom(long step) {
        declineFrom = step;
        return this;
    }

    SyntheticRun riseAt(long step) {
        rise = step;
        return this;
    }

    SyntheticRun grokAt(long step) {
        grok = step;
        return this;
    }

    SyntheticRun normPeakAt(long step) {
        normPeak = step;
        return this;
    }

    SyntheticRun fourier(double before, double after) {
        fourierBefore = before;
        fourierAfter = after;
        return this;
    }

    SyntheticRun end(long step) {
        end = step;
        return this;
    }

    /** Also writes metrics-test-probe.csv: the same curve with H̃ lower by {@code offset}. */
    SyntheticRun testProbe(double offset) {
        probeOffset = offset;
        return this;
    }

    /** Also writes logit-scale.csv with this value at every evaluation. */
    SyntheticRun logitScale(double value) {
        logitScale = value;
        return this;
    }

    double entropy(long step) {
        double h = step >= 1_000 ? TOP : start + (TOP - start) * (step - 200) / 800.0;
        return step <= declineFrom ? h : Math.max(0.1, TOP - FALL * (step - declineFrom) / 200);
    }

    /** Writes the folder {@code group/<name>} and returns it. */
    Path write(Path group, String name) throws IOException {
        Path folder = Files.createDirectories(group.resolve(name));
        long last = end != null ? end : grok;
        EntropyHistory history = history(last, 0);
        MetricsCsv.write(history, folder.resolve(RunFolder.METRICS));
        if (!Double.isNaN(probeOffset)) {
            MetricsCsv.write(history(last, probeOffset), folder.resolve(RunFolder.TEST_PROBE_METRICS));
        }
        if (!Double.isNaN(logitScale)) {
            LogitScaleCsv.write(history.records().stream().map(r -> new LogitScaleCsv.Point(r.step(), logitScale))
                    .toList(), folder.resolve(RunFolder.LOGIT_SCALE));
        }
        EntropyRecord latest = history.latest().orElseThrow();
        Long grokStep = step(history.grokStep());
        Long crossing = step(history.thresholdCrossingStep());
        summary(setting(group), last, grokStep != null ? "grokked" : "max_steps", step(history.memorisedStep()),
                grokStep, crossing, step(history.collapseOnsetStep()), history.minNormalisedEntropy(),
                latest.normalisedEntropy(), latest.testAccuracy(), latest.phase() == null ? null
                        : latest.phase().label()).write(folder.resolve(RunFolder.SUMMARY));
        return folder;
    }

    /** The group's setting as the paper profile trains it, with this run's task, model and init where set. */
    private TrainingConfig setting(Path group) {
        RunGroup of = Arrays.stream(RunGroup.values()).filter(g -> g.folder().equals(group.getFileName().toString()))
                .findFirst().orElse(RunGroup.BASELINE);
        TrainingConfig planned = ReproductionPlan.of(Profile.PAPER, Initialisation.DEFAULT,
                EnumSet.allOf(Experiment.class), group.getParent()).runs(of).get(0).config();
        TrainingConfig.Builder config = TrainingConfig.builder().seed(seed).task(task != null ? task : planned.task())
                .model(model != null ? ModelKind.valueOf(model.toUpperCase(Locale.ROOT)) : planned.model())
                .init(init != null ? init : planned.init()).trainFraction(planned.trainFraction()).mix(planned.mix());
        if (planned.normControl() != null) {
            config.normControl(planned.normControl());
        }
        return config.build();
    }

    private EntropyHistory history(long last, double offset) {
        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults().withThreshold(THRESHOLD));
        for (long step = 200; step <= last; step += 200) {
            double h = entropy(step) - offset;
            double test = grok != null && step >= grok ? 1.0 : step >= rise ? 0.5 : 0.02;
            history.append(EntropyRecord.builder().at(step, 0)
                    .spectrum(h, h * Math.log(128), Math.exp(h * Math.log(128)), null)
                    .paramNorm(40 + Math.min(step, normPeak) / 100.0).wallMs(5.0).trainLoss(0.01)
                    .trainAccuracy(step >= memorised ? 1.0 : 0.5).testAccuracy(test)
                    .fourierAlignment(step >= declineFrom ? fourierAfter : fourierBefore).build());
        }
        return history;
    }

    /** The one place a test builds a summary.json: the fields a run of this kind writes. */
    private static RunSummary summary(TrainingConfig config, long steps, String stopReason, Long memorised, Long grok,
                                      Long crossing, Long onset, double minEntropy, double finalEntropy,
                                      Double finalTest, String phase) {
        return new RunSummary(config.task(), config.modular() ? config.modulus() : null, config.model().toString(),
                config.seed(), config.trainFraction(), config.batchSize(), steps, stopReason, memorised, grok,
                THRESHOLD, crossing, onset, grok != null && crossing != null ? grok - crossing : null, minEntropy,
                finalEntropy, 1.0, finalTest, 10.0, 20.0, 5.0, phase, config.init().toString(),
                config.learningRate(), config.weightDecay(), config.evalEvery(), config.probeSize(), config.mix(),
                config.normControl() == null ? null : config.normControl().argument());
    }

    private static Long step(OptionalLong step) {
        return step.isPresent() ? step.getAsLong() : null;
    }
}
