package dev.grokwatch.examples.cli;

import dev.grokwatch.models.tasks.TaskFamily;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --task}: one of the {@link TaskFamily} names, checked when the options are parsed. */
public final class TaskNameConverter implements ITypeConverter<String> {

    @Override
    public String convert(String value) {
        if (!TaskFamily.shortNames().contains(value)) {
            throw new TypeConversionException("expected one of " + String.join(", ", TaskFamily.shortNames())
                    + " but was '" + value + "'");
        }
        return value;
    }
}
