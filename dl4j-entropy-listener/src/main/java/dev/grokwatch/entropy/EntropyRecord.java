package dev.grokwatch.entropy;

/**
 * One evaluation of the listener: the spectral numbers of the probe's representations and the
 * training state at that step. Optional values are {@code null} when they were not measured
 * (no evaluation data configured, no forecaster yet, ...); {@code NaN} means measured and not a
 * number (a diverged model).
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
 */
public record EntropyRecord(long step, int epoch, double normalisedEntropy, double entropy, double effectiveRank,
                            double[] topEigenvalues, double paramNorm, Double trainLoss, Double trainAccuracy,
                            Double testAccuracy, Phase phase, Long predictedGrokStep, Double fourierAlignment,
                            double wallMs) implements java.io.Serializable {

    public EntropyRecord {
        topEigenvalues = topEigenvalues == null ? new double[0] : topEigenvalues.clone();
    }

    @Override
    public double[] topEigenvalues() {
        return topEigenvalues.clone();
    }

    /** The same evaluation with its phase set (the tracker decides the phase after the numbers exist). */
    public EntropyRecord withPhase(Phase newPhase) {
        return new EntropyRecord(step, epoch, normalisedEntropy, entropy, effectiveRank, topEigenvalues, paramNorm,
                trainLoss, trainAccuracy, testAccuracy, newPhase, predictedGrokStep, fourierAlignment, wallMs);
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
                && Double.compare(wallMs, r.wallMs) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(step, epoch, normalisedEntropy, entropy, effectiveRank,
                java.util.Arrays.hashCode(topEigenvalues), paramNorm, trainLoss, trainAccuracy, testAccuracy, phase,
                predictedGrokStep, fourierAlignment, wallMs);
    }

    @Override
    public String toString() {
        return "EntropyRecord[step=" + step + ", epoch=" + epoch + ", normalisedEntropy=" + normalisedEntropy
                + ", entropy=" + entropy + ", effectiveRank=" + effectiveRank + ", topEigenvalues="
                + java.util.Arrays.toString(topEigenvalues) + ", paramNorm=" + paramNorm + ", trainLoss=" + trainLoss
                + ", trainAccuracy=" + trainAccuracy + ", testAccuracy=" + testAccuracy + ", phase=" + phase
                + ", predictedGrokStep=" + predictedGrokStep + ", fourierAlignment=" + fourierAlignment
                + ", wallMs=" + wallMs + "]";
    }

    /** The same evaluation with a grokking forecast. */
    public EntropyRecord withPredictedGrokStep(Long predicted) {
        return new EntropyRecord(step, epoch, normalisedEntropy, entropy, effectiveRank, topEigenvalues, paramNorm,
                trainLoss, trainAccuracy, testAccuracy, phase, predicted, fourierAlignment, wallMs);
    }
}
