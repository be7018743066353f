package dev.grokwatch.examples.reproduce;

import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * One number of ours, with its 95% interval and how many values it came from: a mean with its bootstrap
 * interval, a correlation with its Fisher-z interval, a fitted value with a bootstrap over runs, or a count
 * k of n runs.
 *
 * @param unit  what it measures
 * @param value the estimate ({@code k} for a count); {@code null} when there is nothing to estimate from
 * @param low   lower end of the 95% interval, {@code null} without one
 * @param high  upper end, {@code null} without one
 * @param n       values (runs, evaluations, pairs) it came from; for a count, the runs counted
 * @param counted for a count of runs that did what a claim says does not happen, what they did (e.g.
 *                {@code grokked}), written before k/n; {@code null} otherwise
 */
@JsonPropertyOrder({"unit", "value", "low", "high", "n", "counted"})
public record Estimate(@JsonProperty("unit") Unit unit, @JsonProperty("value") Double value,
                       @JsonProperty("low") Double low, @JsonProperty("high") Double high, @JsonProperty("n") int n,
                       @JsonProperty("counted") @JsonInclude(JsonInclude.Include.NON_NULL) String counted) {

    public Estimate {
        if (unit == null || n < 0 || (low == null) != (high == null) || (value == null && low != null)) {
            throw new IllegalArgumentException("estimate " + value + " [" + low + ", " + high + "] of " + n
                    + " " + unit + "; expected a unit, n >= 0 and both ends of an interval or neither");
        }
    }

    /** An estimate of a value, with its interval or without. */
    public Estimate(Unit unit, Double value, Double low, Double high, int n) {
        this(unit, value, low, high, n, null);
    }

    /** An estimate with its interval. */
    public static Estimate of(Unit unit, Statistics.Interval interval) {
        return new Estimate(unit, interval.value(), interval.low(), interval.high(), interval.n());
    }

    /** k of n runs. */
    public static Estimate count(int k, int n) {
        return count(k, n, null);
    }

    /** k of n runs that did {@code counted} (e.g. {@code grokked}), or of runs that show a claim when null. */
    public static Estimate count(int k, int n, String counted) {
        return new Estimate(Unit.COUNT, (double) k, null, null, n, counted);
    }

    /** A value without an interval (e.g. one run's, or a fit's without a bootstrap). */
    public static Estimate point(Unit unit, double value, int n) {
        return new Estimate(unit, value, null, null, n);
    }

    /** Nothing to estimate from. */
    public static Estimate none(Unit unit) {
        return new Estimate(unit, null, null, null, 0);
    }

    /** Whether there is a value. */
    public boolean present() {
        return value != null;
    }

    /** Whether there is an interval. */
    public boolean hasInterval() {
        return low != null;
    }

    /**
     * As the report writes it: {@code 7/10}, {@code grokked 1/1}, or {@code 6,540 (5,300 to 7,620), n = 10}, or
     * {@code -}.
     */
    public String text() {
        if (value == null) {
            return "-";
        }
        if (unit == Unit.COUNT) {
            return (counted == null ? "" : counted + " ") + Math.round(value) + "/" + n;
        }
        String text = unit.format(value);
        if (low != null) {
            text += " (" + unit.format(low) + " to " + unit.format(high) + ")";
        }
        return text + ", n = " + n;
    }
}
