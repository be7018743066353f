package dev.grokwatch.examples.reproduce;

import dev.grokwatch.examples.run.ModelKind;
import dev.grokwatch.examples.run.NormControlOption;
import dev.grokwatch.examples.run.RunFolder;
import dev.grokwatch.examples.run.RunSummary;
import dev.grokwatch.examples.run.StopRule;
import dev.grokwatch.examples.run.TrainingConfig;
import dev.grokwatch.models.Initialisation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The runs a reproduction trains: for every run group of the chosen experiments, one {@code train} run per seed of
 * the {@link Profile}, each a {@link TrainingConfig} from {@link TrainingConfig#builder()} in its folder
 * {@code OUT/runs/<group folder>/<train's folder name>}, in the order they are to start.
 *
 * <p>The groups' settings (arXiv 2604.13123): the baseline is addition mod 97 with the Transformer at the paper's
 * setting (appendix A); mix adds representation mixing α = {@value #MIX_ALPHA} (§6); the norm-matched control
 * follows the norm trajectory of the same seed's baseline (§6), so it starts only once that baseline finished;
 * sub, mul (mod 97) and S5 (training fraction {@value #S5_TRAIN_FRACTION}) are §9's tasks; the MLP trains its
 * whole budget (§11); torch-init is the baseline with PyTorch's initialisation, the paper's, for its timescale (§5).
 * All but the MLP stop at grokking. The baseline and norm-matched runs also record the test-set probe (appendix B)
 * and the logit scale, which the norm-matched control may change along with the norm.
 *
 * <p>Every run uses the plan's initialisation ({@code --init}); under {@link Initialisation#TORCH} the torch-init
 * group is the baseline itself and is left out, and the budgets are longer ({@link Profile#steps}). A group's runs
 * are those of its {@link #setting}: the analysis reads no other.
 */
public final class ReproductionPlan {

    /** Mixing weight of the mix group: the paper's is lost in its text; 0.3 is {@code train --mix}'s. */
    public static final double MIX_ALPHA = 0.3;

    /**
     * S5's training fraction: the paper's value is lost in its text (it groks at about half the pairs, §9);
     * {@code train}'s S5 example uses 0.5.
     */
    public static final double S5_TRAIN_FRACTION = 0.5;

    /**
     * Start order: the MLP's long fixed budget first, so it is not the last run left; each baseline before the
     * norm-matched run that follows it; the rest after.
     */
    private static final List<RunGroup> START_ORDER = List.of(RunGroup.MLP, RunGroup.BASELINE,
            RunGroup.NORM_MATCHED, RunGroup.MIX, RunGroup.TORCH_INIT, RunGroup.SUB, RunGroup.MUL, RunGroup.S5);

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=:,+-]+");

    private final Profile profile;
    private final Initialisation init;
    private final Set<Experiment> experiments;
    private final Path out;
    private final List<PlannedRun> runs;

    private ReproductionPlan(Profile profile, Initialisation init, Set<Experiment> experiments, Path out,
                             List<PlannedRun> runs) {
        this.profile = profile;
        this.init = init;
        this.experiments = experiments;
        this.out = out;
        this.runs = runs;
    }

    /**
     * The plan of {@code profile} for {@code experiments}: the runs of the union of their groups.
     *
     * @param init the initialisation of every run
     * @param out  the reproduction's folder; the runs go to {@code out/runs}
     * @throws IllegalArgumentException when {@code experiments} is empty
     */
    public static ReproductionPlan of(Profile profile, Initialisation init, Set<Experiment> experiments, Path out) {
        if (experiments.isEmpty()) {
            throw new IllegalArgumentException("no experiments; expected at least one of "
                    + EnumSet.allOf(Experiment.class));
        }
        Set<RunGroup> groups = EnumSet.noneOf(RunGroup.class);
        experiments.forEach(e -> groups.addAll(e.groups()));
        if (init == Initialisation.TORCH) {
            groups.remove(RunGroup.TORCH_INIT);
        }
        Path runsRoot = runsRoot(out);
        List<PlannedRun> runs = new ArrayList<>();
        for (RunGroup group : START_ORDER) {
            if (groups.contains(group)) {
                for (long seed : profile.seeds(group)) {
                    runs.add(run(profile, init, group, seed, runsRoot));
                }
            }
        }
        return new ReproductionPlan(profile, init, EnumSet.copyOf(experiments), out, List.copyOf(runs));
    }

    /** {@code out/runs}: one folder per {@link RunGroup#folder()}, each holding {@code train} run folders. */
    public static Path runsRoot(Path out) {
        return out.resolve("runs");
    }

    private static PlannedRun run(Profile profile, Initialisation init, RunGroup group, long seed, Path runsRoot) {
        TrainingConfig.Builder config = TrainingConfig.builder().seed(seed).steps(profile.steps(group, init))
                .init(init);
        List<Path> requires = List.of();
        switch (group) {
            case BASELINE -> config.testProbe(true).logitScale(true);
            case TORCH_INIT -> config.init(Initialisation.TORCH);
            case SUB -> config.task("sub");
            case MUL -> config.task("mul");
            case MIX -> config.mix(MIX_ALPHA);
            case NORM_MATCHED -> {
                Path baseline = run(profile, init, RunGroup.BASELINE, seed, runsRoot).folder();
                config.normControl(NormControlOption.baselineTrajectory(baseline.resolve(RunFolder.METRICS)))
                        .testProbe(true).logitScale(true);
                requires = List.of(baseline);
            }
            case S5 -> config.task("s5").trainFraction(S5_TRAIN_FRACTION);
            case MLP -> config.model(ModelKind.MLP).stop(StopRule.NONE);
        }
        Path name = config.build().out().getFileName();
        return new PlannedRun(group, config.out(runsRoot.resolve(group.folder()).resolve(name)).build(), requires);
    }

    public Profile profile() {
        return profile;
    }

    /** The initialisation of every run but the torch-init group's. */
    public Initialisation init() {
        return init;
    }

    public Set<Experiment> experiments() {
        return EnumSet.copyOf(experiments);
    }

    /** The reproduction's folder, {@code --out}. */
    public Path out() {
        return out;
    }

    /** Every run, in the order they are to start. */
    public List<PlannedRun> runs() {
        return runs;
    }

    /**
     * What makes a run one of {@code group}'s in this plan: the settings its {@code summary.json} records, as its task
     * label ({@link RunSummary#taskLabel()}: task, model, initialisation, training fraction and every setting not at
     * its default, e.g. {@code "add mod 97, transformer, fraction 0.3, mix 0.3"}). The torch-init group's runs are
     * always PyTorch-initialised; every other group's have the plan's initialisation. Seed and step budget are not
     * part of it: a run of another budget or seed is still a run of the group.
     */
    public String setting(RunGroup group) {
        return RunSummary.taskLabel(run(profile, init, group, 0, runsRoot(out)).config());
    }

    /**
     * The name of the plan's file in {@code out}, one per profile, initialisation and choice of experiments so that
     * no plan overwrites the record of another: {@code plan-paper.txt}, {@code plan-quick-torch.txt},
     * {@code plan-quick-E1-E3.txt} (the experiments named when not all).
     */
    public String fileName() {
        String name = "plan-" + profile + (init == Initialisation.DEFAULT ? "" : "-" + init);
        if (!experiments.equals(EnumSet.allOf(Experiment.class))) {
            name += "-" + experiments.stream().map(Enum::name).collect(Collectors.joining("-"));
        }
        return name + ".txt";
    }

    /**
     * The {@code reproduce} command of this plan, e.g. {@code grokwatch reproduce --profile paper --init default
     * --experiments E1,E2 --out docs/reproduction}: what a report and the plan's file say they were written by.
     */
    public String reproduceCommand() {
        return String.format(Locale.ROOT, "grokwatch reproduce --profile %s --init %s --experiments %s --out %s",
                profile, init, experiments.stream().map(Enum::name).collect(Collectors.joining(",")),
                quote(out.toString()));
    }

    /** The groups trained, in start order. */
    public List<RunGroup> groups() {
        return runs.stream().map(PlannedRun::group).distinct().toList();
    }

    /** The runs of {@code group}, by seed. */
    public List<PlannedRun> runs(RunGroup group) {
        return runs.stream().filter(r -> r.group() == group).toList();
    }

    /** E.g. {@code 0-9} or {@code 0-2, 5}: the seeds of {@code group}'s runs. */
    public String seeds(RunGroup group) {
        List<Long> seeds = runs(group).stream().map(r -> r.config().seed()).toList();
        List<String> ranges = new ArrayList<>();
        for (int i = 0; i < seeds.size(); ) {
            int j = i;
            while (j + 1 < seeds.size() && seeds.get(j + 1) == seeds.get(j) + 1) {
                j++;
            }
            ranges.add(i == j ? seeds.get(i).toString() : seeds.get(i) + "-" + seeds.get(j));
            i = j + 1;
        }
        return String.join(", ", ranges);
    }

    /**
     * The plan's file ({@link #fileName()}): the {@code train} command line of every run, grouped, each one line a shell runs from the
     * folder {@code reproduce} ran in. Nothing in it depends on the time or the machine, so a committed plan only
     * changes when the plan does.
     */
    public String commands() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "# %s: %d runs%n", reproduceCommand(), runs.size()));
        text.append("# Each line is one run, as 'java -jar grokwatch.jar' would be given it from the same folder;"
                + " a norm-matched run starts once its baseline has finished.\n");
        for (RunGroup group : groups()) {
            List<PlannedRun> members = runs(group);
            text.append(String.format(Locale.ROOT, "%n# %s: %d run%s, seeds %s%n", group.folder(), members.size(),
                    members.size() == 1 ? "" : "s", seeds(group)));
            for (PlannedRun run : members) {
                text.append("grokwatch train ").append(run.config().toArguments().stream()
                        .map(ReproductionPlan::quote).collect(Collectors.joining(" "))).append('\n');
            }
        }
        return text.toString();
    }

    /** {@code value} as one shell word. */
    private static String quote(String value) {
        return PLAIN.matcher(value).matches() ? value : "'" + value.replace("'", "'\\''") + "'";
    }
}
