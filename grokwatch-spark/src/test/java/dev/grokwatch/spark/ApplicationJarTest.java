package dev.grokwatch.spark;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a class was loaded from: the jar that becomes the child's classpath, or none for a folder of classes. */
class ApplicationJarTest {

    @Test
    void aClassFromAJarGivesThatJar() {
        Optional<Path> jar = ApplicationJar.of(CommandLine.class);
        assertTrue(jar.isPresent());
        assertTrue(Files.isRegularFile(jar.get()) && jar.get().getFileName().toString().startsWith("picocli-"),
                jar.toString());
    }

    /** The tests run from target/classes: no jar, so the child runs on this JVM's classpath, as a local sweep does. */
    @Test
    void classesFromAFolderGiveThisClasspath() {
        assertEquals(Optional.empty(), ApplicationJar.of(ApplicationJar.class));
        assertEquals(Optional.empty(), ApplicationJar.of(String.class), "the JDK's classes have no jar location");
        assertEquals(System.getProperty("java.class.path"), ApplicationJar.childClasspath());
    }
}
