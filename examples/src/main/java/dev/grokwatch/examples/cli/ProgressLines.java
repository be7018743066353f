package dev.grokwatch.examples.cli;

import dev.grokwatch.entropy.EntropyEvent;
import dev.grokwatch.entropy.EntropyRecord;
import dev.grokwatch.entropy.EntropyMonitor;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Progress for logs and pipes: one line per evaluation, then that evaluation's events, e.g.
 * <pre>
 * step 6,200/50,000  1:12  loss 0.0021  train 1.000  test 0.214  H̃ 0.7712  entropy_collapse
 *   step 6,200: collapse onset: H̃ has started to fall (H̃ 0.7712, test 0.214)
 * </pre>
 */
final class ProgressLines implements ProgressDisplay {

    private final long maxSteps;
    private final PrintWriter out;
    private final long start = System.nanoTime();
    // Events fire inside the step, before its evaluation line is printed; they follow that line.
    private final List<EntropyEvent> pending = new ArrayList<>();
    private long shownEvaluation = -1;

    ProgressLines(long maxSteps, PrintWriter out) {
        this.maxSteps = maxSteps;
        this.out = out;
    }

    @Override
    public void stepDone(long step, EntropyMonitor listener) {
        Optional<EntropyRecord> latest = listener.latest();
        if (latest.isEmpty() || latest.get().step() == shownEvaluation) {
            return;
        }
        shownEvaluation = latest.get().step();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        out.printf(Locale.ROOT, "step %,d/%,d  %d:%02d  %s%n", step, maxSteps, elapsed.toMinutes(),
                elapsed.toSecondsPart(), ProgressText.of(latest.get()));
        pending.forEach(e -> out.println("  " + ProgressText.of(e)));
        pending.clear();
        out.flush();
    }

    @Override
    public void event(EntropyEvent event) {
        pending.add(event);
    }

    @Override
    public void close() {
        pending.forEach(e -> out.println("  " + ProgressText.of(e)));
        pending.clear();
        out.flush();
    }
}
