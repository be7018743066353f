package dev.grokwatch.examples.sweep;

import dev.grokwatch.examples.run.RunFolder;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The runs of one {@link RunExecutor#execute} call as they wait, run and end: which may start now (in the list's
 * order, once the folders they require hold finished runs), which never can, and the {@code [i/n] line} printed as
 * each ends. What every executor shares; it trains nothing, so an executor only starts what {@link #start} hands it
 * and gives back each outcome to {@link #end}.
 */
public final class RunSchedule {

    private final int total;
    private final PrintWriter progress;
    private final List<SweepRun> waiting;
    private final Set<Path> running = new HashSet<>();
    private final List<RunOutcome> outcomes = new ArrayList<>();

    /** @param progress where each run's {@code [i/n] line} goes as it ends */
    public RunSchedule(List<SweepRun> runs, PrintWriter progress) {
        this.total = runs.size();
        this.progress = progress;
        this.waiting = new ArrayList<>(runs);
    }

    /** Whether every run has ended (finished, failed or not run). */
    public boolean done() {
        return outcomes.size() == total;
    }

    /**
     * The waiting runs that start now, in the list's order, so many that at most {@code limit} are running; they
     * count as running until {@link #end}. A run that never can start (a folder it requires holds no finished run
     * and no run waiting or running will write it) ends as not run on the way. When afterwards nothing runs, what
     * still waits requires itself in a circle and ends as not run too: so after this call either {@link #done()}
     * or some run is running.
     *
     * @param limit runs at a time, at least 1
     */
    public List<SweepRun> start(int limit) {
        List<SweepRun> started = new ArrayList<>();
        for (Iterator<SweepRun> it = waiting.iterator(); it.hasNext(); ) {
            SweepRun run = it.next();
            Optional<Path> missing = unmet(run);
            if (missing.isPresent()) {
                it.remove();
                report(RunOutcome.notRun(run, missing.get()));
            } else if (running.size() < limit && run.requires().stream().allMatch(RunFolder::finished)) {
                it.remove();
                running.add(run.folder());
                started.add(run);
            }
        }
        if (running.isEmpty()) {
            for (SweepRun run : waiting) {
                report(RunOutcome.notRun(run, run.requires().get(0)));
            }
            waiting.clear();
        }
        return started;
    }

    /** A started run ended: prints its line. */
    public void end(RunOutcome outcome) {
        if (!running.remove(outcome.run().folder())) {
            throw new IllegalArgumentException(outcome.run().name() + " ended but was not running; expected one of "
                    + running);
        }
        report(outcome);
    }

    /** Every outcome so far, in the order the runs ended. */
    public List<RunOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** A folder {@code run} requires that is not finished and that no run still waiting or running will write. */
    private Optional<Path> unmet(SweepRun run) {
        return run.requires().stream()
                .filter(folder -> !RunFolder.finished(folder) && !running.contains(folder)
                        && waiting.stream().noneMatch(w -> w.folder().equals(folder)))
                .findFirst();
    }

    private void report(RunOutcome outcome) {
        outcomes.add(outcome);
        progress.printf(Locale.ROOT, "[%d/%d] %s%n", outcomes.size(), total, outcome.line());
        progress.flush();
    }
}
