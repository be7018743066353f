package dev.grokwatch.examples.reproduce;

/**
 * Every claim of the paper (arXiv 2604.13123) the reproduction checks, with the paper's number as it states it:
 * the one list of what is compared. Numbers the extracted text lost are said to be lost; a claim without a number
 * states the bound or sign it is read as. Which rule judges each claim is in its experiment's analysis.
 */
public enum PaperClaim {
    E1_GROKKED(Experiment.E1, "E1.1", "Every baseline seed groks (test accuracy ≥ 0.99 after a delay past memorisation)",
            "§5, Table 1", "10/10", 1.0),
    E1_T_GROK(Experiment.E1, "E1.2", "Mean grokking step T_grok of the baseline", "§6, Table 1", "14,360", 14_360.0),
    E1_DECLINE_FROM_START(Experiment.E1, "E1.3", "H̃ is highest at initialisation and declines from there (never more than"
            + " δ = 0.02 above its first evaluation)", "§5, Fig. 1B", "declines monotonically from initialisation", 1.0),
    E1_BELOW_AT_GROK(Experiment.E1, "E1.4", "H̃ is below 0.61 by the grokking step", "§5, Fig. 1B", "below 0.61", 1.0),
    E1_NORM_PLATEAU_FIRST(Experiment.E1, "E1.5", "Norm growth plateaus before the collapse onset (Phase I precedes"
            + " Phase II)", "§3.2", "all 10 seeds", 1.0),
    E1_ONSET_BEFORE_GROK(Experiment.E1, "E1.6", "The collapse onset precedes grokking (Phase II precedes grokking)",
            "§3.2", "all 10 seeds", 1.0),
    E1_TORCH_GROKKED(Experiment.E1, "E1.7", "With PyTorch's default initialisation (the paper's) every seed groks",
            "§5, Table 1", "10/10", 1.0),
    E1_TORCH_T_GROK(Experiment.E1, "E1.8", "With PyTorch's default initialisation, mean T_grok", "§6, Table 1",
            "14,360", 14_360.0),

    E2_CROSSES_FIRST(Experiment.E2, "E2.1", "H̃ crosses H̃* before test accuracy reaches 0.99, in every run",
            "§5, Observation 1", "100% of runs", 1.0),
    E2_LEAD(Experiment.E2, "E2.2", "Mean lead of the crossing over grokking (T_grok − crossing step)",
            "§5, Observation 1", "1,020 steps", 1_020.0),
    E2_THRESHOLD(Experiment.E2, "E2.3", "Calibrated H̃* (mean H̃ at the grokking step)",
            "§5, Observation 1; appendix E.6", "0.605", 0.605),
    E2_BEFORE_FIRST_RISE(Experiment.E2, "E2.4", "The crossing announces generalisation itself: test accuracy is still"
            + " below 0.1 when H̃ crosses H̃*", "abstract, §5", "every run (\"1,020 steps before generalisation\")", 1.0),

    E3_GROKKED(Experiment.E3, "E3.1", "Every seed groks with representation mixing (α = 0.3)", "§6, Table 1", "10/10",
            1.0),
    E3_DELAY(Experiment.E3, "E3.2", "Mixing delays grokking (one-sided Mann-Whitney p < 0.05)", "§6, Table 1",
            "+5,020 steps, p = 0.044, d = 0.70", 5_020.0),
    E3_KEEPS_ENTROPY(Experiment.E3, "E3.3", "Mixing keeps H̃ at or above H̃* (after memorisation) until the same"
            + " seed's baseline has grokked", "§6", "mixing prevents the collapse", 1.0),

    E4_GROKKED(Experiment.E4, "E4.1", "Most seeds grok with the parameter norm held to the baseline's trajectory",
            "§6, Table 1", "28/30", 28.0 / 30),
    E4_DELAY(Experiment.E4, "E4.2", "Holding the norm delays grokking (one-sided Mann-Whitney p < 0.05)",
            "§6, Table 1", "+8,304 steps, p = 5e-5, d = 1.55", 8_304.0),

    E5_WEAK_CORRELATION(Experiment.E5, "E5.1", "Parameter norm and H̃ are weakly anti-correlated (−0.3 ≤ r < 0 over"
            + " the evaluations)", "§3.2, §7", "weak, negative (value lost in extraction)", null),
    E5_BEATS_NORM(Experiment.E5, "E5.2", "The H̃ gap explains more of the remaining time than the absolute norm"
            + " (R² of the H̃ gap minus R² of the norm > 0)", "§7, Table 2", "H̃ gap ahead (factor lost in extraction)",
            null),
    E5_BEATS_NORM_GAP(Experiment.E5, "E5.3", "The H̃ gap explains more of the remaining time than the norm gap"
            + " (R² difference > 0)", "§7, Table 2", "H̃ gap ahead (factor lost in extraction)", null),

    E6_GAMMA(Experiment.E6, "E6.1", "Power-law exponent γ of ΔT = C1·(H̃ − H̃*)^γ + C2", "§3.3, §8", "1.65", 1.65),
    E6_R_SQUARED(Experiment.E6, "E6.2", "R² of the power law in the H̃ gap", "§8, Table 2", "0.543 (CI 0.508-0.566)",
            0.543),
    E6_MAPE(Experiment.E6, "E6.3", "Leave-one-seed-out mean absolute percentage error of the power law's T_grok,"
            + " forecast 2,000 steps before grokking", "§8", "4.1%", 4.1),
    E6_WARNING(Experiment.E6, "E6.4", "Mean advance warning of the power law's forecast (T_grok − the step of its first"
            + " confident forecast)", "§8", "12,370 steps", 12_370.0),
    E6_BEATS_BASELINES(Experiment.E6, "E6.5", "The power law forecasts better than the naive baselines (mean T_grok of"
            + " the other runs; survival mean) 2,000 steps before grokking, run for run on the same held-out runs",
            "§8 (implied; no baseline reported)", "better", null),

