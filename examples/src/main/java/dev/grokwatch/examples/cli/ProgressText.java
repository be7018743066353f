package dev.grokwatch.examples.cli;

import dev.grokwatch.entropy.EntropyEvent;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.forecast.PredictionInterval;

import java.util.Locale;

/** How the progress displays word an evaluation and an event, the same on a terminal and in a log. */
final class ProgressText {

    private ProgressText() {
    }

    /**
     * e.g. {@code loss 0.0123  train 1.000  test 0.153  H̃ 0.8420  entropy_collapse}, then
     * {@code  grok ≈ 9,800 [9,200–10,400]} when a calibrated forecaster has a forecast (the bracket is its 80%
     * interval, left out when the calibration holds no held-out errors).
     */
    static String of(EntropyRecord r) {
        return String.format(Locale.ROOT, "loss %s  train %s  test %s  H̃ %.4f  %s%s",
                number(r.trainLoss(), "%.4f"), number(r.trainAccuracy(), "%.3f"), number(r.testAccuracy(), "%.3f"),
                r.normalisedEntropy(), r.phase() == null ? "-" : r.phase().label(), forecast(r));
    }

    private static String forecast(EntropyRecord r) {
        if (r.predictedGrokStep() == null) {
            return "";
        }
        PredictionInterval i = r.predictedGrokInterval80();
        return String.format(Locale.ROOT, "  grok ≈ %,d", r.predictedGrokStep())
                + (i == null ? "" : String.format(Locale.ROOT, " [%,d–%,d]", i.low(), i.high()));
    }

    /** e.g. {@code step 6,200: collapse onset (H̃ 0.7712, test 0.214)}. */
    static String of(EntropyEvent e) {
        String what = switch (e.type()) {
            case MEMORISED -> "memorised (train accuracy >= 0.99)";
            case COLLAPSE_ONSET -> "collapse onset: H̃ has started to fall";
            case THRESHOLD_CROSSED -> "H̃ crossed below the threshold H̃*: grokking expected soon";
            case GROKKED -> "grokked (test accuracy >= 0.99)";
            case GENERALISED -> "generalised without a delay past memorisation (test accuracy >= 0.99): not grokking";
            case COLLAPSE_WITHOUT_GENERALISATION -> "collapse without generalisation: H̃ below H̃*, test accuracy low";
            case NO_COLLAPSE -> "no collapse since memorising: unlikely to grok";
            case NOT_MEMORISING -> String.format(Locale.ROOT, "not memorising: train accuracy %s, still below 0.99",
                    number(e.record().trainAccuracy(), "%.3f"));
            case DIVERGED -> "diverged: H̃, an accuracy or the loss is NaN or infinite";
        };
        return String.format(Locale.ROOT, "step %,d: %s (H̃ %.4f, test %s)", e.step(), what,
                e.record().normalisedEntropy(), number(e.record().testAccuracy(), "%.3f"));
    }

    private static String number(Double value, String format) {
        return value == null ? "-" : String.format(Locale.ROOT, format, value);
    }
}
