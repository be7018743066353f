package dev.grokwatch.entropy;

import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * The optional parts of an evaluation (accuracies, Fourier alignment) that may fail during training: a
 * failing part is recorded empty, H̃ measured at that step is kept, and the first failure is logged.
 */
final class PartialFailures implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The listener's logger name: its warnings keep the name users filter on. */
    private final String loggerName;
    private boolean warned;

    PartialFailures(Class<?> listenerClass) {
        this.loggerName = listenerClass.getName();
    }

    /** The part's value, or null (with one warning over the run) when computing it throws. */
    Double valueOrEmpty(String part, long step, Supplier<Double> value) {
        try {
            return value.get();
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                LoggerFactory.getLogger(loggerName).warn("grokwatch: {} failed at step {} and is recorded empty, H̃ is"
                        + " kept (later failures are not logged): {}", part, step, e.toString(), e);
            }
            return null;
        }
    }
}
