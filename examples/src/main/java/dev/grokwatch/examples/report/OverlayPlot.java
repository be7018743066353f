package dev.grokwatch.examples.report;

import dev.grokwatch.entropy.EntropyHistory;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunSummary;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
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
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Many runs in one picture, as in arXiv 2604.13123's Figure 1 (§5: H̃ and test accuracy of several seeds
 * against training steps) and Figure 5 (§9: several tasks), or aligned at each run's grokking step to
 * compare the crossings' leads. Two panels share the x
 * axis: H̃ with the threshold H̃* dashed and each run's crossing marked, and test accuracy with each
 * run's grokking step marked. One colour per run when the runs differ only in their seed; otherwise
 * one colour per setting (the folder name without {@code -seedN}), every seed of it in that colour.
 */
public final class OverlayPlot {

    static final int WIDTH = 1200;
    private static final int TOP_HEIGHT = 500;
    private static final int BOTTOM_HEIGHT = 380;
    static final Color[] PALETTE = {
            new Color(0x1f, 0x77, 0xb4), new Color(0xd6, 0x27, 0x28), new Color(0x2c, 0xa0, 0x2c),
            new Color(0xff, 0x7f, 0x0e), new Color(0x94, 0x67, 0xbd), new Color(0x8c, 0x56, 0x4b),
            new Color(0xe3, 0x77, 0xc2), new Color(0x17, 0xbe, 0xcf), new Color(0xbc, 0xbd, 0x22),
            new Color(0x7f, 0x7f, 0x7f)};
    static final Color INK = new Color(0x22, 0x22, 0x22);
    static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[]{9f, 6f}, 0f);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 14);

    private OverlayPlot() {
    }

    /** One run's curve: x positions (steps, or steps from grokking) and the run's history. */
    private record Curve(RunFolder run, EntropyHistory history, double offset, String group) {
    }

    /**
     * Draws the runs and writes the PNG.
     *
     * @param alignGrok x = steps from each run's grokking step; runs that did not grok are left out
     * @return how many runs were drawn
     */
    public static int write(List<RunFolder> runs, boolean alignGrok, Path png) {
        List<Curve> curves = new ArrayList<>();
        for (RunFolder run : runs) {
            Long grok = run.summary().grokStep();
            if (alignGrok && grok == null) {
                continue;
            }
            curves.add(new Curve(run, run.history(), alignGrok ? grok : 0, run.name().replaceFirst("-seed\\d+", "")));
        }
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("none of the " + runs.size() + " runs grokked; expected at least one "
                    + "with a grok_step to align at (or leave out --align-grok)");
        }
        boolean bySeed = curves.stream().map(Curve::group).distinct().count() == 1;
        Map<String, Color> colours = new LinkedHashMap<>();
        for (Curve curve : curves) {
            String key = bySeed ? curve.run().name() : curve.group();
            colours.putIfAbsent(key, PALETTE[colours.size() % PALETTE.length]);
        }

        String xTitle = alignGrok ? "steps from the grokking step" : "training step";
        XYChart entropy = chart(title(curves, runs.size(), alignGrok), xTitle, "H̃ (normalised spectral entropy)",
                TOP_HEIGHT);
        XYChart accuracy = chart(null, xTitle, "test accuracy", BOTTOM_HEIGHT);
        accuracy.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setLegendPosition(Styler.LegendPosition.InsideSE);
        entropy.getStyler().setXAxisTitleVisible(false); // the panels share the x axis: title it once, below

        double[] xRange = {Double.MAX_VALUE, -Double.MAX_VALUE};
        double[] hRange = {Double.MAX_VALUE, -Double.MAX_VALUE};
        List<String> legendShown = new ArrayList<>();
        for (Curve curve : curves) {
            String key = bySeed ? curve.run().name() : curve.group();
            String legend = bySeed ? "seed " + curve.run().summary().seed() : curve.group();
            boolean first = !legendShown.contains(key);
            legendShown.add(key);
            Color colour = colours.get(key);
            List<EntropyRecord> records = curve.history().records();
            double[] x = records.stream().mapToDouble(r -> r.step() - curve.offset()).toArray();
            if (x.length > 0) {
                xRange[0] = Math.min(xRange[0], x[0]);
                xRange[1] = Math.max(xRange[1], x[x.length - 1]);
            }
            double[] h = values(records, EntropyRecord::normalisedEntropy);
            for (double v : h) {
                if (Double.isFinite(v)) {
                    hRange[0] = Math.min(hRange[0], v);
                    hRange[1] = Math.max(hRange[1], v);
                }
            }
            line(entropy, curve.run().name() + " H̃", legend, first, x, h, colour);
            line(accuracy, curve.run().name() + " test", legend, false, x, values(records, EntropyRecord::testAccuracy),
                    colour);
        }
        for (Curve curve : curves) {
            hRange[0] = Math.min(hRange[0], curve.run().summary().threshold());
            hRange[1] = Math.max(hRange[1], curve.run().summary().threshold());
        }
        // H̃ on a range that fits the curves and the thresholds, with a margin, rounded to 0.05.
        entropy.getStyler().setYAxisMin(Math.max(0.0, Math.floor(hRange[0] / 0.05) * 0.05 - 0.05))
                .setYAxisMax(Math.min(1.0, Math.ceil(hRange[1] / 0.05) * 0.05 + 0.05));
        events(entropy, accuracy, curves, crossingLabel(curves, alignGrok));
        if (alignGrok) {
            vertical(entropy, "grokking step", 0, INK);
            vertical(accuracy, "grokking step ", 0, INK);
        }
        // Unaligned, steps start at 0; aligned, a margin keeps the grokking line off the frame.
        double xMin = alignGrok ? xRange[0] : 0.0;
        double xMax = alignGrok ? Math.max(xRange[1], 0) + 0.03 * (Math.max(xRange[1], 0) - xMin) : xRange[1];
        for (XYChart chart : List.of(entropy, accuracy)) {
            chart.getStyler().setXAxisMin(xMin).setXAxisMax(xMax);
        }
        thresholds(entropy, curves, xMin, xMax);
        save(png, entropy, accuracy);
        return curves.size();
    }

    private static String title(List<Curve> curves, int runs, boolean alignGrok) {
        String groups = String.join(", ", new TreeSet<>(curves.stream().map(Curve::group).toList()));
        String title = String.format(Locale.ROOT, "%s: H̃ and test accuracy of %d run%s%s", groups, curves.size(),
                curves.size() == 1 ? "" : "s", alignGrok ? ", aligned at grokking" : "");
        if (runs > curves.size()) {
            title += String.format(Locale.ROOT, " (%d not grokked, left out)", runs - curves.size());
        }
        return title;
    }

    /** The crossings' legend entry; aligned, with the mean lead of crossing over grokking (the paper's 1,020). */
    private static String crossingLabel(List<Curve> curves, boolean alignGrok) {
        double[] leads = curves.stream().map(c -> c.run().summary().leadSteps()).filter(l -> l != null)
                .mapToDouble(Long::doubleValue).toArray();
        if (!alignGrok || leads.length == 0) {
            return "H̃ < H̃* (crossing)";
        }
        return String.format(Locale.ROOT, "H̃ < H̃*: a mean %,.0f steps before grokking", new Mean().evaluate(leads));
    }

    /** A chart in the overlay's style (fonts, white background, light grid); {@code title} null for none. */
    static XYChart chart(String title, String xTitle, String yTitle, int height) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(height).title(title == null ? "" : title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        XYStyler style = chart.getStyler();
        style.setChartTitleVisible(title != null).setChartTitleFont(TITLE).setChartTitleBoxVisible(false);
        style.setAxisTitleFont(LABEL).setAxisTickLabelsFont(TICKS).setLegendFont(TICKS);
        style.setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(Color.WHITE).setPlotBorderVisible(false);
        style.setPlotGridLinesColor(new Color(0xe6, 0xe6, 0xe6));
        style.setXAxisDecimalPattern("#,###").setYAxisDecimalPattern("0.00");
        style.setLegendPosition(Styler.LegendPosition.InsideNE).setLegendBorderColor(new Color(0xdd, 0xdd, 0xdd));
        style.setChartPadding(12);
        return chart;
    }

    private static double[] values(List<EntropyRecord> records, Function<EntropyRecord, Double> value) {
        return records.stream().mapToDouble(r -> {
            Double v = value.apply(r);
            return v == null ? Double.NaN : v;
        }).toArray();
    }

    private static void line(XYChart chart, String name, String legend, boolean inLegend, double[] x, double[] y,
                             Color colour) {
        if (x.length == 0) {
            return;
        }
        // Series names must be unique; the legend shows the run's or the setting's label once.
        XYSeries series = chart.addSeries(inLegend ? legend : name, x, y);
        series.setMarker(SeriesMarkers.NONE).setLineColor(colour).setLineWidth(2.2f).setShowInLegend(inLegend);
    }

    /** A dashed line at each distinct H̃* of the runs (tasks differ in their threshold). */
    private static void thresholds(XYChart chart, List<Curve> curves, double xMin, double xMax) {
        for (double h : new TreeSet<>(curves.stream().map(c -> c.run().summary().threshold()).toList())) {
            XYSeries series = chart.addSeries(String.format(Locale.ROOT, "threshold H̃* = %s", h),
                    new double[]{xMin, xMax}, new double[]{h, h});
            series.setMarker(SeriesMarkers.NONE).setLineColor(INK).setLineStyle(DASHED);
        }
    }

    /** Each run's threshold crossing on the H̃ panel and grokking step on the accuracy panel. */
    private static void events(XYChart entropy, XYChart accuracy, List<Curve> curves, String crossingLabel) {
        List<double[]> crossings = new ArrayList<>();
        List<double[]> groks = new ArrayList<>();
        for (Curve curve : curves) {
            RunSummary s = curve.run().summary();
            for (EntropyRecord r : curve.history().records()) {
                if (s.thresholdCrossStep() != null && r.step() == s.thresholdCrossStep()) {
                    crossings.add(new double[]{r.step() - curve.offset(), r.normalisedEntropy()});
                }
                if (s.grokStep() != null && r.step() == s.grokStep() && r.testAccuracy() != null) {
                    groks.add(new double[]{r.step() - curve.offset(), r.testAccuracy()});
                }
            }
        }
        points(entropy, crossingLabel, crossings);
        points(accuracy, "grokked (test ≥ 0.99)", groks);
        accuracy.getStyler().setLegendVisible(!groks.isEmpty());
    }

    private static void points(XYChart chart, String name, List<double[]> points) {
        if (points.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray());
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.CIRCLE)
                .setMarkerColor(INK);
    }

    private static void vertical(XYChart chart, String name, double x, Color colour) {
        XYStyler style = chart.getStyler();
        XYSeries series = chart.addSeries(name, new double[]{x, x}, new double[]{style.getYAxisMin(),
                style.getYAxisMax()});
        series.setMarker(SeriesMarkers.NONE).setLineColor(colour).setLineWidth(1.5f).setShowInLegend(false);
    }

    /** The panels stacked top to bottom in one PNG, each at its own height. */
    static void save(Path png, XYChart... panels) {
        int height = 0;
        for (XYChart panel : panels) {
            height += panel.getHeight();
        }
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            int y = 0;
            for (XYChart panel : panels) {
                g.drawImage(BitmapEncoder.getBufferedImage(panel), 0, y, null);
                y += panel.getHeight();
            }
        } finally {
            g.dispose();
        }
        ImageIO.setUseCache(false);
        try {
            if (!ImageIO.write(image, "png", png.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the overlay plot to " + png + " (--out)", e);
        }
    }
}