    E7_SUB_GROKKED(Experiment.E7, "E7.1", "Subtraction mod 97: every seed groks", "§9, Table 3", "5/5", 1.0),
    E7_SUB_T_GROK(Experiment.E7, "E7.2", "Subtraction mod 97: mean T_grok", "§9, Table 3", "21,560", 21_560.0),
    E7_SUB_THRESHOLD(Experiment.E7, "E7.3", "Subtraction mod 97: calibrated H̃*", "§9, Table 3", "0.589", 0.589),
    E7_SUB_CROSSES_FIRST(Experiment.E7, "E7.4", "Subtraction mod 97: H̃ crosses H̃* before grokking in every run",
            "abstract, §9", "every run", 1.0),
    E7_MUL_GROKKED(Experiment.E7, "E7.5", "Multiplication mod 97: every seed groks", "§9, Table 3", "5/5", 1.0),
    E7_MUL_T_GROK(Experiment.E7, "E7.6", "Multiplication mod 97: mean T_grok", "§9, Table 3", "21,560", 21_560.0),
    E7_MUL_THRESHOLD(Experiment.E7, "E7.7", "Multiplication mod 97: calibrated H̃*", "§9, Table 3", "0.589", 0.589),
    E7_MUL_CROSSES_FIRST(Experiment.E7, "E7.8", "Multiplication mod 97: H̃ crosses H̃* before grokking in every run",
            "abstract, §9", "every run", 1.0),
    E7_S5_GROKKED(Experiment.E7, "E7.9", "S5 composition: every seed groks", "§9, Table 3", "10/10", 1.0),
    E7_S5_T_GROK(Experiment.E7, "E7.10", "S5 composition: mean T_grok", "§9, Table 3", "4,380", 4_380.0),
    E7_S5_THRESHOLD(Experiment.E7, "E7.11", "S5 composition: calibrated H̃*", "§9, Table 3", "0.655", 0.655),
    E7_S5_COLLAPSE_FIRST(Experiment.E7, "E7.12", "S5 composition: the collapse onset is detected before grokking in at"
            + " least half the runs", "§9", "5/10", 0.5),

    E8_MEMORISE(Experiment.E8, "E8.1", "Both architectures memorise within 500 steps", "§11", "both within 500", 1.0),
    E8_MLP_COLLAPSE(Experiment.E8, "E8.2", "The MLP's H̃ collapses below H̃*", "§11, Fig. 9", "well below H̃*", 1.0),
    E8_MLP_NO_GROK(Experiment.E8, "E8.3", "The MLP does not grok within its budget", "§11, Fig. 9",
            "grokked 0/1 in 80,000 steps", 0.0),
    E8_MLP_FOURIER(Experiment.E8, "E8.4", "The MLP's Fourier alignment stays near 0 (largest value ≤ 0.2)",
            "§11", "≈ 0", null),
    E8_TRANSFORMER_FOURIER(Experiment.E8, "E8.5", "The Transformer's Fourier alignment grows through the transition"
            + " (higher at grokking than at memorisation)", "§11", "grows", 1.0),

    PROBE_SAME_AT_GROK(Experiment.PROBE, "B.1", "A test-set probe gives the training-set probe's H̃ at grokking (mean"
            + " difference train − test within ±0.016)", "appendix B", "same (values lost in extraction)", 0.0),
    PROBE_CURVES_AGREE(Experiment.PROBE, "B.2", "The two probes' H̃ curves agree (Pearson r ≥ 0.9 over the"
            + " evaluations)", "appendix B, Fig. 10", "high r (value lost in extraction)", null),

    OVERHEAD_MS(Experiment.OVERHEAD, "D.1", "Milliseconds per entropy evaluation (probe forward pass and spectrum,"
            + " n = 512, d = 128)", "appendix D.3", "≈ 8 ms", 8.0),
    OVERHEAD_SHARE(Experiment.OVERHEAD, "D.2", "Share of the training time spent on entropy evaluations",
            "appendix D.3", "< 1%", null);

    private final Experiment experiment;
    private final String id;
    private final String statement;
    private final String section;
    private final String paper;
    private final Double paperValue;

    PaperClaim(Experiment experiment, String id, String statement, String section, String paper, Double paperValue) {
        this.experiment = experiment;
        this.id = id;
        this.statement = statement;
        this.section = section;
        this.paper = paper;
        this.paperValue = paperValue;
    }

    public Experiment experiment() {
        return experiment;
    }

    /** e.g. {@code E3.2}. */
    public String id() {
        return id;
    }

    public String statement() {
        return statement;
    }

    /** Where the paper makes the claim. */
    public String section() {
        return section;
    }

    /** The paper's number as it states it. */
    public String paper() {
        return paper;
    }

    /** The number a rule compares with: a share for a count, the value of a value or direction claim; or null. */
    public Double paperValue() {
        return paperValue;
    }
}
