package dev.grokwatch.examples.reproduce;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Reads {@code --experiments}' names in any case ({@code e3} is {@link Experiment#E3}). */
public final class ExperimentConverter implements ITypeConverter<Experiment> {

    @Override
    public Experiment convert(String value) {
        return Arrays.stream(Experiment.values()).filter(e -> e.name().equalsIgnoreCase(value.trim())).findFirst()
                .orElseThrow(() -> new TypeConversionException("expected one of " + Arrays.stream(Experiment.values())
                        .map(Enum::name).collect(Collectors.joining(", ")) + " but was '" + value + "'"));
    }
}
