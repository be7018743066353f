package dev.grokwatch.examples.run;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed runs (docs/runs) carry the settings they were made with: each group's README gives the command, and
 * every summary.json of the group must read as that command's settings (a summary lacking one reads as its default).
 */
class CommittedSummariesTest {

    private static final Path RUNS = Path.of("..", "docs", "runs");
    private static final Pattern COMMAND = Pattern.compile("grokwatch\\.jar (?:sweep|train) ([^\\n]*)");

    /** The option's value in the command, else the default's. */
    private static double option(String command, String option, double defaultValue) {
        Matcher m = Pattern.compile("(?:^| )" + Pattern.quote(option) + " (\\S+)").matcher(command);
        return m.find() ? Double.parseDouble(m.group(1)) : defaultValue;
    }

    @Test
    void everyCommittedSummaryCarriesTheSettingsOfItsGroupsCommand() throws IOException {
        TrainingConfig defaults = TrainingConfig.builder().build();
        List<Path> groups;
        try (Stream<Path> entries = Files.list(RUNS)) {
            groups = entries.filter(Files::isDirectory).sorted().toList();
        }
        assertEquals(5, groups.size(), groups.toString());
        int summaries = 0;
        for (Path group : groups) {
            Matcher command = COMMAND.matcher(Files.readString(group.resolve("README.md")));
            assertTrue(command.find(), group + "/README.md gives no grokwatch command");
            String line = command.group(1);
            Map<String, Double> expected = Map.of(
                    "train_fraction", option(line, "--train-fraction", defaults.trainFraction()),
                    "batch_size", option(line, "--batch", defaults.batchSize()),
                    "lr", option(line, "--lr", defaults.learningRate()),
                    "weight_decay", option(line, "--weight-decay", defaults.weightDecay()),
                    "eval_every", option(line, "--eval-every", defaults.evalEvery()),
                    "probe_size", option(line, "--probe-size", defaults.probeSize()));
            for (Path run : RunFolder.childrenWith(group, RunFolder.SUMMARY)) {
                RunSummary s = RunFolder.read(run).summary();
                Map<String, Double> recorded = Map.of("train_fraction", s.trainFraction(),
                        "batch_size", (double) s.batchSize(), "lr", s.learningRate(), "weight_decay", s.weightDecay(),
                        "eval_every", (double) s.evalEvery(), "probe_size", (double) s.probeSize());
                assertEquals(expected, recorded, run + " against the command of " + group + "/README.md: " + line);
                summaries++;
            }
        }
        assertEquals(21, summaries);
    }
}
