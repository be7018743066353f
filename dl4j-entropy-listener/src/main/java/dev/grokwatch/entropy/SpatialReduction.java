package dev.grokwatch.entropy;

/**
 * How convolutional activations become one row per example; there is no default. The channel axis is
 * the one the layer's configuration gives ({@code CNN2DFormat}: {@code [n, c, h, w]} for NCHW,
 * {@code [n, h, w, c]} for NHWC); vertices that are not layers take it from the layers feeding them.
 */
public enum SpatialReduction {
    /**
     * Every activation as a column: {@code c·h·w} columns (needs n &gt; c·h·w for a full-rank covariance).
     * Independent of the layout: both orders give the same covariance spectrum.
     */
    FLATTEN,
    /**
     * The mean over the spatial positions: {@code c} columns. Refused where the configuration does not
     * say which axis holds channels (e.g. after a ReshapeVertex).
     */
    GLOBAL_AVERAGE
}
