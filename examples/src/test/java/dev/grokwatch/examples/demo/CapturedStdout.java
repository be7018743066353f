package dev.grokwatch.examples.demo;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output of a test, captured so the example programs' printed lines can be checked, and echoed after
 * the test so a failing run still shows them. Register with {@code @RegisterExtension}.
 */
final class CapturedStdout implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    @Override
    public void beforeEach(ExtensionContext context) {
        captured.reset();
        original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(original);
        original.print(text());
    }

    /** What the test printed so far. */
    String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }
}
