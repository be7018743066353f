package dev.grokwatch.entropy.forecast;

import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A grokked run a calibration came from, with the numbers it contributed.
 *
 * @param name          the run
 * @param grokStep      T_grok
 * @param entropyAtGrok H̃ at T_grok (its share of H̃*)
 * @param crossingStep  interpolated step at which H̃ went below H̃*; {@code null} if it never did
 */
public record CalibratedRun(@JsonProperty("name") String name, @JsonProperty("grokStep") long grokStep,
                            @JsonProperty("entropyAtGrok") double entropyAtGrok,
                            @JsonProperty("crossingStep") Double crossingStep) {
}
