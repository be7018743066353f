package dev.grokwatch.examples.sweep;

import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunSummary;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@link RunExecutor} on this machine: each run a child JVM ({@link TrainProcess}) with a set number of native
 * threads, so many at a time, its output in the folder's {@value SweepRun#LOG}.
 */
public final class LocalRunExecutor implements RunExecutor {

    private final int parallel;
    private final int threadsPerRun;

    /**
     * @param parallel      runs at a time, at least 1
     * @param threadsPerRun native threads of each run, at least 1
     */
    public LocalRunExecutor(int parallel, int threadsPerRun) {
        if (parallel < 1 || threadsPerRun < 1) {
            throw new IllegalArgumentException(parallel + " runs at a time with " + threadsPerRun
                    + " threads each; expected at least 1 of both");
        }
        this.parallel = parallel;
        this.threadsPerRun = threadsPerRun;
    }

    /**
     * Runs at a time: {@code jobs} (the {@code --jobs} option) when given, else as many as fit on the cores at
     * {@code threadsPerRun} each, at least 1.
     *
     * @throws IllegalArgumentException when {@code jobs} is below 1, naming {@code --jobs} and the core count
     */
    public static int parallelism(Integer jobs, int threadsPerRun) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (jobs == null) {
            return Math.max(1, cores / threadsPerRun);
        }
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs is " + jobs + "; expected at least 1 (this machine has "
                    + cores + " cores)");
        }
        return jobs;
    }

    @Override
    public List<RunOutcome> execute(List<SweepRun> runs, PrintWriter progress) {
        if (runs.isEmpty()) {
            return List.of();
        }
        // One worker per slot, and a run handed over only when a slot is free: the start order is this loop's.
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        CompletionService<RunOutcome> done = new ExecutorCompletionService<>(pool);
        List<SweepRun> waiting = new ArrayList<>(runs);
        Set<Path> running = new HashSet<>();
        List<RunOutcome> outcomes = new ArrayList<>();
        try {
            while (outcomes.size() < runs.size()) {
                for (Iterator<SweepRun> it = waiting.iterator(); it.hasNext(); ) {
                    SweepRun run = it.next();
                    Optional<Path> missing = unmet(run, waiting, running);
                    if (missing.isPresent()) {
                        it.remove();
                        report(notRun(run, missing.get()), outcomes, runs.size(), progress);
                    } else if (running.size() < parallel && run.requires().stream().allMatch(RunFolder::finished)) {
                        it.remove();
                        running.add(run.folder());
                        done.submit(() -> trainOne(run, threadsPerRun));
                    }
                }
                if (running.isEmpty()) {
                    // Nothing runs and nothing could start: what is left requires itself in a circle.
                    for (SweepRun run : waiting) {
                        report(notRun(run, run.requires().get(0)), outcomes, runs.size(), progress);
                    }
                    waiting.clear();
                    continue;
                }
                RunOutcome outcome = done.take().get();
                running.remove(outcome.run().folder());
                report(outcome, outcomes, runs.size(), progress);
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted; finished runs are kept and skipped on the next "
                    + "start", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("training failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A folder {@code run} requires that is not finished and that no run still waiting or running will write. */
    private static Optional<Path> unmet(SweepRun run, List<SweepRun> waiting, Set<Path> running) {
        return run.requires().stream()
                .filter(folder -> !RunFolder.finished(folder) && !running.contains(folder)
                        && waiting.stream().noneMatch(w -> w.folder().equals(folder)))
                .findFirst();
    }

    private static RunOutcome notRun(SweepRun run, Path missing) {
        String reason = "needs the finished run in " + missing + ", which did not finish";
        return new RunOutcome(run, RunOutcome.Status.NOT_RUN, reason, run.name() + ": NOT RUN (" + reason + ")");
    }

    private static void report(RunOutcome outcome, List<RunOutcome> outcomes, int total, PrintWriter progress) {
        outcomes.add(outcome);
        progress.printf(Locale.ROOT, "[%d/%d] %s%n", outcomes.size(), total, outcome.line());
        progress.flush();
    }

    private static RunOutcome trainOne(SweepRun run, int threads) throws InterruptedException {
        String failure;
        try {
            Files.createDirectories(run.folder());
        } catch (IOException e) {
            return failed(run, "could not create its folder: " + why(e));
        }
        try {
            long start = System.nanoTime();
            int exit = TrainProcess.run(run.trainArgs(), threads, run.log());
            if (exit == 0 && RunFolder.finished(run.folder())) {
                RunSummary summary = RunFolder.read(run.folder()).summary();
                return new RunOutcome(run, RunOutcome.Status.FINISHED, null, String.format(Locale.ROOT,
                        "%s: %s (%,d steps, %.0f s)", run.name(), summary.headline(), summary.stepsRun(),
                        (System.nanoTime() - start) / 1e9));
            }
            failure = exit != 0 ? "exit code " + exit : "exit code 0 but no finished summary.json";
        } catch (IOException e) {
            failure = "could not start its JVM: " + why(e);
        }
        return failed(run, failure);
    }

    /** A failed run's outcome; its line points at the log only when the child wrote one. */
    private static RunOutcome failed(SweepRun run, String failure) {
        return new RunOutcome(run, RunOutcome.Status.FAILED, failure, run.name() + ": FAILED (" + failure + ")"
                + (Files.isRegularFile(run.log()) ? ", log " + run.log() : ""));
    }

    /** What went wrong, in words: the message of a {@link FileAlreadyExistsException} is its path alone. */
    private static String why(IOException e) {
        return e instanceof FileAlreadyExistsException exists ? exists.getFile() + " exists and is not a folder"
                : e.getMessage();
    }
}
