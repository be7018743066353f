package dev.grokwatch.examples;

import dev.grokwatch.models.tasks.GroupTask;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --task}: one of the names {@link GroupTask#named} knows, checked when the options are parsed. */
final class TaskNameConverter implements ITypeConverter<String> {

    @Override
    public String convert(String value) {
        if (!GroupTask.names().contains(value)) {
            throw new TypeConversionException("expected one of " + String.join(", ", GroupTask.names())
                    + " but was '" + value + "'");
        }
        return value;
    }
}
