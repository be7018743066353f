package dev.grokwatch.examples;

import dev.grokwatch.examples.bench.BenchCommand;
import dev.grokwatch.examples.cli.CalibrateCommand;
import dev.grokwatch.examples.cli.LabelConverter;
import dev.grokwatch.examples.cli.PlotCommand;
import dev.grokwatch.examples.cli.TrainCommand;
import dev.grokwatch.examples.reproduce.Experiment;
import dev.grokwatch.examples.reproduce.Profile;
import dev.grokwatch.examples.reproduce.ReproduceCommand;
import dev.grokwatch.examples.run.ModelKind;
import dev.grokwatch.examples.run.StopRule;
import dev.grokwatch.examples.sweep.SweepCommand;
import dev.grokwatch.models.Initialisation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/**
 * The {@code grokwatch} command line: {@code java -jar grokwatch.jar <command>}. Each command is a
 * subcommand class with its own {@code --help}; new ones are added to {@code subcommands}.
 */
@Command(name = "grokwatch",
        mixinStandardHelpOptions = true,
        versionProvider = GrokwatchCli.ManifestVersion.class,
        description = "Watches the spectral entropy of a model's representations while it trains, "
                + "and tells when it is about to generalise (grok).",
        subcommands = {TrainCommand.class, SweepCommand.class, ReproduceCommand.class, BenchCommand.class,
                PlotCommand.class, CalibrateCommand.class, HelpCommand.class})
public final class GrokwatchCli implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Without a command: say which there are. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("Missing command: expected one of " + spec.subcommands().keySet());
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /** The configured command line, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new GrokwatchCli());
        cli.registerConverter(ModelKind.class, new LabelConverter<>(ModelKind.class));
        cli.registerConverter(StopRule.class, new LabelConverter<>(StopRule.class));
        cli.registerConverter(Initialisation.class, new LabelConverter<>(Initialisation.class));
        cli.registerConverter(Profile.class, new LabelConverter<>(Profile.class));
        cli.registerConverter(Experiment.class, new LabelConverter<>(Experiment.class));
        // A wrong option: the message and where to look, not the whole usage (train's is 80 lines).
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println(e.getMessage());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
            return CommandLine.ExitCode.USAGE;
        });
        // A failure the commands describe (a run's folder, an interrupted or stopped executor): its message, not
        // a stack trace; anything else is a bug and keeps its trace.
        cli.setExecutionExceptionHandler((e, failed, parsed) -> {
            if (!(e instanceof IllegalStateException || e instanceof UncheckedIOException)) {
                throw e;
            }
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli;
    }

    public static void main(String[] args) {
        // Plots are drawn off-screen; a server has no display.
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** The version the jar's manifest carries (unknown when run from classes). */
    static final class ManifestVersion implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = GrokwatchCli.class.getPackage().getImplementationVersion();
            return new String[]{"grokwatch " + (version == null ? "(version unknown: not run from the jar)" : version)};
        }
    }
}
