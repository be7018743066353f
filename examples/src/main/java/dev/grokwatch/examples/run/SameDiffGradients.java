package dev.grokwatch.examples.run;

import org.nd4j.autodiff.samediff.SameDiff;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * A SameDiff graph's gradient graph, built before training with standard output set aside. SameDiff 1.0.0-M2.1
 * prints a line per op ("Added differentiated op ...") to {@code System.out} while it differentiates a graph, which
 * its first {@code fit} does when no gradient graph exists yet; built here first, {@code fit} reuses it and prints
 * nothing. Used by {@code train --model mlp-samediff} and the SameDiff demo, whose output those lines would break.
 */
public final class SameDiffGradients {

    private SameDiffGradients() {
    }

    /**
     * Builds {@code graph}'s gradient graph ({@code createGradFunction()}) with {@code System.out} discarded for the
     * while; standard output is restored whatever happens. Another thread's printing in that while is lost too.
     *
     * @throws RuntimeException what SameDiff throws for a graph it cannot differentiate (e.g. without a loss variable)
     */
    public static void createQuietly(SameDiff graph) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            graph.createGradFunction();
        } finally {
            System.setOut(out);
        }
    }
}
