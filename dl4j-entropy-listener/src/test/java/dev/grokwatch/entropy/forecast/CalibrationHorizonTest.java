package dev.grokwatch.entropy.forecast;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** calibration.json's optional no-collapse horizon: written when set, absent otherwise, old files still read. */
class CalibrationHorizonTest {

    private static final Calibration FITTED = Calibration.fit(CalibrationTest.RUNS, false, ForecastMethod.POWER_LAW);

    @Test
    void aHorizonIsWrittenReadAndKeptWhenTheForecasterChanges() {
        Calibration with = FITTED.withNoCollapseSteps(8_000L);
        String json = with.toJson();
        assertTrue(json.contains("\"noCollapseSteps\" : 8000"), json);
        assertEquals(with, Calibration.fromJson(json));
        assertEquals(8_000L, with.withMethod(ForecastMethod.COLLAPSE_RATE).noCollapseSteps());
    }

    /** A file without the field, as written before it existed, reads with no horizon, and none is written back. */
    @Test
    void withoutAHorizonTheFileIsAsBefore() {
        assertNull(FITTED.noCollapseSteps());
        String json = FITTED.toJson();
        assertFalse(json.contains("noCollapseSteps"), json);
        assertTrue(json.trim().endsWith("\"notGrokked\" : [ ]\n}".trim()), json);
        Calibration read = Calibration.fromJson(json);
        assertNull(read.noCollapseSteps());
        assertEquals(FITTED, read);
    }

    @Test
    void aHorizonThatIsNotPositiveIsRefused() {
        assertEquals("noCollapseSteps must be a positive number of steps or absent, got 0",
                assertThrows(IllegalArgumentException.class, () -> FITTED.withNoCollapseSteps(0L)).getMessage());
    }
}
