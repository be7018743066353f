package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.CollapseRateForecaster;
import dev.grokwatch.entropy.forecast.CrossingLag;
import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.entropy.forecast.GrokForecaster;
import dev.grokwatch.entropy.forecast.PowerLawFit;
import dev.grokwatch.entropy.forecast.PowerLawForecaster;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** A run has one H̃*: the builder takes the forecaster's when none is given and warns when two disagree. */
class OneThresholdTest {

    private static final PowerLawFit FIT = new PowerLawFit(2_000, 1.5, 10, 0.9, 5, -10, 10, 50, 0.7);

    private static SpectralEntropyListener.Builder builder() {
        return SpectralEntropyListener.builder()
                .probe(TestNetworks.blobs(64, 3).getFeatures().getRows(IntStream.range(0, 32).toArray())).layer(1);
    }

    @Test
    void withoutAThresholdTheForecastersIsTheRuns() {
        for (GrokForecaster forecaster : List.of(new PowerLawForecaster(0.46, FIT),
                new CollapseRateForecaster(0.52, new CrossingLag(1_000, 100, 3)))) {
            String log = StandardError.captured(() -> {
                SpectralEntropyListener entropy = builder().forecaster(forecaster).build();
                assertEquals(forecaster.threshold().getAsDouble(), entropy.criteria().threshold(), forecaster.name());
            });
            assertFalse(log.contains("differs"), log);
        }
    }

    @Test
    void theSameValueTwiceIsQuiet() {
        String log = StandardError.captured(() -> assertEquals(0.46,
                builder().threshold(0.46).forecaster(new PowerLawForecaster(0.46, FIT)).build().criteria().threshold()));
        assertFalse(log.contains("differs"), log);
    }

    @Test
    void twoValuesAreWarnedOnceNamingBothAndTheExplicitOneIsKeptForCrossings() {
        String log = StandardError.captured(() -> assertEquals(0.6,
                builder().threshold(0.6).forecaster(new PowerLawForecaster(0.46, FIT)).build().criteria().threshold()));
        List<String> warnings = log.lines().filter(l -> l.contains("differs")).toList();
        assertEquals(1, warnings.size(), log);
        assertTrue(warnings.get(0).contains("threshold(0.6) differs from the forecaster's H̃* = 0.46"), warnings.get(0));
        assertTrue(warnings.get(0).contains("Calibration.forecaster(method, 0.6)"), warnings.get(0));
    }

    @Test
    void aForecasterWithoutAThresholdLeavesTheRunWithoutOne() {
        GrokForecaster none = new GrokForecaster() {
            @Override
            public Optional<Forecast> forecast(EntropyCurve curve) {
                return Optional.empty();
            }

            @Override
            public String name() {
                return "none";
            }
        };
        assertNull(builder().forecaster(none).build().criteria().threshold());
        assertEquals(0.5, builder().threshold(0.5).forecaster(none).build().criteria().threshold());
    }
}
