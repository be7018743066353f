package dev.grokwatch.examples.reproduce;

import dev.grokwatch.entropy.forecast.PowerLawFit;
import dev.grokwatch.entropy.forecast.PowerLawForecaster;
import dev.grokwatch.entropy.forecast.Predictor;
import dev.grokwatch.entropy.forecast.RunHistory;
import dev.grokwatch.entropy.forecast.ThresholdCalibrator;
import dev.grokwatch.examples.report.OverlayPlot;
import dev.grokwatch.examples.report.ReproductionFigures;
import dev.grokwatch.examples.run.RunFolder;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a {@link ReproductionResult} into a folder: {@code REPORT.md} (the headline claims and verdicts, how verdicts
 * are reached, then one table per experiment: claim | paper | ours (interval, n) | verdict), {@code report.json} (the
 * same numbers) and PNG figures, analogues of the paper's (arXiv 2604.13123) Fig. 1, 3, 4a, 4b, 5, 9 and 10 (and the
 * baseline aligned at grokking) drawn with {@link OverlayPlot} and {@link ReproductionFigures}. A figure whose group
 * is absent is skipped and the report says so; a figure of an earlier report that this one does not draw (another
 * choice of experiments) is deleted, so the folder holds one report. Its first lines name the plan it is of and the
 * command that writes it again. The same result gives byte-identical {@code REPORT.md} and {@code report.json}.
 */
public final class ReproductionReportWriter {

    public static final String REPORT = "REPORT.md";
    public static final String JSON_FILE = "report.json";

    /** Every figure a report can draw: those this one does not are deleted, never any other file. */
    static final List<String> FIGURES = List.of("fig1-baseline.png", "fig1-torch-init.png", "baseline-aligned.png",
            "fig3-mixing.png", "fig3-norm-matched.png", "fig4a-norm-entropy.png", "fig4b-power-law.png",
            "fig5-tasks.png", "fig9-mlp-transformer.png", "fig10-probes.png");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReproductionReportWriter() {
    }

    /**
     * Writes the report, the JSON and the figures into {@code outDir} (created if needed), replacing earlier ones and
     * deleting the figures of {@link #FIGURES} this report does not draw.
     *
     * @throws UncheckedIOException when a file cannot be written
     */
    public static void write(ReproductionResult result, Path outDir) {
        try {
            Files.createDirectories(outDir);
            Map<Experiment, List<String>> figures = new EnumMap<>(Experiment.class);
            for (ExperimentResult e : result.experiments()) {
                figures.put(e.experiment(), figures(result, e.experiment(), outDir));
            }
            for (String figure : FIGURES) {
                if (figures.values().stream().flatMap(List::stream).noneMatch(l -> l.endsWith("(" + figure + ")"))) {
                    Files.deleteIfExists(outDir.resolve(figure));
                }
            }
            boolean planHere = Files.isRegularFile(outDir.resolve(result.planFile()));
            Files.writeString(outDir.resolve(REPORT), markdown(result, figures, planHere), StandardCharsets.UTF_8);
            Files.writeString(outDir.resolve(JSON_FILE), JSON.writeValueAsString(result) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the reproduction report into " + outDir
                    + "; expected a writable folder", e);
        }
    }

