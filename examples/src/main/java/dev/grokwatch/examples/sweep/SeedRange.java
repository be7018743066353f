package dev.grokwatch.examples.sweep;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.stream.LongStream;

/**
 * One element of {@code sweep --seeds}: a single seed ({@code 7}) or an inclusive range ({@code 0-9}).
 * The option splits on commas, so {@code 0-4,10,12-13} gives three of these.
 */
public record SeedRange(long first, long last) {

    public SeedRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("seed range " + first + "-" + last
                    + "; expected seeds >= 0 with the first not above the last");
        }
    }

    /** Parses {@code N} or {@code FIRST-LAST}. */
    public static SeedRange parse(String text) {
        String[] ends = text.strip().split("-", -1);
        try {
            if (ends.length == 1) {
                long seed = Long.parseLong(ends[0]);
                return new SeedRange(seed, seed);
            }
            if (ends.length == 2) {
                return new SeedRange(Long.parseLong(ends[0]), Long.parseLong(ends[1]));
            }
        } catch (NumberFormatException e) {
            // reported below with the whole value
        }
        throw new IllegalArgumentException("'" + text + "' is not a seed or a seed range; expected e.g. 3 or 0-9");
    }

    public LongStream seeds() {
        return LongStream.rangeClosed(first, last);
    }

    /** Picocli's converter; the message names the value and the expected form. */
    public static final class Converter implements ITypeConverter<SeedRange> {
        @Override
        public SeedRange convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
