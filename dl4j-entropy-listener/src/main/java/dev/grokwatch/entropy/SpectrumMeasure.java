package dev.grokwatch.entropy;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * The spectral part of one evaluation, whatever API gives the representations: the probe's forward pass
 * timed with {@link SpectralEntropy#of} (arXiv 2604.13123, §3.1), NaN/Inf representations recorded as a
 * NaN spectrum with one warning, a rank-deficient covariance (n ≤ d) warned about once.
 */
final class SpectrumMeasure implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int topEigenvalues;
    /** The listener's logger name: its warnings keep the name users filter on. */
    private final String loggerName;
    private boolean warnedNonFinite;
    private boolean warnedRankDeficient;

    SpectrumMeasure(int topEigenvalues, Class<?> listenerClass) {
        this.topEigenvalues = topEigenvalues;
        this.loggerName = listenerClass.getName();
    }

    /**
     * The record's step, epoch, spectrum and wall time (forward pass and spectrum, ms).
     *
     * @param representations the probe's forward pass, giving an {@code n × d} matrix
     * @param description     the layer or variable read, for the rank-deficiency warning
     * @throws RuntimeException when the forward pass fails
     */
    EntropyRecord.Builder measure(Supplier<INDArray> representations, String description, long step, int epoch) {
        long start = System.nanoTime();
        INDArray matrix = representations.get();
        SpectralSummary summary;
        try {
            summary = SpectralEntropy.of(matrix);
        } catch (NonFiniteRepresentationException e) {
            if (!warnedNonFinite) {
                warnedNonFinite = true;
                LoggerFactory.getLogger(loggerName).warn("grokwatch: {} at step {}: recording NaN (warned once)",
                        e.getMessage(), step);
            }
            summary = SpectralSummary.nonFinite((int) matrix.rows(), (int) matrix.columns());
        }
        double wallMs = (System.nanoTime() - start) / 1e6;
        if (summary.rankDeficient() && !warnedRankDeficient) {
            warnedRankDeficient = true;
            LoggerFactory.getLogger(loggerName).warn("grokwatch: probe of n = {} rows for d = {} dimensions of {}: the"
                    + " covariance is rank-deficient and H̃ biased low; use a probe with n > d (the paper: n = 512, d = 128)",
                    summary.n(), summary.d(), description);
        }
        return EntropyRecord.builder().at(step, epoch).spectrum(summary, topEigenvalues).wallMs(wallMs);
    }
}