    /**
     * REPORT.md.
     *
     * @param planHere whether the plan's file is beside the report, to point at
     */
    static String markdown(ReproductionResult result, Map<Experiment, List<String>> figures, boolean planHere) {
        Markdown md = new Markdown();
        md.line("# Reproducing arXiv 2604.13123 with grokwatch");
        md.line("");
        md.line(String.format(Locale.ROOT, "Written by `%s`%s. It covers experiments %s, and reads in each group the"
                        + " runs of the group's setting only (below). Regenerate it with `%s --analyse-only`.",
                result.command(), planHere ? " (the train command of every run: `" + result.planFile() + "`)" : "",
                result.experiments().stream().map(e -> e.experiment().name()).collect(Collectors.joining(", ")),
                result.command()));
        md.line("");
        md.line("Each claim of \"Spectral Entropy Collapse as an Empirical Signature of Delayed Generalisation in"
                + " Grokking\" (Truong et al. 2026) that these runs can test, beside our number with its 95% interval"
                + " and n, and a verdict with its reason.");
        md.line("");
        md.line("## Runs");
        md.line("");
        md.line("| group | setting | planned | finished | grokked | left out |");
        md.line("|---|---|---|---|---|---|");
        for (GroupSummary g : result.groups()) {
            List<String> leftOut = new ArrayList<>(g.failed());
            leftOut.addAll(g.otherSetting());
            md.row(g.group(), g.setting(), Integer.toString(g.planned()),
                    g.present() ? Integer.toString(g.finished()) : "absent",
                    g.present() ? Integer.toString(g.grokked()) : "-",
                    leftOut.isEmpty() ? "-" : String.join("; ", leftOut));
        }
        md.line("");
        md.line("## Headline");
        md.line("");
        List<Claim> claims = result.claims();
        md.line(String.format(Locale.ROOT, "Of %d claims: **%d reproduced, %d not reproduced, %d inconclusive**.",
                claims.size(), count(claims, Verdict.REPRODUCED), count(claims, Verdict.NOT_REPRODUCED),
                count(claims, Verdict.INCONCLUSIVE)));
        md.line("");
        for (Claim c : claims) {
            md.line(String.format(Locale.ROOT, "- **%s** %s: **%s** (%s)", c.id(), c.statement(), c.verdict().label(),
                    c.ours().text()));
        }
        List<ExperimentResult> checked = result.experiments().stream().filter(e -> !e.checks().isEmpty()).toList();
        if (!checked.isEmpty()) {
            md.line("");
            md.line("Checked as well, not claims of the paper (not counted above):");
            md.line("");
            for (ExperimentResult e : checked) {
                e.checks().forEach(c -> md.line(String.format(Locale.ROOT, "- **%s, %s**: %s (%s)",
                        e.experiment(), c.name(), c.finding(), c.ours().text())));
            }
        }
        md.line("");
        md.line("## How the verdicts are reached");
        md.line("");
        md.line("- *Count* (\"10/10 grokked\"): reproduced when our share of runs meets the paper's; the runs against"
                + " it are named. Runs a group lacks (planned but missing, not finished, unreadable) are counted both"
                + " ways: the verdict stands when they could not change it, else the claim is inconclusive, naming"
                + " them. Where the claim is that something does not happen, our count says what the runs did"
                + " (\"grokked 1/1\").");
        md.line(String.format(Locale.ROOT, "- *Direction* (\"mixing delays grokking, p < 0.05\"): one-sided"
                + " Mann-Whitney U test (Commons Math, normal approximation); reproduced when the effect has the paper's"
                + " sign and p < %.2f, not reproduced when the sign is opposite or p is not below it, inconclusive"
                + " when even complete separation could not reach it (at least %d runs per arm). A run that did not"
                + " grok ranks as the latest.", Statistics.ALPHA, Statistics.minimumRunsPerArm()));
        md.line(String.format(Locale.ROOT, "- *Value* (\"γ = 1.65\"): reproduced when the paper's value lies in our"
                + " 95%% interval; inconclusive with fewer than %d values.", VerdictRules.MIN_VALUES));
        md.line("- *Bound* (\"< 1% of training time\"): reproduced when our estimate meets the bound the paper states"
                + " or implies.");
        md.line(String.format(Locale.ROOT, "- *Paired* (\"the power law forecasts better than the naive baselines\"):"
                + " the mean of a difference taken run by run, with its 95%% interval; reproduced when the interval"
                + " lies above 0, not reproduced when it lies at or below 0, inconclusive when it holds 0 or with fewer"
                + " than %d runs.", VerdictRules.MIN_VALUES));
        md.line(String.format(Locale.ROOT, "- Intervals: percentile bootstrap of the mean (%,d resamples, seed %d);"
                + " Fisher z for Pearson's r; for fitted power laws a bootstrap over runs (%,d resamples). A group or"
                + " recording missing altogether makes its claims inconclusive, with the reason; value, direction,"
                + " bound and paired claims are judged on the runs there are, those left out named below their"
                + " table.", Statistics.RESAMPLES, Statistics.SEED, BaselineFits.RESAMPLES));
        for (ExperimentResult e : result.experiments()) {
            experiment(md, e, figures.getOrDefault(e.experiment(), List.of()));
        }
        return md.text();
    }

