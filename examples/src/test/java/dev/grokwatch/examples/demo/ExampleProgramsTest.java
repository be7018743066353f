package dev.grokwatch.examples.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every example program runs a few steps to its end (so none of them rots), and says so on standard output. */
class ExampleProgramsTest {

    @RegisterExtension
    final CapturedStdout stdout = new CapturedStdout();

    private String output() {
        return stdout.text();
    }

    @Test
    void quickStart() {
        QuickStart.main(new String[]{"20"});
        assertTrue(output().matches("(?s).*\\n   20  0\\.\\d{4}  .*"), output());
    }

    @Test
    void sameDiffQuickStart() {
        SameDiffQuickStart.main(new String[]{"20"});
        assertTrue(output().matches("(?s).*\\n   20  0\\.\\d{4}  .*"), output());
        assertTrue(output().contains("trained all 20 steps"), output());
        assertFalse(output().contains("Added differentiated op"), "SameDiff's line per op stays out: " + output());
    }

    @Test
    void earlyStoppingExample() {
        EarlyStoppingExample.main(new String[]{"6"});
        assertTrue(output().contains("stopped after 6 steps: EpochTerminationCondition"), output());
    }

    @Test
    void mlpVersusTransformer() {
        MlpVersusTransformer.main(new String[]{"3"});
        assertTrue(output().contains("MLP:         phase"), output());
    }

    @Test
    void s5Composition() {
        S5Composition.main(new String[]{"3"});
        assertTrue(output().contains("after 3 steps: phase"), output());
    }

    @Test
    void mixingIntervention() {
        MixingIntervention.main(new String[]{"3"});
        assertTrue(output().contains("alpha 0.3:"), output());
    }

    @Test
    void yourModelProtocol() {
        YourModelProtocol.main(new String[]{"4"});
        assertTrue(output().contains("seed 2: memorised at -, collapse onset at -, grokked at -"), output());
        assertTrue(output().contains("cannot calibrate: only 0 of 3 runs grokked"), output());
    }

    @Test
    void aBadStepCountIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuickStart.main(new String[]{"many"}));
        assertEquals("QuickStart: the argument 'many' is not a step count; expected a whole number >= 1 (default "
                + "3000), e.g. java -cp grokwatch.jar dev.grokwatch.examples.demo.QuickStart 500", e.getMessage());
    }
}
