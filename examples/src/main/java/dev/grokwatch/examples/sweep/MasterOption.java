package dev.grokwatch.examples.sweep;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * {@code --master [URL]}, shared by {@code sweep} and {@code reproduce}: where their runs train. Without it, this
 * machine's pool of child JVMs ({@link LocalRunExecutor}, {@code --jobs} at a time); with it, a cluster's tasks
 * through the {@link RunExecutorProvider} on the classpath (grokwatch-spark's jar; the command line's own jar has
 * none). Errors are usage errors of the command that mixes it in, raised before anything trains.
 */
public final class MasterOption {

    /** The jar that holds a provider, as the refusal names it. */
    public static final String SPARK_JAR = "grokwatch-spark/target/grokwatch-spark.jar";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--master", arity = "0..1", fallbackValue = "local[*]", paramLabel = "URL",
            description = "Train every run as a task of Apache Spark at URL instead of in this machine's pool: "
                    + "local[*] (the default when URL is left out), local[N], spark://HOST:PORT, yarn, ... Needs "
                    + SPARK_JAR + " (README, \"Sweeps on Apache Spark\").")
    private String master;

    /**
     * Checks {@code jobs} against {@code --master} without opening anything: for a command that may train nothing.
     *
     * @throws ParameterException when {@code jobs} is below 1, or when {@code --jobs} is given with {@code --master}
     *                            (the cluster's task slots decide)
     */
    public void check(Integer jobs, int threadsPerRun) {
        try {
            if (master == null) {
                LocalRunExecutor.parallelism(jobs, threadsPerRun);
            } else if (jobs != null) {
                throw new IllegalArgumentException("--jobs " + jobs + " with --master " + master + ": a cluster "
                        + "trains as many runs at a time as it has task slots; expected one of the two");
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage(), e);
        }
    }

    /**
     * The executor to train with: {@code jobs} at a time ({@link LocalRunExecutor#parallelism}) without
     * {@code --master}, else the provider's for the master URL.
     *
     * @throws ParameterException as {@link #check}, and when no provider is on the classpath or the provider
     *                            refuses the URL
     */
    public RunExecutor open(Integer jobs, int threadsPerRun) {
        check(jobs, threadsPerRun);
        if (master == null) {
            return new LocalRunExecutor(LocalRunExecutor.parallelism(jobs, threadsPerRun), threadsPerRun);
        }
        try {
            Iterator<RunExecutorProvider> providers = ServiceLoader.load(RunExecutorProvider.class).iterator();
            if (!providers.hasNext()) {
                throw new IllegalArgumentException("--master " + master + ": this jar trains on this machine only; "
                        + "expected the Spark runner, e.g. java -jar " + SPARK_JAR + " " + command.name()
                        + " --master " + master + " ...");
            }
            return providers.next().open(master, threadsPerRun);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage(), e);
        }
    }
}
