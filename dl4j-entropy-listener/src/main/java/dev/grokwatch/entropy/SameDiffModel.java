package dev.grokwatch.entropy;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Every read of a SameDiff graph the {@link SameDiffEntropyListener} makes, the SameDiff side of the seam
 * whose DL4J side is {@link ModelAdapter}: a variable's values on given placeholders ({@code sd.output}, which
 * changes no variable), the parameter norm, the data loss of a training batch, and the checks before
 * training (the variable exists, the placeholders fit, it is computed from them, no random op lies upstream).
 */
final class SameDiffModel {

    /** ND4J's random ops (dropout, alpha dropout, random draws) all live in this package and its subpackages. */
    private static final String RANDOM_OPS = "org.nd4j.linalg.api.ops.random";

    private final SameDiff graph;

    SameDiffModel(SameDiff graph) {
        if (graph == null) {
            throw new IllegalArgumentException("SameDiff graph is null; expected the graph the listener will watch");
        }
        this.graph = graph;
    }

    SameDiff graph() {
        return graph;
    }

    /**
     * The values of {@code variable} with the placeholders set to {@code placeholders}, as an array outside any
     * workspace. The graph's variables are unchanged.
     */
    INDArray output(Map<String, INDArray> placeholders, String variable) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return graph.output(placeholders, variable).get(variable);
        }
    }

    /** The L2 norm of all trainable ({@code VARIABLE}-type) arrays together, in double precision. */
    double parameterNorm() {
        double sumOfSquares = 0;
        for (SDVariable v : graph.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE && v.getArr() != null) {
                double norm = v.getArr().castTo(DataType.DOUBLE).norm2Number().doubleValue();
                sumOfSquares += norm * norm;
            }
        }
        return Math.sqrt(sumOfSquares);
    }

    /**
     * The data loss of the graph on a training batch: the sum of its loss variables on {@code batch}'s placeholders
     * (set as {@code sd.fit} sets them, by the graph's {@code TrainingConfig}), without the regularisation terms
     * SameDiff adds; in the loss function's units. Computed by a forward pass, because a training iteration need
     * not compute the loss itself (a loss op's gradient is computed from its inputs, so SameDiff 1.0.0-M2.1 reports
     * 0 for softmax cross-entropy). Null when the graph has no loss variable or a random op lies upstream of one,
     * whose extra draws would change training.
     *
     * @throws IllegalArgumentException when the graph has no {@code TrainingConfig} to place the batch by
     */
    Double dataLoss(MultiDataSet batch) {
        List<String> losses = graph.getLossVariables();
        if (losses == null || losses.isEmpty() || !randomOpsUpstreamOfLoss().isEmpty()) {
            return null;
        }
        Map<String, INDArray> values;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            values = graph.output(placeholders(batch), losses.toArray(String[]::new));
        }
        double sum = 0;
        for (String loss : losses) {
            INDArray value = values.get(loss);
            sum += value.isScalar() ? value.getDouble(0) : value.sumNumber().doubleValue(); // as SameDiff sums it
        }
        return sum;
    }

    /** The random ops upstream of any of the graph's loss variables (see {@link #randomOpsUpstream}). */
    List<String> randomOpsUpstreamOfLoss() {
        List<String> losses = graph.getLossVariables();
        return losses == null ? List.of()
                : losses.stream().flatMap(loss -> randomOpsUpstream(loss).stream()).distinct().toList();
    }

    /**
     * The placeholders {@code sd.fit} sets from {@code batch}: features, labels and their masks in the order of the
     * graph's {@code TrainingConfig} mappings.
     *
     * @throws IllegalArgumentException when the graph has no {@code TrainingConfig}
     */
    Map<String, INDArray> placeholders(MultiDataSet batch) {
        TrainingConfig config = graph.getTrainingConfig();
        if (config == null) {
            throw new IllegalArgumentException("The SameDiff graph has no TrainingConfig, whose dataSetFeatureMapping"
                    + " and dataSetLabelMapping place a batch in its placeholders; expected sd.setTrainingConfig(...)");
        }
        Map<String, INDArray> placeholders = new LinkedHashMap<>();
        put(placeholders, config.getDataSetFeatureMapping(), batch::getFeatures);
        put(placeholders, config.getDataSetLabelMapping(), batch::getLabels);
        put(placeholders, config.getDataSetFeatureMaskMapping(), batch::getFeaturesMaskArray);
        put(placeholders, config.getDataSetLabelMaskMapping(), batch::getLabelsMaskArray);
        return placeholders;
    }

    private static void put(Map<String, INDArray> placeholders, List<String> names, IntFunction<INDArray> arrays) {
        if (names == null) {
            return;
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) != null) { // a mask mapping leaves a null for an array without a mask
                placeholders.put(names.get(i), arrays.apply(i));
            }
        }
    }

    /** The placeholders a {@code MultiDataSet}'s features go into, in order (the {@code TrainingConfig}'s); empty without one. */
    List<String> featureMapping() {
        TrainingConfig config = graph.getTrainingConfig();
        return config == null || config.getDataSetFeatureMapping() == null ? List.of()
                : List.copyOf(config.getDataSetFeatureMapping());
    }

    /**
     * @throws IllegalArgumentException when {@code variable} is not in the graph, listing the closest names
     */
    void checkVariable(String variable, String role) {
        if (!graph.hasVariable(variable)) {
            throw new IllegalArgumentException("The SameDiff graph has no variable '" + variable + "' (" + role
                    + "); expected one of its variables, the closest being " + closestNames(variable));
        }
    }

    /**
     * Each placeholder exists, is a placeholder, and its array fits the placeholder's declared shape: of its rank,
     * each size as declared where the size is known (-1: any size). A placeholder declared without a shape (as
     * TensorFlow and ONNX imports often declare them; ND4J gives an empty shape) takes any shape. The data type
     * is not checked: {@code sd.output} converts an array of another type to the placeholder's, and so the
     * listener's evaluations do.
     *
     * @throws IllegalArgumentException naming the placeholder, both shapes and what was expected
     */
    void checkPlaceholders(Map<String, INDArray> placeholders, String what) {
        for (Map.Entry<String, INDArray> e : placeholders.entrySet()) {
            String name = e.getKey();
            checkVariable(name, what + " placeholder");
            SDVariable v = graph.getVariable(name);
            if (!v.isPlaceHolder()) {
                throw new IllegalArgumentException("The " + what + " sets '" + name + "', a " + v.getVariableType()
                        + " variable, not a placeholder; expected the graph's placeholders " + placeholderNames());
            }
            long[] declared = v.placeholderShape();
            long[] given = e.getValue().shape();
            if (declared != null && declared.length > 0 && !fits(declared, given)) {
                throw new IllegalArgumentException("The " + what + " for placeholder '" + name + "' has shape "
                        + Arrays.toString(given) + "; expected the placeholder's shape " + Arrays.toString(declared)
                        + " (-1: any size)");
            }
        }
    }

    private static boolean fits(long[] declared, long[] given) {
        if (declared.length != given.length) {
            return false;
        }
        for (int i = 0; i < declared.length; i++) {
            if (declared[i] >= 0 && declared[i] != given[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The random ops (dropout, random draws) that {@code variable} depends on, as "'output variable' (OpClass)":
     * {@code sd.output} has no inference mode, so they would drop out the probe and draw random numbers that change
     * training.
     */
    List<String> randomOpsUpstream(String variable) {
        Map<String, String> random = new LinkedHashMap<>();
        upstream(variable).ops().forEach((output, op) -> {
            if (op.getClass().getName().startsWith(RANDOM_OPS)) {
                random.putIfAbsent(op.getOwnName(), "'" + output + "' (" + op.getClass().getSimpleName() + ")");
            }
        });
        return List.copyOf(random.values());
    }

    /**
     * Checks that {@code variable} is computed from the placeholders {@code given} sets: {@code sd.output} needs
     * every placeholder upstream of it (the loss needs the labels), and a variable upstream of none of them (a
     * weight, a constant) has the same values whatever is given.
     *
     * @param role     the variable's role, for the message ("variable to read")
     * @param givenBy  what sets the placeholders, for the message ("the probe sets")
     * @param expected what the variable should be, for the message
     * @throws IllegalArgumentException naming the variable, the placeholders it needs and those given
     */
    void checkComputedFrom(String variable, Collection<String> given, String role, String givenBy, String expected) {
        Set<String> upstream = upstream(variable).variables();
        List<String> needed = placeholderNames().stream().filter(upstream::contains).toList();
        List<String> missing = needed.stream().filter(p -> !given.contains(p)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Variable '" + variable + "' (the " + role + ") needs placeholder(s) "
                    + missing + ", not among those " + givenBy + " " + given + ": sd.output cannot compute it from"
                    + " them. Expected " + expected);
        }
        if (needed.isEmpty()) {
            throw new IllegalArgumentException("Variable '" + variable + "' (the " + role + ") depends on no"
                    + " placeholder: a weight or a constant, whose values do not change with what " + givenBy + " "
                    + given + ". Expected " + expected);
        }
    }

    /**
     * What a variable is computed from: every variable on the way back from it (itself included), and each op
     * on the way by the output variable through which it was reached.
     */
    private record Upstream(Set<String> variables, Map<String, DifferentialFunction> ops) {
    }

    /** Walks the graph's ops back from {@code variable} to its placeholders, variables and constants. */
    private Upstream upstream(String variable) {
        Set<String> seen = new HashSet<>();
        Map<String, DifferentialFunction> ops = new LinkedHashMap<>();
        Deque<String> toVisit = new ArrayDeque<>(List.of(variable));
        while (!toVisit.isEmpty()) {
            String name = toVisit.pop();
            if (!seen.add(name)) {
                continue;
            }
            DifferentialFunction op = graph.getVariableOutputOp(name);
            if (op == null) {
                continue; // a placeholder, variable or constant
            }
            ops.put(name, op);
            String[] inputs = graph.getInputsForOp(op);
            if (inputs != null) {
                toVisit.addAll(Arrays.asList(inputs));
            }
        }
        return new Upstream(seen, ops);
    }

    List<String> placeholderNames() {
        return graph.variables().stream().filter(SDVariable::isPlaceHolder).map(SDVariable::name).toList();
    }

    /** Up to five of the graph's variable names nearest to {@code name} by edit distance. */
    private List<String> closestNames(String name) {
        return graph.variables().stream().map(SDVariable::name)
                .sorted(Comparator.comparingInt((String n) -> editDistance(n.toLowerCase(), name.toLowerCase()))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(5).toList();
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    @Override
    public String toString() {
        return "SameDiff@" + Integer.toHexString(System.identityHashCode(graph));
    }
}
