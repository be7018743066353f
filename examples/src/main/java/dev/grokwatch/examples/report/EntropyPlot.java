package dev.grokwatch.examples.report;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * {@code entropy.png}: the paper's picture of one run. H̃ and train/test accuracy share the y axis
 * (all lie in [0, 1]) against training steps; the threshold H̃* is a dashed horizontal line, and
 * the collapse onset, the threshold crossing and the grokking step are vertical lines whose legend
 * entries give their steps.
 */
public final class EntropyPlot {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 600;
    private static final Color ENTROPY = new Color(0x1f, 0x4e, 0x9c);
    private static final Color TRAIN = new Color(0xe0, 0x8a, 0x1e);
    private static final Color TEST = new Color(0x2a, 0x9d, 0x3f);
    private static final Color THRESHOLD = new Color(0x80, 0x80, 0x80);
    private static final Color ONSET = new Color(0x8e, 0x44, 0xad);
    private static final Color CROSSING = new Color(0xc0, 0x39, 0x2b);
    private static final Color GROKKED = new Color(0x11, 0x11, 0x11);
    private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[]{8f, 6f}, 0f);
    private static final BasicStroke DOTTED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[]{3f, 4f}, 0f);

    private EntropyPlot() {
    }

    /**
     * Draws the history of a run and writes it as a PNG.
     *
     * @param title     the chart's title, e.g. the run's settings and outcome
     * @param history   the listener's evaluations (an empty history draws empty axes)
     * @param threshold H̃*
     */
    public static void write(String title, EntropyHistory history, double threshold, Path png) {
        XYChart chart = chart(title, history, threshold);
        // ImageIO's default file cache registers a JVM shutdown hook, which fails when a run ended by
        // Ctrl-C writes its plot during the shutdown; a chart fits in memory.
        ImageIO.setUseCache(false);
        try {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the entropy plot to " + png, e);
        }
    }

    static XYChart chart(String title, EntropyHistory history, double threshold) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("training step").yAxisTitle("H̃  /  accuracy").build();
        XYStyler style = chart.getStyler();
        style.setPlotGridLinesColor(new Color(0xe4, 0xe4, 0xe4));
        style.setPlotBorderVisible(false);
        style.setYAxisMin(0.0).setYAxisMax(1.0).setXAxisMin(0.0);
        style.setXAxisDecimalPattern("#,###").setYAxisDecimalPattern("0.0");
        style.setLegendPosition(Styler.LegendPosition.OutsideE).setLegendBorderColor(Color.WHITE)
                .setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(Color.WHITE);

        List<EntropyRecord> records = history.records();
        if (records.isEmpty()) {
            return chart;
        }
        double[] steps = records.stream().mapToDouble(EntropyRecord::step).toArray();
        double lastStep = steps[steps.length - 1];
        chart.getStyler().setXAxisMax(lastStep);

        curve(chart, "H̃ (normalised spectral entropy)", steps, records, EntropyRecord::normalisedEntropy, ENTROPY, 3f);
        curve(chart, "train accuracy", steps, records, EntropyRecord::trainAccuracy, TRAIN, 2f);
        curve(chart, "test accuracy", steps, records, EntropyRecord::testAccuracy, TEST, 2f);
        line(chart, String.format(Locale.ROOT, "threshold H̃* = %s", threshold), new double[]{0, lastStep},
                new double[]{threshold, threshold}, THRESHOLD, DASHED);
        event(chart, "collapse onset", history.collapseOnsetStep(), ONSET);
        event(chart, "H̃ < H̃* (crossing)", history.thresholdCrossingStep(), CROSSING);
        event(chart, "grokked (test ≥ 0.99)", history.grokStep(), GROKKED);
        return chart;
    }

    /** One measured quantity; evaluations without it (null) are left out, NaN leaves a gap. */
    private static void curve(XYChart chart, String name, double[] steps, List<EntropyRecord> records,
                              Function<EntropyRecord, Double> value, Color color, float width) {
        double[] y = new double[records.size()];
        boolean any = false;
        for (int i = 0; i < y.length; i++) {
            Double v = value.apply(records.get(i));
            y[i] = v == null ? Double.NaN : v;
            any |= v != null;
        }
        if (any) {
            XYSeries series = chart.addSeries(name, steps, y);
            series.setMarker(SeriesMarkers.NONE).setLineColor(color).setLineWidth(width);
        }
    }

    private static void event(XYChart chart, String name, OptionalLong step, Color color) {
        if (step.isPresent()) {
            double x = step.getAsLong();
            line(chart, String.format(Locale.ROOT, "%s: step %,d", name, step.getAsLong()), new double[]{x, x},
                    new double[]{0, 1}, color, DOTTED);
        }
    }

    private static void line(XYChart chart, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE).setLineColor(color).setLineStyle(stroke);
    }
}
