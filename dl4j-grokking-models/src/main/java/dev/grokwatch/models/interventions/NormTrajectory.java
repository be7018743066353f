package dev.grokwatch.models.interventions;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.math3.analysis.interpolation.LinearInterpolator;
import org.apache.commons.math3.analysis.polynomials.PolynomialSplineFunction;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The target parameter norm of the norm-matched control as a function of the training step: a
 * constant, or a baseline run's {@code param_norm} column, linearly interpolated between its rows
 * and held at the first/last value outside them.
 */
final class NormTrajectory implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final String STEP = "step";
    private static final String PARAM_NORM = "param_norm";

    private final double[] steps;
    private final double[] norms;
    private final String source;
    /** Commons Math's spline is not serialisable; rebuilt from the points on first use. */
    private transient PolynomialSplineFunction interpolant;

    private NormTrajectory(double[] steps, double[] norms, String source) {
        this.steps = steps;
        this.norms = norms;
        this.source = source;
    }

    static NormTrajectory constant(double norm) {
        if (!(norm > 0) || Double.isInfinite(norm)) {
            throw new IllegalArgumentException("target norm is " + norm + "; expected a finite number > 0");
        }
        return new NormTrajectory(new double[]{0}, new double[]{norm}, "constant " + norm);
    }

    /**
     * Reads the {@code step} and {@code param_norm} columns of a {@code metrics.csv} (the README's
     * output contract). Rows whose {@code param_norm} cell is empty (no value at that evaluation) are
     * skipped; steps must increase strictly and norms be finite and positive.
     */
    static NormTrajectory fromMetrics(Path metricsCsv) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setTrim(true)
                .build();
        List<double[]> points = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(metricsCsv, StandardCharsets.UTF_8);
             CSVParser parser = format.parse(reader)) {
            Map<String, Integer> header = parser.getHeaderMap();
            requireColumn(metricsCsv, header, STEP);
            requireColumn(metricsCsv, header, PARAM_NORM);
            for (CSVRecord row : parser) {
                String normCell = cell(metricsCsv, row, PARAM_NORM);
                if (normCell.isEmpty()) {
                    continue;
                }
                double step = number(metricsCsv, row, STEP, cell(metricsCsv, row, STEP));
                double norm = number(metricsCsv, row, PARAM_NORM, normCell);
                if (!(norm > 0)) {
                    throw invalid(metricsCsv, row, PARAM_NORM, normCell, "a parameter norm > 0");
                }
                if (!points.isEmpty() && step <= points.get(points.size() - 1)[0]) {
                    throw invalid(metricsCsv, row, STEP, row.get(STEP),
                            "steps in strictly increasing order (previous step " + points.get(points.size() - 1)[0] + ")");
                }
                points.add(new double[]{step, norm});
            }
        }
        if (points.isEmpty()) {
            throw new IllegalArgumentException(metricsCsv + " has no row with a " + PARAM_NORM
                    + " value; expected at least one data row with " + STEP + " and " + PARAM_NORM);
        }
        double[] steps = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] norms = points.stream().mapToDouble(p -> p[1]).toArray();
        return new NormTrajectory(steps, norms, points.size() + " points of " + metricsCsv);
    }

    double normAt(long step) {
        int last = steps.length - 1;
        if (step <= steps[0]) {
            return norms[0];
        }
        if (step >= steps[last]) {
            return norms[last];
        }
        if (interpolant == null) {
            interpolant = new LinearInterpolator().interpolate(steps, norms);
        }
        return interpolant.value(step);
    }

    @Override
    public String toString() {
        return source;
    }

    private static void requireColumn(Path file, Map<String, Integer> header, String column) {
        if (!header.containsKey(column)) {
            throw new IllegalArgumentException(file + " has no '" + column + "' column (header: " + header.keySet()
                    + "); expected a metrics.csv header with the columns " + STEP + " and " + PARAM_NORM);
        }
    }

    private static String cell(Path file, CSVRecord row, String column) {
        if (!row.isSet(column)) {
            throw new IllegalArgumentException(file + " line " + line(row) + " has no '" + column
                    + "' cell; expected as many cells as the header has columns");
        }
        return row.get(column);
    }

    private static double number(Path file, CSVRecord row, String column, String text) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw invalid(file, row, column, text, "a number");
        }
        if (!Double.isFinite(value)) {
            throw invalid(file, row, column, text, "a finite number");
        }
        return value;
    }

    private static IllegalArgumentException invalid(Path file, CSVRecord row, String column, String text,
                                                    String expected) {
        return new IllegalArgumentException(file + " line " + line(row) + ": " + column + " is '" + text
                + "'; expected " + expected);
    }

    /** The header is line 1 and metrics.csv has no multi-line cells. */
    private static long line(CSVRecord row) {
        return row.getRecordNumber() + 1;
    }
}
