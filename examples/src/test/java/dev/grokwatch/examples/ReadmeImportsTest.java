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

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every Java snippet of the README starts with its imports, and every import it shows exists: a user pastes a
 * snippet without having to search the jars for a package.
 */
class ReadmeImportsTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern IMPORT = Pattern.compile("^\\s*import ([\\w.]+);(.*)$", Pattern.MULTILINE);

    @Test
    void everySnippetShowsImportsThatExist() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Matcher block = JAVA_BLOCK.matcher(readme);
        int blocks = 0;
        List<String> missing = new ArrayList<>();
        while (block.find()) {
            blocks++;
            String code = block.group(1);
            assertTrue(code.stripLeading().startsWith("import "), "a README Java snippet without imports:\n" + code);
            Matcher imp = IMPORT.matcher(code);
            while (imp.find()) {
                String type = imp.group(1);
                boolean otherArtifact = imp.group(2).contains("// artifact ");
                try {
                    Class.forName(type, false, getClass().getClassLoader());
                } catch (ClassNotFoundException e) {
                    if (!otherArtifact) {
                        missing.add(type);
                    }
                }
            }
        }
        assertTrue(blocks >= 4, "expected the README's Java snippets, found " + blocks);
        if (!missing.isEmpty()) {
            fail("README imports classes that do not exist (or name the artifact with '// artifact ...'): " + missing);
        }
    }
    /**
     * A class of the examples module (not of the plugin a user depends on) that the README names is found by its
     * package, which the README names too.
     */
    @Test
    void everyExamplesClassTheReadmeNamesHasItsPackageNamed() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Path sources = Path.of("src", "main", "java");
        List<String> unplaced = new ArrayList<>();
        int named = 0;
        try (java.util.stream.Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")
                    && !f.getFileName().toString().equals("package-info.java")).toList()) {
                String type = file.getFileName().toString().replace(".java", "");
                String pkg = sources.relativize(file.getParent()).toString().replace(java.io.File.separatorChar, '.');
                if (Pattern.compile("`" + type + "[`.(\\s]").matcher(readme).find()) {
                    named++;
                    if (!readme.contains(pkg)) {
                        unplaced.add(pkg + "." + type);
                    }
                }
            }
        }
        assertTrue(named >= 5, "expected the README to name the demo programs, found " + named);
        if (!unplaced.isEmpty()) {
            fail("the README names classes of the examples module without their package: " + unplaced);
        }
    }
}
