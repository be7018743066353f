package dev.grokwatch.examples.run;

import dev.grokwatch.models.interventions.NormMatchedControl;

import java.util.Objects;

/**
 * {@code --norm-control} as given, a constant target norm or a baseline run's {@code metrics.csv}, with
 * the control it builds. Two are equal when given the same way: the text is what a run in another JVM
 * is handed ({@link TrainingConfig#toArguments()}).
 */
public final class NormControlOption {

    private final String argument;
    private final NormMatchedControl control;

    /**
     * @param argument the option's value as typed, e.g. {@code 40} or {@code runs/add97-transformer-seed0/metrics.csv}
     * @param control  the control built from it
     */
    public NormControlOption(String argument, NormMatchedControl control) {
        if (argument == null || control == null) {
            throw new IllegalArgumentException("--norm-control needs its value (" + argument + ") and the control"
                    + " built from it (" + control + "); expected both");
        }
        this.argument = argument;
        this.control = control;
    }

    public String argument() {
        return argument;
    }

    /** The listener that rescales the parameters after every update. */
    public NormMatchedControl control() {
        return control;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NormControlOption other && argument.equals(other.argument);
    }

    @Override
    public int hashCode() {
        return Objects.hash(argument);
    }

    @Override
    public String toString() {
        return argument;
    }
}