    private static void experiment(Markdown md, ExperimentResult e, List<String> figures) {
        md.line("");
        String title = e.experiment().name().matches("E\\d") ? e.experiment() + ": " + e.title()
                : Character.toUpperCase(e.title().charAt(0)) + e.title().substring(1);
        md.line(String.format(Locale.ROOT, "## %s (%s)", title, e.section()));
        md.line("");
        md.line("| claim | paper | ours (95% interval), n | verdict |");
        md.line("|---|---|---|---|");
        for (Claim c : e.claims()) {
            md.row("**" + c.id() + "** " + c.statement() + " (" + c.section() + ")", c.paper(), ours(c),
                    "**" + c.verdict().label() + "**: " + c.reason());
        }
        if (!e.checks().isEmpty()) {
            md.line("");
            md.line("| check (not a claim of the paper) | ours (95% interval), n | finding |");
            md.line("|---|---|---|");
            e.checks().forEach(c -> md.row("**" + c.name() + "**: " + c.question(), c.ours().text(), c.finding()));
        }
        if (!e.measurements().isEmpty()) {
            md.line("");
            md.line("| also measured | ours (95% interval), n |");
            md.line("|---|---|");
            e.measurements().forEach(m -> md.row(m.label(), m.value().text()));
        }
        for (DetailTable t : e.tables()) {
            if (t.rows().isEmpty()) {
                continue;
            }
            md.line("");
            md.line(t.title() + ":");
            md.line("");
            md.row(t.header().toArray(String[]::new));
            md.line("|" + "---|".repeat(t.header().size()));
            t.rows().forEach(r -> md.row(r.toArray(String[]::new)));
        }
        if (!e.notes().isEmpty()) {
            md.line("");
            e.notes().forEach(n -> md.line("- " + n));
        }
        if (!figures.isEmpty()) {
            md.line("");
            figures.forEach(md::line);
        }
    }

    /** Our number; for a direction claim with the test's p and d. */
    private static String ours(Claim c) {
        String text = c.ours().text();
        Comparison t = c.test();
        if (t == null) {
            return text;
        }
        return text + String.format(Locale.ROOT, "; one-sided p = %.3g, d = %s (%d + %d runs)", t.oneSidedP(),
                t.cohensD() == null ? "-" : Unit.NUMBER.format(t.cohensD()), t.treated(), t.control());
    }

    private static long count(List<Claim> claims, Verdict verdict) {
        return claims.stream().filter(c -> c.verdict() == verdict).count();
    }

    /** Draws an experiment's figures and returns the report's lines for them (an image, or why it was skipped). */
    private static List<String> figures(ReproductionResult result, Experiment experiment, Path outDir) {
        List<String> lines = new ArrayList<>();
        GroupRuns baseline = result.runs(RunGroup.BASELINE);
        switch (experiment) {
            case E1 -> {
                overlay(lines, outDir, "fig1-baseline.png", "Fig. 1 analogue: H̃ and test accuracy of the baseline"
                        + " runs", folders(baseline), false, absence(baseline));
                GroupRuns torch = result.runs(RunGroup.TORCH_INIT);
                overlay(lines, outDir, "fig1-torch-init.png", "Fig. 1 analogue with PyTorch's initialisation",
                        folders(torch), false, absence(torch));
            }
            case E2 -> overlay(lines, outDir, "baseline-aligned.png", "The baseline runs aligned at each run's"
                    + " grokking step: the crossing's lead", folders(baseline), true, absence(baseline));
            case E3 -> paired(lines, outDir, result, RunGroup.MIX, "fig3-mixing.png", "Fig. 3 analogue: baseline"
                    + " and mixing runs of the same seeds");
            case E4 -> paired(lines, outDir, result, RunGroup.NORM_MATCHED, "fig3-norm-matched.png", "The"
                    + " norm-matched control beside the baseline runs of the same seeds");
            case E5 -> {
                if (absence(baseline) != null) {
                    lines.add(skipped("Fig. 4a analogue", absence(baseline)));
                } else {
                    ReproductionFigures.normVersusEntropy(curves(baseline), outDir.resolve("fig4a-norm-entropy.png"));
                    lines.add(image("Fig. 4a analogue: parameter norm against H̃", "fig4a-norm-entropy.png"));
                }
            }
            case E6 -> powerLaw(lines, outDir, baseline);
            case E8 -> {
                GroupRuns mlp = result.runs(RunGroup.MLP);
                String absent = absence(mlp) != null ? absence(mlp) : absence(baseline);
                if (absent != null) {
                    lines.add(skipped("Fig. 9 analogue", absent));
                } else {
                    ReproductionFigures.architectures(curves(baseline), curves(mlp),
                            baseline.finished().get(0).threshold(), outDir.resolve("fig9-mlp-transformer.png"));
                    lines.add(image("Fig. 9 analogue: H̃ and Fourier alignment of the MLP and the Transformer",
                            "fig9-mlp-transformer.png"));
                }
            }
            case PROBE -> {
                List<AnalysedRun> probed = baseline == null ? List.of() : baseline.finished().stream()
                        .filter(r -> r.testProbe() != null).toList();
                if (probed.isEmpty()) {
                    lines.add(skipped("Fig. 10 analogue", absence(baseline) != null ? absence(baseline)
                            : "no baseline run recorded " + RunFolder.TEST_PROBE_METRICS));
                } else {
                    ReproductionFigures.probes(probed.stream().map(r -> new ReproductionFigures.Curve("seed "
                                    + r.seed(), r.history())).toList(),
                            probed.stream().map(r -> new ReproductionFigures.Curve("seed " + r.seed(), r.testProbe()))
                                    .toList(), outDir.resolve("fig10-probes.png"));
                    lines.add(image("Fig. 10 analogue: H̃ from the training-set and the test-set probe",
                            "fig10-probes.png"));
                }
            }
            case E7 -> {
                List<RunFolder> tasks = new ArrayList<>(folders(baseline));
                for (RunGroup task : List.of(RunGroup.SUB, RunGroup.MUL)) {
                    tasks.addAll(folders(result.runs(task)));
                }
                boolean anyTask = !folders(result.runs(RunGroup.SUB)).isEmpty()
                        || !folders(result.runs(RunGroup.MUL)).isEmpty();
                overlay(lines, outDir, "fig5-tasks.png", "Fig. 5 analogue: H̃ and test accuracy of the three modular"
                        + " tasks (addition, subtraction, multiplication)", tasks, false, anyTask ? null
                        : "no runs of subtraction or multiplication");
            }
            case OVERHEAD -> {
                // the paper has no figure of its overhead
            }
        }
        return lines;
    }

