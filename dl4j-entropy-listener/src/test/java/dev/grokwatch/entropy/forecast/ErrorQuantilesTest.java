package dev.grokwatch.entropy.forecast;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Split-conformal quantiles: the ⌈(m + 1)·α⌉-th smallest of m held-out errors, counted by hand. */
class ErrorQuantilesTest {

    @Test
    void theQuantileIsTheConformalRankOfTheErrors() {
        // nine errors, shuffled: ⌈10·0.8⌉ = 8th smallest; ⌈10·0.95⌉ = 10 > 9, so the largest
        double[] nine = {700, 100, 900, 300, 500, 200, 800, 400, 600};
        ErrorQuantiles q = ErrorQuantiles.of(ForecastMethod.POWER_LAW, 2_000, nine);
        assertEquals(new ErrorQuantiles(ForecastMethod.POWER_LAW, 2_000, 9, 800, 900), q);

        // 19 errors 1..19: ⌈20·0.8⌉ = 16, ⌈20·0.95⌉ = 19
        double[] nineteen = new double[19];
        for (int i = 0; i < 19; i++) {
            nineteen[i] = 19 - i;
        }
        ErrorQuantiles q19 = ErrorQuantiles.of(ForecastMethod.PRIOR, 500, nineteen);
        assertEquals(16, q19.q80());
        assertEquals(19, q19.q95());

        // 20 errors 1..20: ⌈21·0.8⌉ = 17, ⌈21·0.95⌉ = 20
        double[] twenty = new double[20];
        for (int i = 0; i < 20; i++) {
            twenty[i] = i + 1;
        }
        assertEquals(17, ErrorQuantiles.conformal(twenty, 80));
        assertEquals(20, ErrorQuantiles.conformal(twenty, 95));
        assertEquals(4, ErrorQuantiles.conformal(new double[]{1, 2, 3, 4}, 80), "⌈5·0.8⌉ = 4 of 4");
        assertEquals(3, ErrorQuantiles.conformal(new double[]{3, 1}, 80), "too few for the guarantee: the largest");
    }

    @Test
    void tooFewErrorsAndInconsistentQuantilesAreRefused() {
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> ErrorQuantiles.of(ForecastMethod.PRIOR, 500, new double[]{10}));
        assertTrue(one.getMessage().contains("1 held-out errors of PRIOR at 500 steps; expected at least 2"),
                one.getMessage());
        IllegalArgumentException inverted = assertThrows(IllegalArgumentException.class,
                () -> new ErrorQuantiles(ForecastMethod.PRIOR, 500, 5, 300, 200));
        assertTrue(inverted.getMessage().contains("expected a method, a positive horizon, at least 2 runs and"
                + " 0 <= q80 <= q95"), inverted.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ErrorQuantiles(ForecastMethod.PRIOR, 0, 5, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new ErrorQuantiles(null, 500, 5, 1, 2));
    }
}
