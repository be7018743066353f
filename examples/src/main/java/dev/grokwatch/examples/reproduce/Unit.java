package dev.grokwatch.examples.reproduce;

import java.util.Locale;

/** What a number of the report measures, and how it is written ({@link Locale#ROOT}). */
public enum Unit {
    /** Training steps (parameter updates), e.g. 14,360. */
    STEPS("%,.0f"),
    /** A difference of steps, signed, e.g. +5,020. */
    STEP_DIFFERENCE("%+,.0f"),
    /** Normalised spectral entropy H̃ or a difference of it, in [0, 1]. */
    ENTROPY("%.3f"),
    /** An accuracy in [0, 1]. */
    ACCURACY("%.3f"),
    /** A percentage, e.g. 4.1%. */
    PERCENT("%.1f%%"),
    /** A difference of percentages, signed, e.g. +2.0 pp. */
    PERCENTAGE_POINTS("%+.1f pp"),
    /** Milliseconds, e.g. 8.0 ms. */
    MILLISECONDS("%.1f ms"),
    /** Pearson's r, or a difference of R². */
    CORRELATION("%.2f"),
    /** A coefficient of determination R². */
    R_SQUARED("%.3f"),
    /** A dimensionless number such as γ, Cohen's d or a ratio. */
    NUMBER("%.2f"),
    /** A Fourier alignment (maximum Pearson correlation over frequencies). */
    ALIGNMENT("%.2f"),
    /** A count of runs, written k/n. */
    COUNT("%.0f");

    private final String format;

    Unit(String format) {
        this.format = format;
    }

    /** The value as the report writes it. */
    public String format(double value) {
        return String.format(Locale.ROOT, format, value);
    }
}
