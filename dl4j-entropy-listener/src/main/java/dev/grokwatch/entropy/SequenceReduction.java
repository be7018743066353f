package dev.grokwatch.entropy;

/**
 * How recurrent activations become one row per example. The time axis is the one the layer's
 * configuration gives ({@code RNNFormat}: {@code [n, d, T]} for NCW, {@code [n, T, d]} for NWC), and
 * the features mask is the one DL4J propagates to the layer from the inputs that feed it.
 */
public enum SequenceReduction {
    /** The last time step (each example's last unmasked step when its mask reaches the layer): the default. */
    LAST,
    /** The mean over the time steps (over each example's unmasked steps when its mask reaches the layer). */
    MEAN,
    /**
     * All time steps side by side: {@code d·T} columns. With a mask, padded steps are zeros, so a row
     * depends on its real steps only (not on the padding values) but H̃ also reflects the differences
     * in length; prefer LAST or MEAN for variable-length probes.
     */
    FLATTEN
}
