package dev.grokwatch.examples.run;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.models.Initialisation;
import org.nd4j.shade.jackson.annotation.JsonIgnoreProperties;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code summary.json}: one run in the fields of the run-folder contract (README, "Output files"), which other tools
 * (sweeps, plots) read. {@code null} where an event did not happen or a value does not exist
 * ({@code modulus} of {@code s5}; a non-finite H̃ or accuracy of a diverged run, whose NaN stays in
 * {@code metrics.csv}). Steps are counts of parameter updates, on the evaluation grid.
 * {@code init} is the model's initialisation ({@code default} or {@code torch}); a summary written before it existed
 * reads as {@code default}, the only one there was. {@code lr}, {@code weight_decay}, {@code eval_every},
 * {@code probe_size}, {@code mix} and {@code norm_control} (the {@code --norm-control} value, null when off) are the
 * training settings besides the task's that change a run or its measurement; a summary written before they existed
 * reads as the defaults of that time: 1e-3, 1.0, 200, 512, 0 and off (and {@code batch_size} as 512).
 * {@code final_phase} is the phase label of the last evaluation (as in {@code metrics.csv}'s
 * {@code phase} column, e.g. {@code not_memorising}), null when the run was never evaluated; it is
 * absent from summaries written before it existed. Fields a summary lacks are read as null (0 for the
 * primitive ones) and fields this version does not know are ignored, so older and newer summaries still read.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"task", "modulus", "model", "init", "seed", "train_fraction", "batch_size", "lr", "weight_decay",
        "eval_every", "probe_size", "mix", "norm_control", "steps_run", "stop_reason",
        "final_phase", "memorised_step", "grok_step", "threshold", "threshold_cross_step", "collapse_onset_step", "lead_steps",
        "min_entropy", "final_entropy", "final_train_acc", "final_test_acc", "wall_seconds", "ms_per_step",
        "entropy_ms_mean"})
