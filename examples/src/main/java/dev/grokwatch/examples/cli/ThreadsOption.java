package dev.grokwatch.examples.cli;

import dev.grokwatch.examples.run.NativeThreads;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.Map;

/**
 * {@code --threads N}, shared by the commands that train: the native threads ND4J computes with
 * ({@link NativeThreads}). Errors are usage errors of the command that mixes it in.
 */
public final class ThreadsOption {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--threads", paramLabel = "N",
            description = "Native threads ND4J computes with (OpenMP and OpenBLAS). Default: OMP_NUM_THREADS when it "
                    + "is set, else " + NativeThreads.DEFAULT + ", the fastest for these small models: on 2 cores "
                    + "2 threads made a step 2x slower on a quiet machine and 8x slower with other work running.")
    private Integer threads;

    /** The count asked for with {@code --threads}, or {@code null}. */
    Integer option() {
        return threads;
    }

    /** The count to use, from {@code --threads}, this process's environment or the default; a bad value is a usage error. */
    public NativeThreads.Choice choose() {
        return choose(System.getenv());
    }

    /** As {@link #choose()}, with {@code environment} in place of this process's. */
    NativeThreads.Choice choose(Map<String, String> environment) {
        try {
            return NativeThreads.choose(threads, "--threads", environment);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage(), e);
        }
    }

    /** Chooses from this process's environment and sets the count for the calling thread (see {@link NativeThreads#apply}). */
    NativeThreads.Choice apply() {
        NativeThreads.Choice choice = choose();
        NativeThreads.apply(choice.threads());
        return choice;
    }
}
