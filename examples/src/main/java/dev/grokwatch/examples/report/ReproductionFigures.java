package dev.grokwatch.examples.report;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.forecast.PowerLawFit;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The reproduction report's figures that {@link OverlayPlot} does not draw, in its style (arXiv 2604.13123): Fig. 4a
 * (parameter norm against H̃, each run's joint trajectory), Fig. 4b (the remaining time against the H̃ gap with the
 * fitted power law), Fig. 9 (H̃ and Fourier alignment of the MLP and the Transformer over training) and Fig. 10 (H̃
 * from a training-set probe and a test-set probe in the same runs).
 */
public final class ReproductionFigures {

    private static final int HEIGHT = 560;
    private static final int PANEL_HEIGHT = 420;
    private static final Color TRANSFORMER = OverlayPlot.PALETTE[0];
    private static final Color MLP = OverlayPlot.PALETTE[1];

    private ReproductionFigures() {
    }

    /**
     * One run's curve with the label its legend shows.
     *
     * @param label   e.g. {@code seed 3}
     * @param history its evaluations
     */
    public record Curve(String label, EntropyHistory history) {
    }

    /** Fig. 4a: ‖θ‖ against H̃ at every evaluation, one line with markers per run, in step order. */
    public static void normVersusEntropy(List<Curve> runs, Path png) {
        XYChart chart = OverlayPlot.chart("Parameter norm against H̃, " + runs.size() + " runs (each line one run, in"
                + " step order)", "parameter norm ‖θ‖", "H̃ (normalised spectral entropy)", HEIGHT);
        for (int i = 0; i < runs.size(); i++) {
            List<EntropyRecord> records = finite(runs.get(i).history());
            if (records.isEmpty()) {
                continue;
            }
            XYSeries series = chart.addSeries(runs.get(i).label(),
                    records.stream().mapToDouble(EntropyRecord::paramNorm).toArray(),
                    records.stream().mapToDouble(EntropyRecord::normalisedEntropy).toArray());
            series.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(colour(i)).setLineColor(colour(i))
                    .setLineWidth(1.2f);
        }
        chart.getStyler().setXAxisDecimalPattern("0");
        OverlayPlot.save(png, chart);
    }

