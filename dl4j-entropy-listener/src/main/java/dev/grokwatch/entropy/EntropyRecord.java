package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.entropy.forecast.PredictionInterval;
import org.nd4j.shade.jackson.annotation.JsonInclude;

/**
 * One evaluation of the listener: the spectral numbers of the probe's representations and the
 * training state at that step. Optional values are {@code null} when they were not measured
 * (no evaluation data configured, no forecaster yet, ...); {@code NaN} means measured and not a
 * number (a diverged model). Built from its parts with {@link #builder()}: when it was measured, the
 * spectrum, the parameter norm and the evaluation's wall time are required, the rest optional.
 *
 * @param step              training step: number of parameter updates done so far
 * @param epoch             DL4J epoch counter at the evaluation
 * @param normalisedEntropy H̃ = H / log d
 * @param entropy           H, natural log
 * @param effectiveRank     exp(H)
 * @param topEigenvalues    the largest covariance eigenvalues, descending
 * @param paramNorm         global L2 norm of all parameters
 * @param trainLoss         data loss of the last minibatch, without the regularisation term
 * @param trainAccuracy     accuracy on the configured training-accuracy data
 * @param testAccuracy      accuracy on the configured evaluation data
 * @param phase             phase after this evaluation
 * @param predictedGrokStep forecast of the grokking step
 * @param fourierAlignment  Fourier alignment of the embeddings, when a function for it is configured
 * @param wallMs            wall-clock milliseconds of the evaluation: probe forward pass, covariance, eigenvalues
 * @param predictedGrokInterval80 the forecast's 80% interval (from a calibration's held-out errors); null without
 *                                one (left out of the JSON then, as in histories written before intervals)
 * @param predictedGrokInterval95 the forecast's 95% interval; null with the 80% one
 */
