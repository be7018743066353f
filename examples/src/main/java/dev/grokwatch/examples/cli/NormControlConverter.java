package dev.grokwatch.examples.cli;

import dev.grokwatch.examples.run.NormControlOption;
import dev.grokwatch.models.interventions.NormMatchedControl;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --norm-control}: a number is a constant target norm, anything else the path of a baseline
 * run's {@code metrics.csv} whose {@code param_norm} trajectory is followed.
 */
final class NormControlConverter implements ITypeConverter<NormControlOption> {

    @Override
    public NormControlOption convert(String value) {
        return new NormControlOption(value, control(value));
    }

    private static NormMatchedControl control(String value) {
        Double constant = parseNumber(value);
        try {
            if (constant != null) {
                return NormMatchedControl.constant(constant);
            }
            Path metrics = Path.of(value);
            if (!Files.isRegularFile(metrics)) {
                throw new TypeConversionException("'" + value + "' is neither a number (a constant target norm)"
                        + " nor an existing file; expected a norm > 0 or a baseline run's metrics.csv");
            }
            return NormMatchedControl.fromMetrics(metrics);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage() + " (from '" + value + "')");
        } catch (UncheckedIOException e) {
            throw new TypeConversionException("could not read " + value + ": " + e.getMessage());
        }
    }

    private static Double parseNumber(String value) {
        try {
            return Double.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