    /**
     * Fig. 4b: the remaining time T_grok − t against the H̃ gap H̃(t) − H̃* of every fitted evaluation, with the fitted
     * power law ΔT = C1·x^γ + C2.
     *
     * @param points {x, y} pairs (e.g. {@code Predictor.ENTROPY_GAP.pairs})
     */
    public static void powerLaw(List<double[]> points, PowerLawFit fit, double threshold, Path png) {
        XYChart chart = OverlayPlot.chart(String.format(Locale.ROOT, "Remaining steps against the H̃ gap (H̃* = %.3f):"
                        + " ΔT = %.4g·x^%.2f %+.4g, R² = %.3f", threshold, fit.c1(), fit.gamma(), fit.c2(),
                fit.rSquared()), "H̃(t) − H̃*", "T_grok − t (steps)", HEIGHT);
        chart.getStyler().setXAxisDecimalPattern("0.000").setYAxisDecimalPattern("#,###")
                .setLegendPosition(Styler.LegendPosition.InsideNW);
        XYSeries observed = chart.addSeries("evaluations before grokking (" + points.size() + ")",
                points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray());
        observed.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.CIRCLE)
                .setMarkerColor(OverlayPlot.PALETTE[0]);
        double xMax = points.stream().mapToDouble(p -> p[0]).max().orElse(0);
        double[] x = new double[101];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = xMax * i / (x.length - 1);
            y[i] = fit.value(x[i]);
        }
        XYSeries law = chart.addSeries("fitted power law", x, y);
        law.setMarker(SeriesMarkers.NONE).setLineColor(OverlayPlot.INK).setLineWidth(2.5f);
        OverlayPlot.save(png, chart);
    }

    /**
     * Fig. 9: H̃ (with H̃*) and Fourier alignment against training steps, the Transformer's runs in one colour and
     * the MLP's in another; evaluations without an alignment leave gaps.
     */
    public static void architectures(List<Curve> transformer, List<Curve> mlp, double threshold, Path png) {
        XYChart entropy = OverlayPlot.chart("MLP against Transformer on the same task", "training step",
                "H̃ (normalised spectral entropy)", PANEL_HEIGHT);
        XYChart alignment = OverlayPlot.chart(null, "training step", "Fourier alignment", PANEL_HEIGHT);
        entropy.getStyler().setXAxisTitleVisible(false);
        alignment.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        double xMax = 0;
        for (List<Curve> curves : List.of(transformer, mlp)) {
            Color colour = curves == transformer ? TRANSFORMER : MLP;
            String model = curves == transformer ? "Transformer" : "MLP";
            for (int i = 0; i < curves.size(); i++) {
                List<EntropyRecord> records = curves.get(i).history().records();
                if (records.isEmpty()) {
                    continue;
                }
                double[] steps = records.stream().mapToDouble(EntropyRecord::step).toArray();
                xMax = Math.max(xMax, steps[steps.length - 1]);
                String name = model + " " + curves.get(i).label();
                line(entropy, i == 0 ? model : name, i == 0, steps, values(records,
                        EntropyRecord::normalisedEntropy), colour);
                line(alignment, i == 0 ? model + " " : name + " ", i == 0, steps, values(records,
                        EntropyRecord::fourierAlignment), colour);
            }
        }
        XYSeries h = entropy.addSeries(String.format(Locale.ROOT, "threshold H̃* = %s", threshold),
                new double[]{0, Math.max(xMax, 1)}, new double[]{threshold, threshold});
        h.setMarker(SeriesMarkers.NONE).setLineColor(OverlayPlot.INK).setLineStyle(OverlayPlot.DASHED);
        for (XYChart panel : List.of(entropy, alignment)) { // the panels share the x axis
            panel.getStyler().setXAxisMin(0.0).setXAxisMax(Math.max(xMax, 1));
        }
        OverlayPlot.save(png, entropy, alignment);
    }

    /**
     * Fig. 10: each run's H̃ from the training-set probe (solid) and from the test-set probe (dashed), one colour per
     * run.
     *
     * @param train the training-set probe's curves
     * @param test  the test-set probe's curves of the same runs, in the same order
     */
    public static void probes(List<Curve> train, List<Curve> test, Path png) {
        if (train.size() != test.size()) {
            throw new IllegalArgumentException(train.size() + " training-set probe curves and " + test.size()
                    + " test-set probe curves; expected one of each per run");
        }
        XYChart chart = OverlayPlot.chart("H̃ from a training-set probe (solid) and a test-set probe (dashed)",
                "training step", "H̃ (normalised spectral entropy)", HEIGHT);
        for (int i = 0; i < train.size(); i++) {
            for (Curve curve : List.of(train.get(i), test.get(i))) {
                List<EntropyRecord> records = curve.history().records();
                if (records.isEmpty()) {
                    continue;
                }
                boolean isTrain = curve == train.get(i);
                XYSeries series = chart.addSeries(curve.label() + (isTrain ? " train probe" : " test probe"),
                        records.stream().mapToDouble(EntropyRecord::step).toArray(),
                        values(records, EntropyRecord::normalisedEntropy));
                series.setMarker(SeriesMarkers.NONE).setLineColor(colour(i)).setLineWidth(2f)
                        .setShowInLegend(isTrain);
                if (!isTrain) {
                    series.setLineStyle(OverlayPlot.DASHED);
                }
            }
        }
        OverlayPlot.save(png, chart);
    }

    private static void line(XYChart chart, String name, boolean inLegend, double[] x, double[] y, Color colour) {
        if (Arrays.stream(y).noneMatch(Double::isFinite)) {
            return;
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE).setLineColor(colour).setLineWidth(2f).setShowInLegend(inLegend);
    }

    private static List<EntropyRecord> finite(EntropyHistory history) {
        return history.records().stream().filter(r -> Double.isFinite(r.paramNorm())
                && Double.isFinite(r.normalisedEntropy())).toList();
    }

    private static double[] values(List<EntropyRecord> records, Function<EntropyRecord, Double> value) {
        return records.stream().mapToDouble(r -> {
            Double v = value.apply(r);
            return v == null ? Double.NaN : v;
        }).toArray();
    }

    private static Color colour(int i) {
        return OverlayPlot.PALETTE[i % OverlayPlot.PALETTE.length];
    }
}
