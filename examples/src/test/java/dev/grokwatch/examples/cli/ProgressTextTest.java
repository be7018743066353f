package dev.grokwatch.examples.cli;

import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.Phase;
import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.entropy.forecast.PredictionInterval;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The progress line of an evaluation, with the forecast and its 80% interval when there is one. */
class ProgressTextTest {

    static final EntropyRecord RECORD = EntropyRecord.builder().at(6_200, 3).spectrum(0.842, 3.2, 24.5, null)
            .paramNorm(40).wallMs(12).trainLoss(0.0123).trainAccuracy(1.0).testAccuracy(0.153)
            .phase(Phase.ENTROPY_COLLAPSE).build();

    @Test
    void anEvaluationWithoutAForecast() {
        assertEquals("loss 0.0123  train 1.000  test 0.153  H̃ 0.8420  entropy_collapse", ProgressText.of(RECORD));
    }

    @Test
    void aForecastShowsItsStepAndItsEightyPercentInterval() {
        EntropyRecord withForecast = RECORD.withForecast(new Forecast(6_200, 9_800, new PredictionInterval(9_200, 10_400),
                new PredictionInterval(8_700, 11_000), "power-law", false));
        assertEquals("loss 0.0123  train 1.000  test 0.153  H̃ 0.8420  entropy_collapse  grok ≈ 9,800 [9,200–10,400]",
                ProgressText.of(withForecast));
    }

    @Test
    void aPointForecastOfACalibrationWithoutHeldOutErrorsShowsTheStepAlone() {
        assertEquals("loss 0.0123  train 1.000  test 0.153  H̃ 0.8420  entropy_collapse  grok ≈ 9,800",
                ProgressText.of(RECORD.withForecast(new Forecast(6_200, 9_800, "power-law", true))));
    }
}
