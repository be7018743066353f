package dev.grokwatch.examples.reproduce;

import dev.grokwatch.examples.run.RunFolder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A run's logit scale, {@link RunFolder#LOGIT_SCALE} (written by {@code train --logit-scale}): at each evaluation
 * step, the mean over the probe's rows of the largest output logit, before the softmax. The norm-matched control
 * may change it along with the norm, a confound of the paper's reading of §6.
 *
 * @param values max_logit_mean by step
 */
public record LogitScale(NavigableMap<Long, Double> values) {

    /** Columns of the file. */
    public static final String STEP = "step";
    public static final String MAX_LOGIT_MEAN = "max_logit_mean";

    private static final CSVFormat READ = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setTrim(true).build();

    public LogitScale {
        values = Collections.unmodifiableNavigableMap(new TreeMap<>(values));
    }

    /**
     * Reads {@code logit-scale.csv}.
     *
     * @throws IllegalArgumentException naming the file, line and cell when a column is missing or a cell is not a
     *                                  number
     * @throws UncheckedIOException     when it cannot be read
     */
    public static LogitScale read(Path csv) {
        NavigableMap<Long, Double> values = new TreeMap<>();
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8); CSVParser parser = READ.parse(in)) {
            if (!parser.getHeaderMap().containsKey(STEP) || !parser.getHeaderMap().containsKey(MAX_LOGIT_MEAN)) {
                throw new IllegalArgumentException(csv + " has the columns " + parser.getHeaderMap().keySet()
                        + "; expected " + STEP + "," + MAX_LOGIT_MEAN);
            }
            for (CSVRecord row : parser) {
                long line = row.getRecordNumber() + 1;
                try {
                    values.put(Long.parseLong(row.get(STEP)), Double.parseDouble(row.get(MAX_LOGIT_MEAN)));
                } catch (IllegalArgumentException e) { // a cell that is not a number, or a short row
                    throw new IllegalArgumentException(csv + " line " + line + " is " + row.toList()
                            + "; expected a whole step and a number", e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the logit scale " + csv, e);
        }
        return new LogitScale(values);
    }

    /** The mean of the finite values at steps in [from, to]; empty when there is none. */
    public OptionalDouble meanBetween(long from, long to) {
        if (from > to) {
            return OptionalDouble.empty();
        }
        return values.subMap(from, true, to, true).values().stream().mapToDouble(Double::doubleValue)
                .filter(Double::isFinite).average();
    }
}
