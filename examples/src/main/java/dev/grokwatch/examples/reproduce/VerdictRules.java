package dev.grokwatch.examples.reproduce;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;

/**
 * The verdict rules, in one place. Each claim of the paper is judged by one of five rules, and each verdict
 * comes with one sentence saying why, plainly where ours differs:
 * <ul>
 *   <li><b>count</b> (e.g. "10/10 grokked"): reproduced when our share of runs meets the paper's (at least its share,
 *       or at most for a claim that something does not happen); not reproduced otherwise, naming the runs against
 *       it; inconclusive without runs. Runs the group lacks (planned but missing, unfinished, unreadable) are
 *       counted both ways: the verdict stands only when it is the same whether they would show the claim or not,
 *       else it is inconclusive, naming them;</li>
 *   <li><b>direction</b> (e.g. "mixing delays grokking, p &lt; 0.05"): a one-sided Mann-Whitney test that the treated
 *       arm's values are larger ({@link Statistics#mannWhitneyGreater}; the sign is that of U against its mean
 *       n1·n2/2, so a run that never grokked counts as the latest). Inconclusive when the arms are too small for the
 *       test to reach p &lt; 0.05 even with every treated run above every control (the minimum is stated);
 *       reproduced when the sign is the paper's and p &lt; 0.05; not reproduced when the sign is opposite or p is
 *       not below 0.05;</li>
 *   <li><b>value</b> (e.g. "γ = 1.65"): reproduced when the paper's value lies in our 95% interval, not reproduced
 *       when it lies outside; inconclusive with fewer than {@value #MIN_VALUES} values (no interval worth the name);</li>
 *   <li><b>bound</b> (e.g. "&lt; 1% of training time", "−0.3 ≤ r &lt; 0"): reproduced when our estimate meets the
 *       bound the paper states or implies, not reproduced when it does not; inconclusive without an estimate;</li>
 *   <li><b>paired</b> (e.g. "the power law forecasts better than the naive baselines"): the mean of a per-run
 *       difference, with its 95% interval; reproduced when the interval lies above 0, not reproduced when it lies
 *       at or below 0, inconclusive when it holds 0 (the runs do not separate the two) or with fewer than
 *       {@value #MIN_VALUES} runs.</li>
 * </ul>
 * A claim whose runs or recordings are missing altogether is {@link #inconclusive} with the reason.
 */
public final class VerdictRules {

    /** Fewest values a value claim is judged on. */
    public static final int MIN_VALUES = 3;

    private VerdictRules() {
    }

    /** A claim that cannot be judged, e.g. a group that was not trained or a recording that is missing. */
    public static Claim inconclusive(PaperClaim claim, Estimate ours, String reason) {
        return claim(claim, ours, null, Verdict.INCONCLUSIVE, reason);
    }

    /**
     * Count rule: {@code k} of {@code n} finished runs show what the claim says, which the paper has for at least its
     * share of runs.
     *
     * @param against the runs that go against the claim (named when it is not reproduced)
     * @param lacking the runs the group(s) lack, each named with why ({@link GroupRuns#lacking()}): counted both ways
     * @param context what explains a difference, said when not reproduced; {@code null} for nothing
     */
    public static Claim count(PaperClaim claim, int k, int n, List<String> against, List<String> lacking,
                              String context) {
        return count(claim, k, n, false, null, against, lacking, context);
    }

    /**
     * Count rule for a claim that something does not happen (e.g. "the MLP does not grok": 0/1): {@code k} of
     * {@code n} finished runs did it, which the paper has for at most its share. Our number is written with what
     * was counted, e.g. {@code grokked 1/1}, so that it does not read as the claim's share.
     *
     * @param counted what the runs counted did, e.g. {@code "grokked"}
     * @param against the runs that did it (named when the claim is not reproduced)
     * @param lacking the runs the group lacks, counted both ways
     * @param context what explains a difference, said when not reproduced; {@code null} for nothing
     */
    public static Claim countAtMost(PaperClaim claim, String counted, int k, int n, List<String> against,
                                    List<String> lacking, String context) {
        return count(claim, k, n, true, counted, against, lacking, context);
    }