public record RunSummary(
        @JsonProperty("task") String task,
        @JsonProperty("modulus") Integer modulus,
        @JsonProperty("model") String model,
        @JsonProperty("seed") long seed,
        @JsonProperty("train_fraction") Double trainFraction,
        @JsonProperty("batch_size") Integer batchSize,
        @JsonProperty("steps_run") long stepsRun,
        @JsonProperty("stop_reason") String stopReason,
        @JsonProperty("memorised_step") Long memorisedStep,
        @JsonProperty("grok_step") Long grokStep,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("threshold_cross_step") Long thresholdCrossStep,
        @JsonProperty("collapse_onset_step") Long collapseOnsetStep,
        @JsonProperty("lead_steps") Long leadSteps,
        @JsonProperty("min_entropy") Double minEntropy,
        @JsonProperty("final_entropy") Double finalEntropy,
        @JsonProperty("final_train_acc") Double finalTrainAcc,
        @JsonProperty("final_test_acc") Double finalTestAcc,
        @JsonProperty("wall_seconds") double wallSeconds,
        @JsonProperty("ms_per_step") Double msPerStep,
        @JsonProperty("entropy_ms_mean") Double entropyMsMean,
        @JsonProperty("final_phase") String finalPhase,
        @JsonProperty("init") String init,
        @JsonProperty("lr") Double learningRate,
        @JsonProperty("weight_decay") Double weightDecay,
        @JsonProperty("eval_every") Integer evalEvery,
        @JsonProperty("probe_size") Integer probeSize,
        @JsonProperty("mix") Double mix,
        @JsonProperty("norm_control") String normControl) {

    /** A summary lacking a setting was written before it was recorded: it reads as the default of that time. */
    public RunSummary {
        init = init == null ? Initialisation.DEFAULT.toString() : init;
        batchSize = batchSize == null ? 512 : batchSize;
        learningRate = learningRate == null ? 1e-3 : learningRate;
        weightDecay = weightDecay == null ? 1.0 : weightDecay;
        evalEvery = evalEvery == null ? 200 : evalEvery;
        probeSize = probeSize == null ? 512 : probeSize;
        mix = mix == null ? 0.0 : mix;
    }

    /** The settings of a run of the paper's setting, which a task label leaves out. */
    private static final Map<String, String> DEFAULT_SETTINGS = settings(TrainingConfig.builder().build());

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The summary of a finished run; lead = grokking step − crossing step (negative if grokking came first). */
    public static RunSummary of(TrainingConfig config, RunResult result) {
        EntropyHistory history = result.history();
        Optional<EntropyRecord> last = history.latest();
        Long grok = step(history.grokStep());
        Long crossing = step(history.thresholdCrossingStep());
        return new RunSummary(
                config.task(),
                modulus(config),
                config.model().toString(),
                config.seed(),
                config.trainFraction(),
                config.batchSize(),
                result.stepsRun(),
                result.stopReason().toString(),
                step(history.memorisedStep()),
                grok,
                config.threshold(),
                crossing,
                step(history.collapseOnsetStep()),
                grok != null && crossing != null ? grok - crossing : null,
                finite(history.minNormalisedEntropy()),
                last.map(r -> finite(r.normalisedEntropy())).orElse(null),
                last.map(r -> finite(r.trainAccuracy())).orElse(null),
                last.map(r -> finite(r.testAccuracy())).orElse(null),
                result.wallSeconds(),
                result.msPerStep(),
                finite(history.records().stream().mapToDouble(EntropyRecord::wallMs).average().orElse(Double.NaN)),
                last.map(r -> r.phase() == null ? null : r.phase().label()).orElse(null),
                config.init().toString(),
                config.learningRate(),
                config.weightDecay(),
                config.evalEvery(),
                config.probeSize(),
                config.mix(),
                config.normControl() == null ? null : config.normControl().argument());
    }

    /** The modulus written for a run of {@code config}: none for a task without one (s5). */
    private static Integer modulus(TrainingConfig config) {
        return config.modular() ? config.modulus() : null;
    }

    private static Long step(OptionalLong step) {
        return step.isPresent() ? step.getAsLong() : null;
    }

    private static Double finite(Double value) {
        return value != null && Double.isFinite(value) ? value : null;
    }

    /**
     * Reads a {@code summary.json}.
     *
     * @throws IllegalArgumentException naming the file when it does not exist or is not a summary
     */
    public static RunSummary read(Path summaryJson) {
        if (!Files.isRegularFile(summaryJson)) {
            throw new IllegalArgumentException(summaryJson + " does not exist; expected a run's summary.json");
        }
        try {
            return JSON.readValue(summaryJson.toFile(), RunSummary.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(summaryJson + " is not a readable summary.json (" + e.getMessage()
                    + "); expected a JSON object with task, modulus, model, seed, ...", e);
        }
    }

    /** Writes {@code summary.json}. */
    public void write(Path path) {
        try {
            JSON.writeValue(path.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the run summary to " + path, e);
        }
    }

    /**
     * What runs calibrated together must share, e.g. {@code "add mod 97, transformer, fraction 0.3"}: task (with its
     * modulus), model, initialisation unless the default ({@code "torch init"}), training fraction, then each
     * training setting that differs from its default, e.g. {@code "add mod 97, transformer, fraction 0.3, lr 1e-4"}.
     * Each changes H̃* or the time to grok. A null part is left out ({@code "unknown task"} for the task), as in a
     * summary that lacks it.
     */
    public String taskLabel() {
        return taskLabel(settings());
    }

    /** The task label the summary of a run of {@code config} will have, before the run. */
    public static String taskLabel(TrainingConfig config) {
        return taskLabel(settings(config));
    }

    /**
     * The settings that change a run or its measurement, in the task label's order, each as its label shows it:
     * {@code task, model, init, fraction, batch, lr, weight decay, eval every, probe, mix, norm control}, e.g.
     * {@code lr → 1e-4}; {@code model} and {@code fraction} absent when the summary lacks them.
     */
    public Map<String, String> settings() {
        return settings(task, modulus, model, init, trainFraction, batchSize, learningRate, weightDecay, evalEvery,
                probeSize, mix, normControl != null);
    }

    private static Map<String, String> settings(TrainingConfig config) {
        return settings(config.task(), modulus(config), config.model().toString(), config.init().toString(),
                config.trainFraction(), config.batchSize(), config.learningRate(), config.weightDecay(),
                config.evalEvery(), config.probeSize(), config.mix(), config.normControl() != null);
    }

    private static Map<String, String> settings(String task, Integer modulus, String model, String init,
                                                Double trainFraction, int batchSize, double learningRate,
                                                double weightDecay, int evalEvery, int probeSize, double mix,
                                                boolean normControl) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("task", (task == null ? "unknown task" : task) + (modulus == null ? "" : " mod " + modulus));
        if (model != null) {
            settings.put("model", model);
        }
        settings.put("init", init);
        if (trainFraction != null) {
            settings.put("fraction", trainFraction.toString());
        }
        settings.put("batch", Integer.toString(batchSize));
        settings.put("lr", TrainingConfig.shortNumber(learningRate));
        settings.put("weight decay", TrainingConfig.shortNumber(weightDecay));
        settings.put("eval every", Integer.toString(evalEvery));
        settings.put("probe", Integer.toString(probeSize));
        settings.put("mix", Double.toString(mix));
        settings.put("norm control", normControl ? "on" : "off");
        return settings;
    }

    /** Task and model as they are; init as "torch init"; the others as "name value", each only when not the default. */
    private static String taskLabel(Map<String, String> settings) {
        List<String> parts = new ArrayList<>();
        settings.forEach((name, value) -> {
            switch (name) {
                case "task", "model" -> parts.add(value);
                case "fraction" -> parts.add(name + " " + value);
                case "init" -> {
                    if (!value.equals(DEFAULT_SETTINGS.get(name))) {
                        parts.add(value + " init");
                    }
                }
                case "norm control" -> {
                    if (!value.equals(DEFAULT_SETTINGS.get(name))) {
                        parts.add(name);
                    }
                }
                default -> {
                    if (!value.equals(DEFAULT_SETTINGS.get(name))) {
                        parts.add(name + " " + value);
                    }
                }
            }
        });
        return String.join(", ", parts);
    }

    /**
     * The settings in which {@code summaries} differ, each with its values in order of first appearance, e.g.
     * {@code ["lr (1e-3, 1e-4)"]}; empty when they agree.
     */
    public static List<String> differences(List<RunSummary> summaries) {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (RunSummary summary : summaries) {
            summary.settings().forEach((name, value) -> values.computeIfAbsent(name, n -> new LinkedHashSet<>())
                    .add(value));
        }
        for (RunSummary summary : summaries) {
            values.keySet().stream().filter(name -> !summary.settings().containsKey(name))
                    .forEach(name -> values.get(name).add("not recorded"));
        }
        return values.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")").toList();
    }

    /** One line: the run and its outcome, e.g. {@code add mod 97, transformer, seed 0: grokked at step 9,800}. */
    public String headline() {
        return label() + ": " + outcome();
    }

    /** A few lines for a person at the end of a run. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%s after %,d steps in %s", headline(), stepsRun,
                duration(wallSeconds)));
        text.append(String.format(Locale.ROOT, "%n  H̃* = %s: %s", threshold, crossing()));
        text.append(String.format(Locale.ROOT, "%n  collapse onset: %s; memorised: %s; final phase: %s",
                collapseOnsetStep == null ? "not seen" : String.format(Locale.ROOT, "step %,d", collapseOnsetStep),
                memorisedStep == null ? "not yet" : String.format(Locale.ROOT, "step %,d", memorisedStep),
                finalPhase == null ? "-" : finalPhase));
        text.append(String.format(Locale.ROOT, "%n  H̃ min %s, final %s; test accuracy %s; %s ms/step, %s ms per entropy evaluation",
                number(minEntropy, "%.4f"), number(finalEntropy, "%.4f"), number(finalTestAcc, "%.3f"),
                number(msPerStep, "%.1f"), number(entropyMsMean, "%.1f")));
        return text.toString();
    }

    private String label() {
        return task + (modulus == null ? "" : " mod " + modulus) + ", " + model
                + (Initialisation.DEFAULT.toString().equals(init) ? "" : ", " + init + " init") + ", seed " + seed;
    }

    private String outcome() {
        if (grokStep != null) {
            return String.format(Locale.ROOT, "grokked at step %,d", grokStep);
        }
        if (StopReason.GENERALISED.toString().equals(stopReason) || "generalised".equals(finalPhase)) {
            return "generalised without a delay past memorisation (test accuracy >= 0.99), not grokking";
        }
        return switch (stopReason) {
            case "threshold_crossed" -> "stopped at the threshold crossing, not grokked yet";
            case "diverged" -> "diverged (NaN or infinite numbers), not grokked";
            case "not_memorising" -> "not memorising its training set, not grokked";
            case "interrupted" -> "interrupted, not grokked";
            default -> "not grokked";
        };
    }

    private String crossing() {
        if (thresholdCrossStep == null) {
            return "H̃ did not cross it";
        }
        String crossed = String.format(Locale.ROOT, "crossed at step %,d", thresholdCrossStep);
        if (leadSteps == null) {
            return crossed;
        }
        return crossed + (leadSteps >= 0
                ? String.format(Locale.ROOT, ", %,d steps before grokking", leadSteps)
                : String.format(Locale.ROOT, ", %,d steps after grokking", -leadSteps));
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }

    private static String number(Double value, String format) {
        return value == null ? "-" : String.format(Locale.ROOT, format, value);
    }
}
