package dev.grokwatch.examples.run;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@value RunFolder#LOGIT_SCALE} of {@code train --logit-scale}: columns {@code step,max_logit_mean}, one row per
 * evaluation, the mean over the probe's rows of the largest output logit before the softmax
 * ({@link dev.grokwatch.models.interventions.LogitScale}).
 */
public final class LogitScaleCsv {

    /** The header row. */
    public static final List<String> HEADER = List.of("step", "max_logit_mean");

    private static final CSVFormat WRITE = CSVFormat.DEFAULT.builder()
            .setHeader(HEADER.toArray(String[]::new)).setRecordSeparator('\n').build();
    private static final CSVFormat READ = CSVFormat.DEFAULT.builder()
            .setHeader().setSkipHeaderRecord(true).setTrim(true).build();

    /** One evaluation: the step (updates done) and the mean largest logit, in the logits' units. */
    public record Point(long step, double maxLogitMean) {
    }

    private LogitScaleCsv() {
    }

    /**
     * Writes the points, in their order.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(List<Point> points, Path path) {
        try (Writer out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, WRITE)) {
            for (Point p : points) {
                csv.printRecord(p.step(), p.maxLogitMean());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the logit scale to " + path, e);
        }
    }

    /**
     * Reads a file written by {@link #write}.
     *
     * @throws IllegalArgumentException naming the file, and the line of a bad cell, when the header is not
     *                                  {@code step,max_logit_mean} or a cell is not a number
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static List<Point> read(Path path) {
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8);
             CSVParser csv = READ.parse(in)) {
            if (!csv.getHeaderNames().equals(HEADER)) {
                throw new IllegalArgumentException(path + " has the header " + csv.getHeaderNames() + "; expected "
                        + String.join(",", HEADER));
            }
            List<Point> points = new ArrayList<>();
            for (CSVRecord r : csv) {
                try {
                    points.add(new Point(Long.parseLong(r.get(0)), Double.parseDouble(r.get(1))));
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    throw new IllegalArgumentException(path + " line " + (r.getRecordNumber() + 1) + " is '"
                            + String.join(",", r.toList()) + "'; expected a step and a number", e);
                }
            }
            return points;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the logit scale " + path, e);
        }
    }
}
