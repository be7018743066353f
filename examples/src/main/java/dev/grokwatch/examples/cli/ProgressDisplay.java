package dev.grokwatch.examples.cli;

import dev.grokwatch.entropy.EntropyEvent;
import dev.grokwatch.entropy.EntropyMonitor;

import java.io.PrintWriter;

/** Shows a run's progress while it trains: a live bar on a terminal, one line per evaluation elsewhere. */
public interface ProgressDisplay extends AutoCloseable {

    /** Called after every training step; the listener holds the latest evaluation. */
    void stepDone(long step, EntropyMonitor listener);

    /** Called once per listener event (collapse onset, crossing, grokked, ...), on the training thread. */
    void event(EntropyEvent event);

    @Override
    void close();

    /**
     * A live bar on standard error when the JVM has a console; otherwise (CI, pipes, a redirect to a
     * file) plain lines to {@code lines}, since a redrawn bar would fill a log with carriage returns.
     */
    static ProgressDisplay forConsole(String name, long maxSteps, PrintWriter lines) {
        return System.console() != null
                ? new ProgressBarDisplay(name, maxSteps, System.err)
                : new ProgressLines(maxSteps, lines);
    }
}