    private static void paired(List<String> lines, Path outDir, ReproductionResult result, RunGroup treated,
                               String file, String caption) {
        GroupRuns baseline = result.runs(RunGroup.BASELINE);
        GroupRuns arm = result.runs(treated);
        String absent = absence(arm) != null ? absence(arm) : absence(baseline);
        if (absent != null) {
            lines.add(skipped(caption, absent));
            return;
        }
        List<Long> seeds = arm.finished().stream().map(AnalysedRun::seed).toList();
        List<RunFolder> runs = Stream.concat(baseline.finished().stream().filter(r -> seeds.contains(r.seed())),
                arm.finished().stream()).map(AnalysedRun::folder).toList();
        overlay(lines, outDir, file, caption, runs, false, null);
    }

    private static void powerLaw(List<String> lines, Path outDir, GroupRuns baseline) {
        String caption = "Fig. 4b analogue: remaining steps against the H̃ gap, with the fitted power law";
        if (absence(baseline) != null || baseline.grokked().size() < 3) {
            lines.add(skipped(caption, absence(baseline) != null ? absence(baseline)
                    : "fewer than 3 grokked baseline runs"));
            return;
        }
        List<RunHistory> grokked = baseline.grokked().stream().map(AnalysedRun::calibrationRun).toList();
        double threshold = new ThresholdCalibrator().calibrate(grokked).mean();
        try {
            PowerLawFit fit = PowerLawForecaster.calibrate(grokked, threshold).fit();
            ReproductionFigures.powerLaw(Predictor.ENTROPY_GAP.pairs(grokked, threshold), fit, threshold,
                    outDir.resolve("fig4b-power-law.png"));
            lines.add(image(caption, "fig4b-power-law.png"));
        } catch (RuntimeException e) { // the power law did not fit: the figure is skipped, as E6 says
            lines.add(skipped(caption, "the power law could not be fitted (" + e.getMessage() + ")"));
        }
    }

    private static void overlay(List<String> lines, Path outDir, String file, String caption, List<RunFolder> runs,
                                boolean alignGrok, String absent) {
        if (absent != null || runs.isEmpty()) {
            lines.add(skipped(caption, absent != null ? absent : "no runs"));
            return;
        }
        if (alignGrok && runs.stream().noneMatch(r -> r.summary().grokStep() != null)) {
            lines.add(skipped(caption, "no run grokked"));
            return;
        }
        OverlayPlot.write(runs, alignGrok, outDir.resolve(file));
        lines.add(image(caption, file));
    }

    private static List<RunFolder> folders(GroupRuns group) {
        return group == null ? List.of() : group.finished().stream().map(AnalysedRun::folder).toList();
    }

    private static List<ReproductionFigures.Curve> curves(GroupRuns group) {
        return group.finished().stream().map(r -> new ReproductionFigures.Curve("seed " + r.seed(), r.history()))
                .toList();
    }

    private static String absence(GroupRuns group) {
        return group == null ? "the group was not read" : group.absence();
    }

    private static String image(String caption, String file) {
        return "![" + caption + "](" + file + ")";
    }

    private static String skipped(String caption, String why) {
        return "*" + caption + ": skipped, " + why + ".*";
    }

    /** Markdown text with table rows whose cells may hold '|'. */
    private static final class Markdown {
        private final StringBuilder text = new StringBuilder();

        void line(String line) {
            text.append(line).append('\n');
        }

        void row(String... cells) {
            StringBuilder row = new StringBuilder("|");
            for (String cell : cells) {
                row.append(' ').append(cell.replace("|", "\\|").replace("\n", " ")).append(" |");
            }
            line(row.toString());
        }

        String text() {
            return text.toString();
        }
    }
}