    private static Claim count(PaperClaim claim, int k, int n, boolean atMost, String counted, List<String> against,
                               List<String> lacking, String context) {
        if (claim.paperValue() == null || k < 0 || k > n) {
            throw new IllegalArgumentException(claim.id() + ": " + k + " of " + n + " runs against share "
                    + claim.paperValue() + "; expected 0 <= k <= n and the paper's share");
        }
        Estimate ours = Estimate.count(k, n, counted);
        int m = lacking.size();
        String lacks = m == 0 ? "" : String.format(Locale.ROOT, "%d run%s the group lacks (%s)", m, m == 1 ? "" : "s",
                String.join("; ", lacking));
        if (n == 0) {
            return inconclusive(claim, ours, "no finished run to count" + (m == 0 ? "" : "; " + lacks));
        }
        // The lacking runs counted as showing the claim, then as not: the share at its best and at its worst.
        double share = claim.paperValue();
        double withAll = (double) (k + m) / (n + m);
        double withNone = (double) k / (n + m);
        boolean holdsAtWorst = atMost ? withAll <= share + 1e-9 : withNone >= share - 1e-9;
        boolean failsAtBest = atMost ? withNone > share + 1e-9 : withAll < share - 1e-9;
        String runs = String.format(Locale.ROOT, "%d of %d runs%s", k, n, counted == null ? "" : " " + counted);
        if (holdsAtWorst) {
            return claim(claim, ours, null, Verdict.REPRODUCED, String.format(Locale.ROOT,
                    "%s, as the paper has it (%s)%s", runs, claim.paper(), m == 0 ? ""
                            : "; the " + lacks + " could not change that"));
        }
        String names = against.isEmpty() || against.size() == n ? "" : " (" + (atMost ? "" : "not: ")
                + String.join(", ", against) + ")";
        String shortOf = String.format(Locale.ROOT, "%s%s%s, where the paper has %s", atMost || k == 0 ? "" : "only ",
                runs, names, claim.paper());
        if (failsAtBest) {
            return claim(claim, ours, null, Verdict.NOT_REPRODUCED, withContext(shortOf + (m == 0 ? ""
                    : "; the " + lacks + " could not make up the difference"), context));
        }
        boolean meetsNow = atMost ? (double) k / n <= share + 1e-9 : (double) k / n >= share - 1e-9;
        return claim(claim, ours, null, Verdict.INCONCLUSIVE, meetsNow
                ? String.format(Locale.ROOT, "%s, as the paper has it (%s), but the %s could go against it", runs,
                claim.paper(), lacks)
                : shortOf + ", but the " + lacks + " could make up the difference");
    }

    /**
     * Direction rule: the treated arm's values are larger than the control's (e.g. T_grok with mixing against
     * without), as the paper found.
     *
     * @param effect  the effect shown as ours (e.g. the mean paired delay with its interval)
     * @param treated the treated arm's values; +∞ for a run that never got there (ranked last)
     * @param control the control arm's values, likewise
     * @param context what explains a difference, said when not reproduced; {@code null} for nothing
     */
    public static Claim direction(PaperClaim claim, Estimate effect, double[] treated, double[] control,
                                  String context) {
        if (treated.length == 0 || control.length == 0) {
            return inconclusive(claim, effect, String.format(Locale.ROOT, "no runs to compare (%d treated, %d"
                    + " control)", treated.length, control.length));
        }
        Statistics.MannWhitney test = Statistics.mannWhitneyGreater(treated, control);
        double best = Statistics.bestOneSidedP(treated.length, control.length);
        Comparison comparison = new Comparison(test.u(), test.oneSidedP(), best, treated.length, control.length,
                Statistics.cohensD(finite(treated), finite(control)));
        String runs = String.format(Locale.ROOT, "n = %d + %d", treated.length, control.length);
        String shown = effect.present() ? "effect " + effect.unit().format(effect.value()) + ", " : "";
        if (best >= Statistics.ALPHA) {
            return claim(claim, effect, comparison, Verdict.INCONCLUSIVE, String.format(Locale.ROOT,
                    "too few runs for the test: with %s even complete separation gives one-sided p = %.3f >= %.2f"
                            + " (Mann-Whitney, normal approximation); at least %d runs per arm are needed", runs,
                    best, Statistics.ALPHA, Statistics.minimumRunsPerArm()));
        }
        if (test.u() <= treated.length * (double) control.length / 2) {
            return claim(claim, effect, comparison, Verdict.NOT_REPRODUCED, withContext(String.format(Locale.ROOT,
                    "the effect goes the other way from the paper's (%sU = %.1f of %d, one-sided p = %.3f, %s)",
                    shown, test.u(), treated.length * control.length, test.oneSidedP(), runs), context));
        }
        if (test.oneSidedP() < Statistics.ALPHA) {
            return claim(claim, effect, comparison, Verdict.REPRODUCED, String.format(Locale.ROOT,
                    "the paper's direction (%sone-sided Mann-Whitney p = %.3f < %.2f, %s)", shown, test.oneSidedP(),
                    Statistics.ALPHA, runs));
        }
        return claim(claim, effect, comparison, Verdict.NOT_REPRODUCED, withContext(String.format(Locale.ROOT,
                "the paper's direction but not significant (%sone-sided Mann-Whitney p = %.3f >= %.2f, %s, where"
                        + " complete separation would give %.3f)", shown, test.oneSidedP(), Statistics.ALPHA, runs,
                best), context));
    }

