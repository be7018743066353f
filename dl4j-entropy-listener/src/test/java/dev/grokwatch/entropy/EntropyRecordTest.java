package dev.grokwatch.entropy;

import dev.grokwatch.entropy.forecast.Forecast;
import dev.grokwatch.entropy.forecast.PredictionInterval;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The builder gives the record the canonical constructor gives, and refuses a record without a required part. */
class EntropyRecordTest {

    static EntropyRecord.Builder complete() {
        return EntropyRecord.builder().at(400, 1).spectrum(0.55, 1.5, Math.exp(1.5), new double[]{5, 1})
                .paramNorm(13.25).wallMs(3.25);
    }

    @Test
    void builtFromPartsEqualsThePositionalRecord() {
        EntropyRecord built = complete().trainLoss(1e-3).trainAccuracy(1.0).testAccuracy(0.5)
                .phase(Phase.ENTROPY_COLLAPSE).predictedGrokStep(420L).fourierAlignment(0.8).build();
        EntropyRecord positional = new EntropyRecord(400, 1, 0.55, 1.5, Math.exp(1.5), new double[]{5, 1}, 13.25, 1e-3,
                1.0, 0.5, Phase.ENTROPY_COLLAPSE, 420L, 0.8, 3.25);
        assertEquals(positional, built);
        assertEquals(positional.hashCode(), built.hashCode());
        assertEquals(positional.toString(), built.toString());
    }

    @Test
    void optionalPartsNotGivenAreNull() {
        EntropyRecord r = complete().build();
        assertNull(r.trainLoss());
        assertNull(r.trainAccuracy());
        assertNull(r.testAccuracy());
        assertNull(r.phase());
        assertNull(r.predictedGrokStep());
        assertNull(r.fourierAlignment());
        assertEquals(new EntropyRecord(400, 1, 0.55, 1.5, Math.exp(1.5), new double[]{5, 1}, 13.25, null, null, null,
                null, null, null, 3.25), r);
    }

    @Test
    void aForecastsIntervalsTravelWithTheRecordAndAreLeftOutOfTheJsonWithoutOne() throws Exception {
        PredictionInterval i80 = new PredictionInterval(400, 480);
        PredictionInterval i95 = new PredictionInterval(400, 700);
        EntropyRecord withForecast = complete().predictedGrokStep(420L).predictedGrokIntervals(i80, i95).build();
        assertEquals(withForecast, complete().build().withForecast(new Forecast(400, 420, i80, i95, "prior", true)));
        assertEquals(complete().predictedGrokStep(420L).build(),
                complete().build().withForecast(new Forecast(400, 420, "prior", true)), "a point forecast: no interval");
        assertEquals(complete().build(), withForecast.withForecast(null), "no forecast: nothing predicted");

        EntropyHistory history = new EntropyHistory(PhaseCriteria.defaults());
        history.append(withForecast);
        history.append(complete().at(600, 1).predictedGrokStep(620L).build());
        String json = history.toJson();
        assertEquals(1, json.split("predictedGrokInterval80", -1).length - 1, "only the record with an interval: " + json);
        assertEquals(history.records(), EntropyHistory.fromJson(json).records());
        assertEquals(history.records(), JavaSerialisation.roundTrip(history).records());

        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> complete().predictedGrokStep(420L).predictedGrokIntervals(i80, null).build());
        assertTrue(one.getMessage().contains("expected both intervals or neither"), one.getMessage());
        IllegalArgumentException noStep = assertThrows(IllegalArgumentException.class,
                () -> complete().predictedGrokIntervals(i80, i95).build());
        assertTrue(noStep.getMessage().contains("and a predicted step with them"), noStep.getMessage());
    }

    @Test
    void aSpectralSummaryGivesItsNumbersAndItsLargestEigenvalues() {
        SpectralSummary summary = SpectralEntropy.fromEigenvalues(new double[]{4, 3, 2, 1}, 20);
        EntropyRecord r = EntropyRecord.builder().at(10, 0).spectrum(summary, 2).paramNorm(1).wallMs(0).build();
        assertEquals(summary.normalisedEntropy(), r.normalisedEntropy());
        assertEquals(summary.entropy(), r.entropy());
        assertEquals(summary.effectiveRank(), r.effectiveRank());
        assertArrayEquals(new double[]{4, 3}, r.topEigenvalues());
        SpectralSummary nan = SpectralSummary.nonFinite(20, 4);
        EntropyRecord diverged = EntropyRecord.builder().at(10, 0).spectrum(nan, 10).paramNorm(1).wallMs(0).build();
        assertTrue(Double.isNaN(diverged.normalisedEntropy()) && Double.isNaN(diverged.effectiveRank()));
        assertEquals(4, diverged.topEigenvalues().length, "no more eigenvalues than d");
    }

    @Test
    void aMissingRequiredPartIsNamed() {
        IllegalStateException step = assertThrows(IllegalStateException.class, () -> EntropyRecord.builder()
                .spectrum(0.5, 1, 2, null).paramNorm(1).wallMs(1).build());
        assertTrue(step.getMessage().contains("no step") && step.getMessage().contains("at(step, epoch)"),
                step.getMessage());
        IllegalStateException spectrum = assertThrows(IllegalStateException.class, () -> EntropyRecord.builder()
                .at(200, 0).paramNorm(1).wallMs(1).build());
        assertTrue(spectrum.getMessage().contains("step 200 has no spectrum"), spectrum.getMessage());
        IllegalStateException norm = assertThrows(IllegalStateException.class, () -> EntropyRecord.builder()
                .at(200, 0).spectrum(0.5, 1, 2, null).wallMs(1).build());
        assertTrue(norm.getMessage().contains("no parameter norm") && norm.getMessage().contains("paramNorm("),
                norm.getMessage());
        IllegalStateException wall = assertThrows(IllegalStateException.class, () -> EntropyRecord.builder()
                .at(200, 0).spectrum(0.5, 1, 2, null).paramNorm(1).build());
        assertTrue(wall.getMessage().contains("no wall time") && wall.getMessage().contains("wallMs("),
                wall.getMessage());
    }

    @Test
    void theBuilderKeepsItsOwnCopyOfTheEigenvalues() {
        double[] eigenvalues = {3, 2};
        EntropyRecord.Builder builder = EntropyRecord.builder().at(1, 0).spectrum(0.5, 1, 2, eigenvalues)
                .paramNorm(1).wallMs(1);
        EntropyRecord first = builder.build();
        eigenvalues[0] = 99;
        assertArrayEquals(new double[]{3, 2}, first.topEigenvalues());
    }
}
