package dev.grokwatch.entropy.forecast;

import org.nd4j.shade.jackson.annotation.JsonIgnoreProperties;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a run's {@code summary.json} (the run-folder contract of the README's "Output files") that say which task a run
 * learned; the rest of the file is ignored here.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunSummary(@JsonProperty("task") String task, @JsonProperty("modulus") Integer modulus,
                         @JsonProperty("model") String model, @JsonProperty("seed") Long seed,
                         @JsonProperty("train_fraction") Double trainFraction,
                         @JsonProperty("grok_step") Long grokStep) {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /**
     * What must match for runs to share a calibration: task, modulus, model and training fraction
     * (each changes H̃* or the timescale), e.g. {@code "add mod 97, transformer, fraction 0.3"}.
     */
    public String taskLabel() {
        List<String> parts = new ArrayList<>();
        parts.add((task == null ? "unknown task" : task) + (modulus == null ? "" : " mod " + modulus));
        if (model != null) {
            parts.add(model);
        }
        if (trainFraction != null) {
            parts.add("fraction " + trainFraction);
        }
        return String.join(", ", parts);
    }
}
