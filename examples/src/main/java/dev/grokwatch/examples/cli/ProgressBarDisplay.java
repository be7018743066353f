package dev.grokwatch.examples.cli;

import dev.grokwatch.entropy.EntropyEvent;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.EntropyMonitor;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.PrintStream;
import java.util.Optional;

/**
 * The terminal's live bar: steps done out of {@code --steps}, speed and the latest evaluation
 * (loss, accuracies, H̃, phase). Events are printed above it as they happen.
 */
final class ProgressBarDisplay implements ProgressDisplay {

    /** Carriage return and ANSI "erase line": an event line replaces the bar, which redraws below it. */
    private static final String CLEAR_LINE = "\r\u001b[2K";

    private final PrintStream out;
    private final ProgressBar bar;
    private long shownEvaluation = -1;

    ProgressBarDisplay(String name, long maxSteps, PrintStream out) {
        this.out = out;
        // The plain console consumer redraws in place with '\r' only, so event lines can be printed between redraws.
        this.bar = new ProgressBarBuilder()
                .setTaskName(name)
                .setInitialMax(maxSteps)
                .setUpdateIntervalMillis(250)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .build();
    }

    @Override
    public void stepDone(long step, EntropyMonitor listener) {
        bar.stepTo(step);
        Optional<EntropyRecord> latest = listener.latest();
        if (latest.isPresent() && latest.get().step() != shownEvaluation) {
            shownEvaluation = latest.get().step();
            bar.setExtraMessage("  " + ProgressText.of(latest.get())); // the bar prints it right after the speed
        }
    }

    @Override
    public void event(EntropyEvent event) {
        out.print(CLEAR_LINE + ProgressText.of(event) + System.lineSeparator());
        out.flush();
    }

    @Override
    public void close() {
        bar.close();
    }
}
