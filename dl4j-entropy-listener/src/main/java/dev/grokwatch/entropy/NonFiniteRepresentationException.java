package dev.grokwatch.entropy;

/**
 * Thrown when representations contain NaN or Inf: no spectrum exists, and silently turning the
 * values into a number would hide a diverged model. The listener catches it, records NaN and warns once.
 */
public final class NonFiniteRepresentationException extends IllegalArgumentException {

    private final long nanCount;
    private final long infiniteCount;

    NonFiniteRepresentationException(long nanCount, long infiniteCount, long[] shape) {
        super(String.format("Representations contain %d NaN and %d infinite values (shape %s); "
                        + "expected finite activations: the model has probably diverged",
                nanCount, infiniteCount, java.util.Arrays.toString(shape)));
        this.nanCount = nanCount;
        this.infiniteCount = infiniteCount;
    }

    public long nanCount() {
        return nanCount;
    }

    public long infiniteCount() {
        return infiniteCount;
    }
}
