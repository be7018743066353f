package dev.grokwatch.examples.run;

import dev.grokwatch.models.interventions.NormMatchedControl;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code --norm-control} as given, a constant target norm or a baseline run's {@code metrics.csv}, with
 * the control it builds (at once, or for a run planned before its baseline has trained, when first asked for).
 * Two are equal when given the same way: the text is what a run in another JVM
 * is handed ({@link TrainingConfig#toArguments()}).
 */
public final class NormControlOption {

    private final String argument;
    private final Supplier<NormMatchedControl> read;
    private NormMatchedControl control;

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
        this.read = null;
        this.control = control;
    }

    private NormControlOption(String argument, Supplier<NormMatchedControl> read) {
        this.argument = argument;
        this.read = read;
    }

    /**
     * The norm trajectory of the baseline run whose {@code metrics.csv} is {@code baselineMetrics}, read when
     * {@link #control()} is first called: a planned run's baseline may not have been trained yet.
     */
    public static NormControlOption baselineTrajectory(Path baselineMetrics) {
        return new NormControlOption(baselineMetrics.toString(), () -> NormMatchedControl.fromMetrics(baselineMetrics));
    }

    public String argument() {
        return argument;
    }

    /**
     * The listener that rescales the parameters after every update.
     *
     * @throws IllegalArgumentException or {@link java.io.UncheckedIOException} as
     *                                  {@link NormMatchedControl#fromMetrics} when a baseline's {@code metrics.csv}
     *                                  read now is missing or not a trajectory
     */
    public synchronized NormMatchedControl control() {
        if (control == null) {
            control = read.get();
        }
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
