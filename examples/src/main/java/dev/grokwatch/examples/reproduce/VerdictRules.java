package dev.grokwatch.examples.reproduce;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;

/**
 * The verdict rules, in one place. Each claim of the paper is judged by one of four rules, and each verdict
 * comes with one sentence saying why, plainly where ours differs:
 * <ul>
 *   <li><b>count</b> (e.g. "10/10 grokked"): reproduced when our share of runs meets the paper's (at least its share,
 *       or at most for a claim that something does not happen); not reproduced otherwise, naming the runs against
 *       it; inconclusive without runs;</li>
 *   <li><b>direction</b> (e.g. "mixing delays grokking, p &lt; 0.05"): a one-sided Mann-Whitney test that the treated
 *       arm's values are larger ({@link Statistics#mannWhitneyGreater}; the sign is that of U against its mean
 *       n1·n2/2, so a run that never grokked counts as the latest). Inconclusive when the arms are too small for the
 *       test to reach p &lt; 0.05 even with every treated run above every control (the minimum is stated);
 *       reproduced when the sign is the paper's and p &lt; 0.05; not reproduced when the sign is opposite or p is
 *       not below 0.05;</li>
 *   <li><b>value</b> (e.g. "γ = 1.65"): reproduced when the paper's value lies in our 95% interval, not reproduced
 *       when it lies outside; inconclusive with fewer than {@value #MIN_VALUES} values (no interval worth the name);</li>
 *   <li><b>bound</b> (e.g. "&lt; 1% of training time", "−0.3 ≤ r &lt; 0"): reproduced when our estimate meets the
 *       bound the paper states or implies, not reproduced when it does not; inconclusive without an estimate.</li>
 * </ul>
 * A claim whose runs or recordings are missing is {@link #inconclusive} with the reason.
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
     * Count rule: {@code k} of {@code n} runs show what the claim says.
     *
     * @param atMost  the claim is that at most the paper's share shows it (e.g. "the MLP does not grok": 0/1)
     * @param against the runs that go against the claim (named when it is not reproduced)
     * @param context what explains a difference, said when not reproduced; {@code null} for nothing
     */
    public static Claim count(PaperClaim claim, int k, int n, boolean atMost, List<String> against, String context) {
        if (claim.paperValue() == null || k < 0 || k > n) {
            throw new IllegalArgumentException(claim.id() + ": " + k + " of " + n + " runs against share "
                    + claim.paperValue() + "; expected 0 <= k <= n and the paper's share");
        }
        Estimate ours = Estimate.count(k, n);
        if (n == 0) {
            return inconclusive(claim, ours, "no finished run to count");
        }
        double share = (double) k / n;
        boolean meets = atMost ? share <= claim.paperValue() + 1e-9 : share >= claim.paperValue() - 1e-9;
        if (meets) {
            return claim(claim, ours, null, Verdict.REPRODUCED, String.format(Locale.ROOT,
                    "%d of %d runs, as the paper has it (%s)", k, n, claim.paper()));
        }
        String names = against.isEmpty() || against.size() == n ? "" : " (" + (atMost ? "" : "not: ")
                + String.join(", ", against) + ")";
        return claim(claim, ours, null, Verdict.NOT_REPRODUCED, withContext(String.format(Locale.ROOT,
                "%s%d of %d runs%s, where the paper has %s", atMost || k == 0 ? "" : "only ", k, n, names,
                claim.paper()), context));
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
