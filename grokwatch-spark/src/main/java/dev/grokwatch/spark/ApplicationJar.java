package dev.grokwatch.spark;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * The jar this runner was loaded from: on an executor, the application jar Spark fetched into the executor's work
 * folder (spark-submit's jar, or the driver's {@code spark.jars}), which holds the command line, DL4J and the
 * backend, and so is the classpath of every run's child JVM. The executor's own {@code java.class.path} is Spark's
 * jars only.
 */
final class ApplicationJar {

    private ApplicationJar() {
    }

    /** The jar {@code type} was loaded from; empty when it came from a folder of classes (a build, an IDE). */
    static Optional<Path> of(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException notAFile) {
            return Optional.empty();
        }
    }

    /**
     * The child JVM's classpath: the jar this runner was loaded from, or this JVM's {@code java.class.path} when it
     * runs from folders of classes, which then hold the command line too (tests, an IDE: driver and executor on one
     * machine).
     */
    static String childClasspath() {
        return of(ApplicationJar.class).map(Path::toString).orElseGet(() -> System.getProperty("java.class.path"));
    }
}
