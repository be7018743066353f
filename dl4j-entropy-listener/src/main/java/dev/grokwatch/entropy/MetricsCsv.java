package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.PredictionInterval;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The one owner of {@code metrics.csv}, the per-evaluation file of a run (the README's "Output files"):
 * its columns, how an {@link EntropyHistory} is written to it and read back, and how a tool reads a few of
 * its columns. Every module reads and writes the file through this class, so a column is named in one place.
 *
 * <p>The file keeps no epochs or eigenvalues; reading it back recovers H from the effective rank
 * (H = log effective rank). Columns added to the contract later go at its end and are optional on read, so a
 * file written before them still reads (their values are then absent).
 */
public final class MetricsCsv {

    /**
     * The columns of {@code metrics.csv}, in file order. Other tools depend on the names: keep them stable, and add
     * new columns at the end, optional on read.
     */
    public enum Column {
        /** Training step (parameter updates so far). */
        STEP("step"),
        /** Data loss of the last minibatch, without regularisation; empty when not measured. */
        TRAIN_LOSS("train_loss"),
        /** Accuracy on the training-accuracy data, in [0, 1]; empty when not measured. */
        TRAIN_ACC("train_acc"),
        /** Accuracy on the evaluation data, in [0, 1]; empty when not measured. */
        TEST_ACC("test_acc"),
        /** Normalised spectral entropy H̃ = H / log d, in [0, 1] (arXiv 2604.13123, §3.1). */
        ENTROPY("entropy"),
        /** Effective rank exp(H). */
        EFFECTIVE_RANK("effective_rank"),
        /** Global L2 norm of all parameters. */
        PARAM_NORM("param_norm"),
        /** Phase label after the evaluation ({@link Phase#label()}); empty when none. */
        PHASE("phase"),
        /** Forecast grokking step; empty when there is no forecast. */
        PREDICTED_GROK_STEP("predicted_grok_step"),
        /** Fourier alignment of the embeddings; empty when not measured. */
        FOURIER_ALIGNMENT("fourier_alignment"),
        /** Wall-clock milliseconds of the evaluation. */
        WALL_MS("wall_ms"),
        /** Lower end of the forecast's 80% interval (held-out errors); empty without one. Optional on read. */
        PREDICTED_GROK_LOW80("predicted_grok_low80", false),
        /** Upper end of the forecast's 80% interval; empty without one. Optional on read. */
        PREDICTED_GROK_HIGH80("predicted_grok_high80", false),
        /** Lower end of the forecast's 95% interval; empty without one. Optional on read. */
        PREDICTED_GROK_LOW95("predicted_grok_low95", false),
        /** Upper end of the forecast's 95% interval; empty without one. Optional on read. */
        PREDICTED_GROK_HIGH95("predicted_grok_high95", false);

        private final String header;
        private final boolean required;

        Column(String header) {
            this(header, true);
        }

        Column(String header, boolean required) {
            this.header = header;
            this.required = required;
        }

        /** The column's name in the header row, e.g. {@code "param_norm"}. */
        public String header() {
            return header;
        }

        /** Whether {@link #read} needs it; false for columns files written before them lack. */
        public boolean required() {
            return required;
        }
    }

    /** The header row, in file order. */
    public static final List<String> HEADER = Arrays.stream(Column.values()).map(Column::header).toList();

    private static final CSVFormat WRITE = CSVFormat.DEFAULT.builder()
            .setHeader(HEADER.toArray(String[]::new)).setRecordSeparator('\n').build();
    private static final CSVFormat READ = CSVFormat.DEFAULT.builder()
            .setHeader().setSkipHeaderRecord(true).setTrim(true).build();

    private MetricsCsv() {
    }

    /**
     * Writes {@code history} as {@code metrics.csv}: one row per evaluation, an empty cell for a value that
     * was not measured.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(EntropyHistory history, Path path) {
        try (Writer out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, WRITE)) {
            for (EntropyRecord r : history.records()) {
                csv.printRecord(r.step(), cell(r.trainLoss()), cell(r.trainAccuracy()), cell(r.testAccuracy()),
                        r.normalisedEntropy(), r.effectiveRank(), r.paramNorm(),
                        r.phase() == null ? "" : r.phase().label(), cell(r.predictedGrokStep()),
                        cell(r.fourierAlignment()), r.wallMs(), low(r.predictedGrokInterval80()),
                        high(r.predictedGrokInterval80()), low(r.predictedGrokInterval95()),
                        high(r.predictedGrokInterval95()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write metrics CSV to " + path, e);
        }
    }

    /** Reads a {@code metrics.csv} with the default criteria. */
    public static EntropyHistory read(Path path) {
        return read(path, PhaseCriteria.defaults());
    }

    /**
     * Reads a {@code metrics.csv} written by {@link #write}; the criteria decide how the curve is read afterwards
     * (the phase column is kept as written).
     *
     * @throws IllegalArgumentException naming the file, line and column, when a column is missing or a cell
     *                                  is not a number where one is required
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static EntropyHistory read(Path path, PhaseCriteria criteria) {
        EntropyHistory history = new EntropyHistory(criteria);
        for (Row row : rows(path, Arrays.stream(Column.values()).filter(Column::required).toArray(Column[]::new))) {
            EntropyRecord record = row.toRecord();
            try {
                history.append(record);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + " line " + row.line() + ": " + e.getMessage(), e);
            }
        }
        return history;
    }

    /**
     * The data rows of a {@code metrics.csv} that has at least the {@code required} columns, for a tool that
     * reads only some of them (e.g. the norm-matched control reads {@code step} and {@code param_norm}).
     *
     * @throws IllegalArgumentException naming the file, the missing columns and the header found
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static List<Row> rows(Path path, Column... required) {
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8);
             CSVParser csv = READ.parse(in)) {
            Map<String, Integer> header = csv.getHeaderMap();
            List<String> missing = Arrays.stream(required).map(Column::header)
                    .filter(c -> !header.containsKey(c)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(path + " lacks the column(s) " + missing + " (header: "
                        + header.keySet() + "); expected a metrics.csv header with the columns "
                        + String.join(",", Arrays.stream(required).map(Column::header).toList()));
            }
            List<Row> rows = new ArrayList<>();
            for (CSVRecord record : csv) {
                rows.add(new Row(path, record));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read metrics CSV " + path, e);
        }
    }

    private static Object cell(Object value) {
        return value == null ? "" : value;
    }

    private static Object low(PredictionInterval interval) {
        return interval == null ? "" : interval.low();
    }

    private static Object high(PredictionInterval interval) {
        return interval == null ? "" : interval.high();
    }

    /** One data row of a {@code metrics.csv}; errors name the file and the line (the header is line 1). */
    public static final class Row {

        private final Path file;
        private final CSVRecord record;

        private Row(Path file, CSVRecord record) {
            this.file = file;
            this.record = record;
        }

        /** 1-based line number in the file; metrics.csv has no multi-line cells. */
        public long line() {
            return record.getRecordNumber() + 1;
        }

        /**
         * The cell's text, trimmed; empty when the value was not measured, or when an optional column is not in
         * the file (written before it).
         *
         * @throws IllegalArgumentException when the row is shorter than the header
         */
        public String cell(Column column) {
            if (!column.required() && !record.isMapped(column.header())) {
                return "";
            }
            if (!record.isSet(column.header())) {
                throw new IllegalArgumentException(file + " line " + line() + " has no '" + column.header()
                        + "' cell; expected as many cells as the header has columns");
            }
            return record.get(column.header());
        }

        /**
         * The cell as a number.
         *
         * @throws IllegalArgumentException naming file, line, column and text when the cell is not a number
         */
        public double number(Column column) {
            String text = cell(column);
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw invalid(column, text, "a number");
            }
        }

        /** The cell as a number, or null when it is empty. */
        public Double optionalNumber(Column column) {
            return cell(column).isEmpty() ? null : number(column);
        }

        /** An error naming this row's file, line and cell, and what was expected there. */
        public IllegalArgumentException invalid(Column column, String text, String expected) {
            return new IllegalArgumentException(file + " line " + line() + ": " + column.header() + " is '" + text
                    + "'; expected " + expected);
        }

        /** Reads the cells in file order, so a short row is reported at its first missing cell. */
        private EntropyRecord toRecord() {
            long step = wholeStep(Column.STEP);
            Double trainLoss = optionalNumber(Column.TRAIN_LOSS);
            Double trainAccuracy = optionalNumber(Column.TRAIN_ACC);
            Double testAccuracy = optionalNumber(Column.TEST_ACC);
            double normalisedEntropy = number(Column.ENTROPY);
            double effectiveRank = number(Column.EFFECTIVE_RANK);
            double paramNorm = number(Column.PARAM_NORM);
            String phase = cell(Column.PHASE);
            Phase parsedPhase;
            try {
                parsedPhase = phase.isEmpty() ? null : Phase.fromLabel(phase);
            } catch (IllegalArgumentException e) {
                throw invalid(Column.PHASE, phase, "a phase label or an empty cell (" + e.getMessage() + ")");
            }
            Long predicted = cell(Column.PREDICTED_GROK_STEP).isEmpty() ? null : wholeStep(Column.PREDICTED_GROK_STEP);
            Double fourierAlignment = optionalNumber(Column.FOURIER_ALIGNMENT);
            double wallMs = number(Column.WALL_MS);
            PredictionInterval interval80 = interval(Column.PREDICTED_GROK_LOW80, Column.PREDICTED_GROK_HIGH80);
            PredictionInterval interval95 = interval(Column.PREDICTED_GROK_LOW95, Column.PREDICTED_GROK_HIGH95);
            if ((interval80 == null) != (interval95 == null) || (interval80 != null && predicted == null)) {
                throw new IllegalArgumentException(file + " line " + line() + ": predicted_grok_step '"
                        + cell(Column.PREDICTED_GROK_STEP) + "', 80% interval " + interval80 + ", 95% interval "
                        + interval95 + "; expected both intervals or neither, and a predicted step with them");
            }
            double entropy = effectiveRank > 0 || Double.isNaN(effectiveRank) ? Math.log(effectiveRank) : 0.0;
            return EntropyRecord.builder().at(step, 0) // a CSV keeps no epochs or eigenvalues
                    .spectrum(normalisedEntropy, entropy, effectiveRank, null).paramNorm(paramNorm).wallMs(wallMs)
                    .trainLoss(trainLoss).trainAccuracy(trainAccuracy).testAccuracy(testAccuracy).phase(parsedPhase)
                    .predictedGrokStep(predicted).fourierAlignment(fourierAlignment)
                    .predictedGrokIntervals(interval80, interval95).build();
        }

        /** The interval of two cells, null when both are empty. */
        private PredictionInterval interval(Column lowColumn, Column highColumn) {
            String low = cell(lowColumn);
            String high = cell(highColumn);
            if (low.isEmpty() && high.isEmpty()) {
                return null;
            }
            if (low.isEmpty() || high.isEmpty()) {
                Column empty = low.isEmpty() ? lowColumn : highColumn;
                throw invalid(empty, "", "a whole step, as " + (low.isEmpty() ? highColumn : lowColumn).header()
                        + " has one");
            }
            long from = wholeStep(lowColumn);
            long to = wholeStep(highColumn);
            if (from > to) {
                throw invalid(highColumn, high, "a step at least " + lowColumn.header() + " " + from);
            }
            return new PredictionInterval(from, to);
        }

        private long wholeStep(Column column) {
            String text = cell(column);
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw invalid(column, text, "a whole step");
            }
        }
    }
}
