package dev.grokwatch.examples.bench;

import dev.grokwatch.examples.run.NativeThreads;
import dev.grokwatch.examples.cli.ThreadsOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code grokwatch bench}: step times of the models and the cost of the listener, as one {@link Bench} run. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        header = "Times the models' training steps and the cost of the spectral-entropy listener; writes bench.json.",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Times, in one process on addition mod 97 (batch 512): a training step of GrokTransformer, of the "
                        + "same model from DL4J's built-in layers (BuiltinTransformer) and of GrokMlp; one entropy "
                        + "evaluation (covariance + eigenvalues of a 512 x 128 matrix, and with the probe's forward "
                        + "pass); and the listener's share of training time at one evaluation every --eval-every "
                        + "steps. Prints the median and range over --repeats repetitions and writes them to --out."},
        footer = {"", "Example (seconds, e.g. for CI): grokwatch bench --warmup 1 --steps 3 --repeats 1"})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--steps", defaultValue = "50", paramLabel = "N",
            description = "Timed calls of each measurement per repetition. Default: ${DEFAULT-VALUE}.")
    private int steps;

    @Option(names = "--warmup", defaultValue = "10", paramLabel = "N",
            description = "Untimed calls of each measurement before its timed ones, in every repetition "
                    + "(JIT compilation, workspaces). Default: ${DEFAULT-VALUE}.")
    private int warmup;

    @Option(names = "--repeats", defaultValue = "5", paramLabel = "N",
            description = "Repetitions; each gives one median per measurement. Default: ${DEFAULT-VALUE}.")
    private int repeats;

    @Option(names = "--eval-every", defaultValue = "200", paramLabel = "N",
            description = "Steps between listener evaluations for the overhead share (the paper's cadence). "
                    + "Default: ${DEFAULT-VALUE}.")
    private int evalEvery;

    @Option(names = "--out", defaultValue = "bench.json", paramLabel = "FILE",
            description = "Where to write the measurements as JSON. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Mixin
    private ThreadsOption threads;

    @Override
    public Integer call() {
        NativeThreads.Choice nativeThreads = threads.choose();
        Bench bench;
        try {
            bench = new Bench(warmup, steps, repeats, evalEvery);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--warmup, --steps, --repeats, --eval-every: "
                    + e.getMessage(), e);
        }
        // Before the first ND4J operation, on this thread, which runs every measurement.
        NativeThreads.apply(nativeThreads.threads());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("grokwatch bench: timing with " + nativeThreads.describe() + "...");
        stdout.flush();
        BenchReport report = bench.run();
        report.write(out);
        stdout.print(report.table());
        stdout.println("wrote " + out);
        stdout.flush();
        return 0;
    }
}
