package dev.grokwatch.spark;

import dev.grokwatch.examples.sweep.SweepRun;
import dev.grokwatch.examples.sweep.TrainProcess;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One run as a Spark task: its {@code train} arguments rewritten for the executor, the files it reads shipped along,
 * and {@link #train()}, which runs on the executor. The executor needs no shared filesystem: the run trains in a
 * scratch folder of its own, in which {@code --out} is {@value #FOLDER} and each input file (a baseline's
 * {@code metrics.csv} for {@code --norm-control}, a {@code --calibration} file) is {@code inputs/<i>/<name>}; the
 * run folder's files go back to the driver in a {@link TaskResult}.
 *
 * @param name        the run's name, for messages
 * @param trainArgs   {@code train}'s arguments, paths relative to the scratch folder
 * @param inputs      path relative to the scratch folder → bytes of a file the run reads
 * @param threads     native threads of the run ({@code OMP_NUM_THREADS}), as Spark's {@code spark.task.cpus}
 * @param normControl {@code --norm-control} as given when it named a file, which {@code summary.json} records;
 *                    {@code null} otherwise
 */
record RunTask(String name, List<String> trainArgs, Map<String, byte[]> inputs, int threads, String normControl)
        implements Serializable {

    /** The run's folder in the task's scratch folder. */
    static final String FOLDER = "run";

    /** {@code train}'s options whose value may be a file the run reads, shipped with the task. */
    static final List<String> INPUT_OPTIONS = List.of("--norm-control", "--calibration");

    RunTask {
        trainArgs = List.copyOf(trainArgs);
        inputs = Map.copyOf(inputs);
    }

    /**
     * {@code run} as a task, on the driver: {@code --out} becomes {@value #FOLDER}, and the value of an
     * {@link #INPUT_OPTIONS input option} that names a file here (not a number: {@code --norm-control 40} is a
     * constant norm) is read now and becomes its copy's path.
     *
     * @throws UncheckedIOException naming the file when an input cannot be read
     */
    static RunTask of(SweepRun run, int threads) {
        List<String> args = new ArrayList<>();
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        String normControl = null;
        List<String> given = run.trainArgs();
        for (int i = 0; i < given.size(); i++) {
            String arg = given.get(i);
            int equals = arg.indexOf('=');
            String option = equals < 0 ? arg : arg.substring(0, equals);
            boolean path = option.equals("--out") || INPUT_OPTIONS.contains(option);
            if (!path || (equals < 0 && i + 1 == given.size())) {
                args.add(arg);
                continue;
            }
            String value = equals < 0 ? given.get(++i) : arg.substring(equals + 1);
            args.add(option);
            if (option.equals("--out")) {
                args.add(FOLDER);
            } else if (isNumber(value) || !Files.isRegularFile(Path.of(value))) {
                args.add(value); // a constant, or a file missing here too: train reports it as it would locally
            } else {
                String copy = "inputs/" + inputs.size() + "/" + Path.of(value).getFileName();
                inputs.put(copy, read(Path.of(value)));
                args.add(copy);
                normControl = option.equals("--norm-control") ? value : normControl;
            }
        }
        if (!args.contains("--out")) {
            args.addAll(List.of("--out", FOLDER));
        }
        return new RunTask(run.name(), args, inputs, threads, normControl);
    }

    /** What Spark runs for a partition: its one task's {@link #train()}. */
    static TaskResult trainPartition(Iterator<RunTask> partition) {
        return partition.next().train();
    }

    /**
     * On the executor: trains the run in a child JVM ({@link TrainProcess}, on the application's jar,
     * {@link ApplicationJar#childClasspath()}) in a scratch folder that is deleted afterwards; its exit code, wall
     * time and files. A run that could not start or whose files could not be read is a failed result, not an
     * exception: Spark would retry it.
     *
     * @throws IllegalStateException when the task is cancelled (the child is stopped with it)
     */
    TaskResult train() {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("grokwatch-run-");
        } catch (IOException e) {
            return TaskResult.failed("could not create its folder: " + e.getMessage());
        }
        try {
            Path folder = scratch.resolve(FOLDER);
            try {
                for (Map.Entry<String, byte[]> input : inputs.entrySet()) {
                    Path copy = scratch.resolve(input.getKey());
                    Files.createDirectories(copy.getParent());
                    Files.write(copy, input.getValue());
                }
                Files.createDirectories(folder);
            } catch (IOException e) {
                return TaskResult.failed("could not create its folder: " + e.getMessage());
            }
            long start = System.nanoTime();
            int exit;
            try {
                exit = TrainProcess.run(trainArgs, threads, folder.resolve(SweepRun.LOG),
                        ApplicationJar.childClasspath(), scratch);
            } catch (IOException e) {
                return TaskResult.failed("could not start its JVM: " + e.getMessage());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            try {
                return TaskResult.ended(exit, seconds, files(folder));
            } catch (IOException e) {
                return TaskResult.failed("exit code " + exit + " but its files could not be read on the executor: "
                        + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " was stopped: its Spark task was cancelled", e);
        } finally {
            delete(scratch);
        }
    }

    private static Map<String, byte[]> files(Path folder) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path file : entries.filter(Files::isRegularFile).sorted().toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ", an input of the run; expected a readable file",
                    e);
        }
    }

    private static boolean isNumber(String value) {
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Deletes the scratch folder; what cannot be deleted stays in the temporary folder, the result is already read. */
    private static void delete(Path scratch) {
        try (Stream<Path> entries = Files.walk(scratch)) {
            entries.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // left for the operating system's cleaning of temporary files
        }
    }
}
