package dev.grokwatch.examples.run;

import dev.grokwatch.models.interventions.NormMatchedControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --norm-control} given at once, or for a baseline not trained yet, read when first needed. */
class NormControlOptionTest {

    @Test
    void aBaselineNotYetTrainedIsReadWhenTheControlIsFirstNeeded(@TempDir Path dir) throws IOException {
        Path metrics = dir.resolve("baseline").resolve(RunFolder.METRICS);
        NormControlOption option = NormControlOption.baselineTrajectory(metrics);
        assertEquals(metrics.toString(), option.argument());
        assertEquals(new NormControlOption(metrics.toString(), NormMatchedControl.constant(1)), option,
                "equal when given the same way");
        UncheckedIOException missing = assertThrows(UncheckedIOException.class, option::control);
        assertTrue(missing.getMessage().contains(metrics.toString()), missing.getMessage());

        SyntheticRuns.write(metrics.getParent(), 0, 2_000, 3_000L, 4_000); // param_norm 40 + step / 100
        NormMatchedControl control = option.control();
        assertEquals(50.0, control.targetNorm(1_000), 1e-9);
        assertSame(control, option.control(), "read once");
    }

    @Test
    void givenAtOnceNeedsBoth() {
        NormMatchedControl constant = NormMatchedControl.constant(40);
        assertSame(constant, new NormControlOption("40", constant).control());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NormControlOption("40", null));
        assertEquals("--norm-control needs its value (40) and the control built from it (null); expected both",
                e.getMessage());
    }
}
