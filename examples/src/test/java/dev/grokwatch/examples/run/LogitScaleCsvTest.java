package dev.grokwatch.examples.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LogitScaleCsvTest {

    @Test
    void writesStepAndMeanPerLineAndReadsThemBack(@TempDir Path dir) throws IOException {
        List<LogitScaleCsv.Point> points = List.of(new LogitScaleCsv.Point(200, 3.25),
                new LogitScaleCsv.Point(400, 0.1 + 0.2), new LogitScaleCsv.Point(600, -1e-300));
        Path file = dir.resolve(RunFolder.LOGIT_SCALE);
        LogitScaleCsv.write(points, file);
        assertEquals(List.of("step,max_logit_mean", "200,3.25", "400,0.30000000000000004", "600,-1.0E-300"),
                Files.readAllLines(file));
        assertEquals(points, LogitScaleCsv.read(file));
    }

    @Test
    void aFileOfAnotherShapeIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        Path header = Files.writeString(dir.resolve("header.csv"), "step,entropy\n200,0.5\n");
        assertEquals(header + " has the header [step, entropy]; expected step,max_logit_mean",
                assertThrows(IllegalArgumentException.class, () -> LogitScaleCsv.read(header)).getMessage());
        Path cell = Files.writeString(dir.resolve("cell.csv"), "step,max_logit_mean\n200,3.0\n400,big\n");
        assertEquals(cell + " line 3 is '400,big'; expected a step and a number",
                assertThrows(IllegalArgumentException.class, () -> LogitScaleCsv.read(cell)).getMessage());
    }
}
