package dev.grokwatch.examples.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads an enum option by its lower-case command-line name ({@code toString()}), so an error lists
 * the names a user types ({@code transformer, mlp}) rather than Java's constant names.
 */
public final class LabelConverter<E extends Enum<E>> implements ITypeConverter<E> {

    private final Class<E> type;

    public LabelConverter(Class<E> type) {
        this.type = type;
    }

    @Override
    public E convert(String value) {
        return Arrays.stream(type.getEnumConstants())
                .filter(constant -> constant.toString().equals(value))
                .findFirst()
                .orElseThrow(() -> new TypeConversionException("expected one of "
                        + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "))
                        + " but was '" + value + "'"));
    }
}
