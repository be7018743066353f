package dev.grokwatch.entropy;

/** How convolutional activations {@code [n, c, h, w]} become one row per example; there is no default. */
public enum SpatialReduction {
    /** Every activation as a column: {@code c·h·w} columns (needs n &gt; c·h·w for a full-rank covariance). */
    FLATTEN,
    /** The mean over the spatial positions: {@code c} columns. */
    GLOBAL_AVERAGE
}
