package dev.grokwatch.entropy;

/** How recurrent activations {@code [n, d, T]} become one row per example. */
public enum SequenceReduction {
    /** The last time step (the last unmasked one when the probe has a mask): the default. */
    LAST,
    /** The mean over (unmasked) time steps. */
    MEAN,
    /** All time steps side by side: {@code d·T} columns. */
    FLATTEN
}
