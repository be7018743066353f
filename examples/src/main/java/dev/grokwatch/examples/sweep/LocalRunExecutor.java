package dev.grokwatch.examples.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.List;
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
        // One worker per slot, and a run handed over only when a slot is free: the start order is the schedule's.
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        CompletionService<RunOutcome> done = new ExecutorCompletionService<>(pool);
        RunSchedule schedule = new RunSchedule(runs, progress);
        try {
            while (!schedule.done()) {
                for (SweepRun run : schedule.start(parallel)) {
                    done.submit(() -> trainOne(run, threadsPerRun));
                }
                if (!schedule.done()) {
                    schedule.end(done.take().get());
                }
            }
            return schedule.outcomes();
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

    @Override
    public int parallelism() {
        return parallel;
    }

    @Override
    public String describe() {
        return parallel + " at a time";
    }

    private static RunOutcome trainOne(SweepRun run, int threads) throws InterruptedException {
        try {
            Files.createDirectories(run.folder());
        } catch (IOException e) {
            return RunOutcome.failed(run, "could not create its folder: " + why(e));
        }
        try {
            long start = System.nanoTime();
            int exit = TrainProcess.run(run.trainArgs(), threads, run.log());
            return RunOutcome.ended(run, exit, (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            return RunOutcome.failed(run, "could not start its JVM: " + why(e));
        }
    }

    /** What went wrong, in words: the message of a {@link FileAlreadyExistsException} is its path alone. */
    private static String why(IOException e) {
        return e instanceof FileAlreadyExistsException exists ? exists.getFile() + " exists and is not a folder"
                : e.getMessage();
    }
}