    /**
     * Value rule: the paper's value against our 95% interval.
     *
     * @param context what explains a difference, said when not reproduced; {@code null} for nothing
     */
    public static Claim value(PaperClaim claim, Estimate ours, String context) {
        double paper = claim.paperValue();
        if (!ours.present() || !ours.hasInterval() || ours.n() < MIN_VALUES) {
            return inconclusive(claim, ours, String.format(Locale.ROOT, "n = %d: too few values for a 95%% interval"
                    + " (at least %d)", ours.n(), MIN_VALUES));
        }
        Unit unit = ours.unit();
        String interval = "[" + unit.format(ours.low()) + ", " + unit.format(ours.high()) + "]";
        if (ours.low() <= paper && paper <= ours.high()) {
            return claim(claim, ours, null, Verdict.REPRODUCED, String.format(Locale.ROOT,
                    "the paper's %s lies in our 95%% interval %s", claim.paper(), interval));
        }
        String side = ours.value() < paper ? "lower" : "higher";
        String ratio = paper != 0 && Math.signum(paper) == Math.signum(ours.value())
                ? String.format(Locale.ROOT, ", %.2f× the paper's", ours.value() / paper) : "";
        return claim(claim, ours, null, Verdict.NOT_REPRODUCED, withContext(String.format(Locale.ROOT,
                "the paper's %s lies outside our 95%% interval %s: ours is %s (%s%s)", claim.paper(), interval, side,
                unit.format(ours.value()), ratio), context));
    }

    /**
     * Bound rule: our estimate against the bound the paper states or implies.
     *
     * @param bound   the bound in words, e.g. {@code "below 1%"}
     * @param holds   whether a value meets it
     * @param context what explains a difference, said when not reproduced; {@code null} for nothing
     */
    public static Claim bound(PaperClaim claim, Estimate ours, String bound, DoublePredicate holds, String context) {
        if (!ours.present()) {
            return inconclusive(claim, ours, "nothing measured to hold against the bound (" + bound + ")");
        }
        String value = ours.unit().format(ours.value());
        if (holds.test(ours.value())) {
            return claim(claim, ours, null, Verdict.REPRODUCED, "ours " + value + " is " + bound);
        }
        return claim(claim, ours, null, Verdict.NOT_REPRODUCED, withContext("ours " + value + " is not " + bound,
                context));
    }

    /**
     * Paired rule: the mean of a per-run difference that the claim says is positive (e.g. the best naive baseline's
     * error minus the power law's, on the same held-out runs and cuts), with its 95% interval.
     *
     * @param difference the mean difference, its interval and the runs
     * @param what       what the difference is, e.g. {@code "the best naive baseline's error minus the power law's"}
     * @param context    what explains a difference from the paper, said when not reproduced; {@code null} for nothing
     */
    public static Claim paired(PaperClaim claim, Estimate difference, String what, String context) {
        if (!difference.present() || !difference.hasInterval() || difference.n() < MIN_VALUES) {
            return inconclusive(claim, difference, String.format(Locale.ROOT, "n = %d: too few paired runs for a 95%%"
                    + " interval of %s (at least %d)", difference.n(), what, MIN_VALUES));
        }
        Unit unit = difference.unit();
        String interval = String.format(Locale.ROOT, "%s, mean %s, 95%% interval [%s, %s] over %d runs", what,
                unit.format(difference.value()), unit.format(difference.low()), unit.format(difference.high()),
                difference.n());
        if (difference.low() > 0) {
            return claim(claim, difference, null, Verdict.REPRODUCED, interval + ": above 0");
        }
        if (difference.high() <= 0) {
            return claim(claim, difference, null, Verdict.NOT_REPRODUCED, withContext(interval + ": at or below 0",
                    context));
        }
        return claim(claim, difference, null, Verdict.INCONCLUSIVE, interval + ": it holds 0, so these runs do not"
                + " separate the two");
    }

    private static Claim claim(PaperClaim claim, Estimate ours, Comparison test, Verdict verdict, String reason) {
        return new Claim(claim.id(), claim.statement(), claim.section(), claim.paper(), claim.paperValue(), ours, test,
                verdict, reason);
    }

    private static String withContext(String reason, String context) {
        return context == null || context.isBlank() ? reason : reason + ": " + context;
    }

    private static double[] finite(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).toArray();
    }
}
