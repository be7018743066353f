package dev.grokwatch.examples.reproduce;

import java.util.Collection;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** The small conversions the experiments share: estimates of a mean, and cells of the detail tables. */
final class Numbers {

    private Numbers() {
    }

    /** The mean with its bootstrap interval; a point for one value, nothing for none. */
    static Estimate mean(Unit unit, double[] values) {
        if (values.length == 0) {
            return Estimate.none(unit);
        }
        if (values.length == 1) {
            return Estimate.point(unit, values[0], 1);
        }
        return Estimate.of(unit, Statistics.meanWithInterval(values));
    }

    static double[] values(Collection<? extends Number> numbers) {
        return numbers.stream().mapToDouble(Number::doubleValue).toArray();
    }

    /** A step cell: {@code 7,000}, or {@code -} when the event did not happen. */
    static String step(OptionalLong step) {
        return step.isPresent() ? String.format(Locale.ROOT, "%,d", step.getAsLong()) : "-";
    }

    /** A cell in {@code unit}, or {@code -}. */
    static String cell(Unit unit, OptionalDouble value) {
        return value.isPresent() ? unit.format(value.getAsDouble()) : "-";
    }

    static String cell(Unit unit, Double value) {
        return value == null ? "-" : unit.format(value);
    }
}
