package dev.grokwatch.models.interventions;

import dev.grokwatch.entropy.MetricsCsv;
import org.apache.commons.math3.analysis.interpolation.LinearInterpolator;
import org.apache.commons.math3.analysis.polynomials.PolynomialSplineFunction;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The target parameter norm of the norm-matched control as a function of the training step: a
 * constant, or a baseline run's {@code param_norm} column, linearly interpolated between its rows
 * and held at the first/last value outside them.
 */
final class NormTrajectory implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final MetricsCsv.Column STEP = MetricsCsv.Column.STEP;
    private static final MetricsCsv.Column PARAM_NORM = MetricsCsv.Column.PARAM_NORM;

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
     * Reads the {@code step} and {@code param_norm} columns of a {@code metrics.csv} (through
     * {@link MetricsCsv}, the file's one owner). Rows whose {@code param_norm} cell is empty (no value at
     * that evaluation) are skipped; steps must increase strictly and norms be finite and positive.
     */
    static NormTrajectory fromMetrics(Path metricsCsv) {
        List<double[]> points = new ArrayList<>();
        for (MetricsCsv.Row row : MetricsCsv.rows(metricsCsv, STEP, PARAM_NORM)) {
            String normCell = row.cell(PARAM_NORM);
            if (normCell.isEmpty()) {
                continue;
            }
            double step = finite(row, STEP);
            double norm = finite(row, PARAM_NORM);
            if (!(norm > 0)) {
                throw row.invalid(PARAM_NORM, normCell, "a parameter norm > 0");
            }
            if (!points.isEmpty() && step <= points.get(points.size() - 1)[0]) {
                throw row.invalid(STEP, row.cell(STEP),
                        "steps in strictly increasing order (previous step " + points.get(points.size() - 1)[0] + ")");
            }
            points.add(new double[]{step, norm});
        }
        if (points.isEmpty()) {
            throw new IllegalArgumentException(metricsCsv + " has no row with a " + PARAM_NORM.header()
                    + " value; expected at least one data row with " + STEP.header() + " and " + PARAM_NORM.header());
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

    private static double finite(MetricsCsv.Row row, MetricsCsv.Column column) {
        double value = row.number(column);
        if (!Double.isFinite(value)) {
            throw row.invalid(column, row.cell(column), "a finite number");
        }
        return value;
    }
}
