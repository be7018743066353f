package dev.grokwatch.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every output the README shows is what {@code docs/readme-outputs.sh} last wrote to {@code docs/outputs}: each
 * block marked {@code <!-- output: NAME -->} equals {@code docs/outputs/NAME.txt}, and the script writes that file.
 */
class ReadmeOutputsTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern MARKED = Pattern.compile("<!-- output: ([\\w-]+) -->\\n```[^\\n]*\\n(.*?)\\n```",
            Pattern.DOTALL);

    @Test
    void everyMarkedOutputIsTheScriptsLatestOutput() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String script = Files.readString(ROOT.resolve("docs/readme-outputs.sh"), StandardCharsets.UTF_8);
        Matcher m = MARKED.matcher(readme);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            String name = m.group(1);
            names.add(name);
            Path file = ROOT.resolve("docs/outputs/" + name + ".txt");
            assertTrue(Files.isRegularFile(file), "README shows output '" + name + "' but " + file + " is missing;"
                    + " run docs/readme-outputs.sh");
            assertEquals(Files.readString(file, StandardCharsets.UTF_8).stripTrailing(), m.group(2),
                    "README's block '" + name + "' is not docs/outputs/" + name + ".txt; run docs/readme-outputs.sh");
            assertTrue(script.contains("\"$OUT/" + name + ".txt\""), "docs/readme-outputs.sh does not write " + name);
        }
        assertEquals(readme.split("<!-- output: ", -1).length - 1, names.size(),
                "a marker <!-- output: NAME --> must be followed directly by a fenced block");
        assertTrue(names.containsAll(List.of("train", "sweep", "sweep-csv", "quickstart", "calibrate", "verdict", "bench")),
                "the README shows the outputs of train, sweep, calibrate (and its verdicts), bench and QuickStart: " + names);
    }
}