public record EntropyRecord(long step, int epoch, double normalisedEntropy, double entropy, double effectiveRank,
                            double[] topEigenvalues, double paramNorm, Double trainLoss, Double trainAccuracy,
                            Double testAccuracy, Phase phase, Long predictedGrokStep, Double fourierAlignment,
                            double wallMs,
                            @JsonInclude(JsonInclude.Include.NON_NULL) PredictionInterval predictedGrokInterval80,
                            @JsonInclude(JsonInclude.Include.NON_NULL) PredictionInterval predictedGrokInterval95)
        implements java.io.Serializable {

    public EntropyRecord {
        topEigenvalues = topEigenvalues == null ? new double[0] : topEigenvalues.clone();
        if ((predictedGrokInterval80 == null) != (predictedGrokInterval95 == null)
                || (predictedGrokInterval80 != null && predictedGrokStep == null)) {
            throw new IllegalArgumentException("record at step " + step + " has predicted grokking step "
                    + predictedGrokStep + ", 80% interval " + predictedGrokInterval80 + " and 95% interval "
                    + predictedGrokInterval95 + "; expected both intervals or neither, and a predicted step with them");
        }
    }

    /** A record without a forecast interval: the fourteen parts of the record as it was before intervals. */
    public EntropyRecord(long step, int epoch, double normalisedEntropy, double entropy, double effectiveRank,
                         double[] topEigenvalues, double paramNorm, Double trainLoss, Double trainAccuracy,
                         Double testAccuracy, Phase phase, Long predictedGrokStep, Double fourierAlignment,
                         double wallMs) {
        this(step, epoch, normalisedEntropy, entropy, effectiveRank, topEigenvalues, paramNorm, trainLoss,
                trainAccuracy, testAccuracy, phase, predictedGrokStep, fourierAlignment, wallMs, null, null);
    }

    @Override
    public double[] topEigenvalues() {
        return topEigenvalues.clone();
    }

    /** The same evaluation with its phase set (the tracker decides the phase after the numbers exist). */
    public EntropyRecord withPhase(Phase newPhase) {
        return new EntropyRecord(step, epoch, normalisedEntropy, entropy, effectiveRank, topEigenvalues, paramNorm,
                trainLoss, trainAccuracy, testAccuracy, newPhase, predictedGrokStep, fourierAlignment, wallMs,
                predictedGrokInterval80, predictedGrokInterval95);
    }

    /** Equal when every component is, the eigenvalues compared by value (a record compares arrays by identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof EntropyRecord r && step == r.step && epoch == r.epoch
                && Double.compare(normalisedEntropy, r.normalisedEntropy) == 0 && Double.compare(entropy, r.entropy) == 0
                && Double.compare(effectiveRank, r.effectiveRank) == 0
                && java.util.Arrays.equals(topEigenvalues, r.topEigenvalues)
                && Double.compare(paramNorm, r.paramNorm) == 0 && java.util.Objects.equals(trainLoss, r.trainLoss)
                && java.util.Objects.equals(trainAccuracy, r.trainAccuracy)
                && java.util.Objects.equals(testAccuracy, r.testAccuracy) && phase == r.phase
                && java.util.Objects.equals(predictedGrokStep, r.predictedGrokStep)
                && java.util.Objects.equals(fourierAlignment, r.fourierAlignment)
                && Double.compare(wallMs, r.wallMs) == 0
                && java.util.Objects.equals(predictedGrokInterval80, r.predictedGrokInterval80)
                && java.util.Objects.equals(predictedGrokInterval95, r.predictedGrokInterval95);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(step, epoch, normalisedEntropy, entropy, effectiveRank,
                java.util.Arrays.hashCode(topEigenvalues), paramNorm, trainLoss, trainAccuracy, testAccuracy, phase,
                predictedGrokStep, fourierAlignment, wallMs, predictedGrokInterval80, predictedGrokInterval95);
    }

    @Override
    public String toString() {
        return "EntropyRecord[step=" + step + ", epoch=" + epoch + ", normalisedEntropy=" + normalisedEntropy
                + ", entropy=" + entropy + ", effectiveRank=" + effectiveRank + ", topEigenvalues="
                + java.util.Arrays.toString(topEigenvalues) + ", paramNorm=" + paramNorm + ", trainLoss=" + trainLoss
                + ", trainAccuracy=" + trainAccuracy + ", testAccuracy=" + testAccuracy + ", phase=" + phase
                + ", predictedGrokStep=" + predictedGrokStep + ", fourierAlignment=" + fourierAlignment
                + ", wallMs=" + wallMs + ", predictedGrokInterval80=" + predictedGrokInterval80
                + ", predictedGrokInterval95=" + predictedGrokInterval95 + "]";
    }

    /** The same evaluation with a predicted grokking step and no interval. */
    public EntropyRecord withPredictedGrokStep(Long predicted) {
        return new EntropyRecord(step, epoch, normalisedEntropy, entropy, effectiveRank, topEigenvalues, paramNorm,
                trainLoss, trainAccuracy, testAccuracy, phase, predicted, fourierAlignment, wallMs, null, null);
    }

    /** The same evaluation with a forecast's predicted step and intervals; {@code null}: no forecast. */
    public EntropyRecord withForecast(Forecast forecast) {
        return forecast == null ? withPredictedGrokStep(null)
                : new EntropyRecord(step, epoch, normalisedEntropy, entropy, effectiveRank, topEigenvalues, paramNorm,
                trainLoss, trainAccuracy, testAccuracy, phase, forecast.predictedGrokStep(), fourierAlignment, wallMs,
                forecast.interval80(), forecast.interval95());
    }

    /** A builder of a record from its parts; see {@link Builder#build()} for the required ones. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Assembles an {@link EntropyRecord} part by part: the measurement ({@link #at}, {@link #spectrum},
     * {@link #paramNorm}, {@link #wallMs}; required), the training state (losses and accuracies) and what
     * the curve's readers add (phase, forecast; optional, null when not given).
     */
    public static final class Builder {
        private Long step;
        private int epoch;
        private boolean hasSpectrum;
        private double normalisedEntropy;
        private double entropy;
        private double effectiveRank;
        private double[] topEigenvalues;
        private Double paramNorm;
        private Double wallMs;
        private Double trainLoss;
        private Double trainAccuracy;
        private Double testAccuracy;
        private Phase phase;
        private Long predictedGrokStep;
        private Double fourierAlignment;
        private PredictionInterval predictedGrokInterval80;
        private PredictionInterval predictedGrokInterval95;

        private Builder() {
        }

        /** When: the step (number of parameter updates done) and DL4J's epoch counter. Required. */
        public Builder at(long step, int epoch) {
            this.step = step;
            this.epoch = epoch;
            return this;
        }

        /**
         * The spectral numbers, required: H̃ = H / log d, H (natural log), the effective rank exp(H) and the
         * largest covariance eigenvalues, descending (null: none kept).
         */
        public Builder spectrum(double normalisedEntropy, double entropy, double effectiveRank, double[] topEigenvalues) {
            this.hasSpectrum = true;
            this.normalisedEntropy = normalisedEntropy;
            this.entropy = entropy;
            this.effectiveRank = effectiveRank;
            this.topEigenvalues = topEigenvalues;
            return this;
        }

        /** The spectral numbers of a summary, keeping its {@code k} largest eigenvalues. */
        public Builder spectrum(SpectralSummary summary, int k) {
            return spectrum(summary.normalisedEntropy(), summary.entropy(), summary.effectiveRank(),
                    summary.topEigenvalues(k));
        }

        /** Global L2 norm of all parameters. Required. */
        public Builder paramNorm(double norm) {
            this.paramNorm = norm;
            return this;
        }

        /** Wall-clock milliseconds of the evaluation: probe forward pass, covariance, eigenvalues. Required. */
        public Builder wallMs(double milliseconds) {
            this.wallMs = milliseconds;
            return this;
        }

        /** Data loss of the last minibatch, without the regularisation term; null when not known. */
        public Builder trainLoss(Double loss) {
            this.trainLoss = loss;
            return this;
        }

        /** Accuracy on the training-accuracy data; null when not measured. */
        public Builder trainAccuracy(Double accuracy) {
            this.trainAccuracy = accuracy;
            return this;
        }

        /** Accuracy on the evaluation data; null when not measured. */
        public Builder testAccuracy(Double accuracy) {
            this.testAccuracy = accuracy;
            return this;
        }

        /** Phase after this evaluation; null until a {@link PhaseTracker} has read it. */
        public Builder phase(Phase phase) {
            this.phase = phase;
            return this;
        }

        /** Forecast of the grokking step; null without one. */
        public Builder predictedGrokStep(Long step) {
            this.predictedGrokStep = step;
            return this;
        }

        /** The forecast's 80% and 95% intervals; null without them (both or neither). */
        public Builder predictedGrokIntervals(PredictionInterval interval80, PredictionInterval interval95) {
            this.predictedGrokInterval80 = interval80;
            this.predictedGrokInterval95 = interval95;
            return this;
        }

        /** Fourier alignment of the embeddings; null when not measured. */
        public Builder fourierAlignment(Double alignment) {
            this.fourierAlignment = alignment;
            return this;
        }

        /**
         * @throws IllegalStateException    naming the first required part not given: the step and epoch
         *                                  ({@code at}), the spectrum, the parameter norm or the wall time
         * @throws IllegalArgumentException when only one interval is given, or intervals without a predicted step
         */
        public EntropyRecord build() {
            if (step == null) {
                throw new IllegalStateException("EntropyRecord has no step: call at(step, epoch)");
            }
            if (!hasSpectrum) {
                throw new IllegalStateException("EntropyRecord at step " + step + " has no spectrum: call"
                        + " spectrum(summary, k) or spectrum(normalisedEntropy, entropy, effectiveRank, topEigenvalues)");
            }
            if (paramNorm == null) {
                throw new IllegalStateException("EntropyRecord at step " + step + " has no parameter norm: call paramNorm(norm)");
            }
            if (wallMs == null) {
                throw new IllegalStateException("EntropyRecord at step " + step + " has no wall time: call wallMs(milliseconds)");
            }
            return new EntropyRecord(step, epoch, normalisedEntropy, entropy, effectiveRank, topEigenvalues, paramNorm,
                    trainLoss, trainAccuracy, testAccuracy, phase, predictedGrokStep, fourierAlignment, wallMs,
                    predictedGrokInterval80, predictedGrokInterval95);
        }
    }
}
