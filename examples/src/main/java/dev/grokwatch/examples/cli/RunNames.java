package dev.grokwatch.examples.cli;

import dev.grokwatch.examples.run.RunFolder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names {@code calibrate} reports its runs by, one per run and all different: each run's own name
 * ({@link RunFolder#name()}, {@link MetricsFileRun#name(Path)}), and for runs whose own names are alike, as many of the
 * folders above them as tell them apart, e.g. {@code add97-transformer-lr1e-4/add97-transformer-seed0} beside
 * {@code add97-transformer-seeds0-9/add97-transformer-seed0}. Runs that shared a name would be listed as one run,
 * grokked and never grokked at once, and a held-out run's errors mixed with another's.
 */
final class RunNames {

    private RunNames() {
    }

    /**
     * The distinct names of {@code runs}, in their order.
     *
     * @param runs     the runs given, run folders or metrics files, each once
     * @param ownNames each run's own name, in the same order
     */
    static List<String> distinct(List<Path> runs, List<String> ownNames) {
        Map<String, List<Integer>> byName = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            byName.computeIfAbsent(ownNames.get(i), n -> new ArrayList<>()).add(i);
        }
        List<String> names = new ArrayList<>(ownNames);
        for (List<Integer> alike : byName.values()) {
            if (alike.size() > 1) {
                List<String> qualified = qualified(alike.stream().map(runs::get).toList(), ownNames.get(alike.get(0)));
                for (int k = 0; k < alike.size(); k++) {
                    names.set(alike.get(k), qualified.get(k));
                }
            }
        }
        return names;
    }

    /**
     * The name with the fewest folders above it that make the runs' names different; the paths as given when no
     * number of folders does (a {@code a/metrics.csv} and an {@code a.csv} in the same folder).
     */
    private static List<String> qualified(List<Path> alike, String name) {
        List<Path> namedBy = alike.stream().map(RunNames::namedBy).toList();
        int deepest = namedBy.stream().mapToInt(Path::getNameCount).max().orElse(0);
        for (int depth = 1; depth < deepest; depth++) {
            int d = depth;
            List<String> qualified = namedBy.stream().map(p -> folders(p, d) + name).toList();
            if (new HashSet<>(qualified).size() == alike.size()) {
                return qualified;
            }
        }
        return alike.stream().map(Path::toString).toList();
    }

    /** Up to {@code depth} folders above {@code path}, each followed by a slash, e.g. {@code "lr1e-4/"}. */
    private static String folders(Path path, int depth) {
        Path parent = path.getParent();
        if (parent == null || parent.getNameCount() == 0) {
            return "";
        }
        return parent.subpath(Math.max(0, parent.getNameCount() - depth), parent.getNameCount()).toString()
                .replace('\\', '/') + "/";
    }

    /** The path whose last part a run is named by: the run folder, the folder of a metrics.csv, or the file. */
    private static Path namedBy(Path run) {
        Path absolute = run.toAbsolutePath().normalize();
        Path file = absolute.getFileName();
        return file != null && file.toString().equals(RunFolder.METRICS) && absolute.getParent() != null
                ? absolute.getParent() : absolute;
    }
}
