package dev.grokwatch.entropy.forecast;

import dev.grokwatch.entropy.EntropyRecord;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Where a curve first went below H̃*, interpolated linearly between the last evaluation above and
 * the first one below: evaluations are 200 steps apart, and a fitted curve's crossing is continuous,
 * so both are compared at sub-evaluation resolution.
 */
final class ThresholdCrossing {

    private ThresholdCrossing() {
    }

    static OptionalDouble step(List<EntropyRecord> records, double threshold) {
        EntropyRecord previous = null;
        for (EntropyRecord r : records) {
            double h = r.normalisedEntropy();
            if (!Double.isFinite(h)) {
                continue;
            }
            if (h < threshold) {
                if (previous == null) {
                    return OptionalDouble.of(r.step());
                }
                double hp = previous.normalisedEntropy();
                return OptionalDouble.of(previous.step() + (hp - threshold) / (hp - h) * (r.step() - previous.step()));
            }
            previous = r;
        }
        return OptionalDouble.empty();
    }
}
