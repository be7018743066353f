package dev.grokwatch.models.interventions;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * The paper's norm-matched control (arXiv 2604.13123, §6): after every parameter update, all parameters
 * (weights, biases, embeddings) are rescaled by one common factor so that their global L2 norm
 * equals a target — a constant, or the {@code param_norm} trajectory of a baseline run's
 * {@code metrics.csv}. The direction of the parameter vector is left to the optimiser; only its
 * length is taken away from it.
 *
 * <p>It acts in {@link #iterationDone}, which DL4J's optimisers ({@code StochasticGradientDescent},
 * {@code BaseOptimizer}) call after the step has been applied to {@code model.params()} — updater
 * and decoupled weight decay included — and before the next forward pass. So:
 * <ul>
 *   <li>Listeners registered <em>after</em> this one see the rescaled parameters; those registered
 *       before it see the optimiser's unscaled step. Register it first (e.g. first in
 *       {@code setListeners}) when other listeners should report the controlled run.</li>
 *   <li>The step number is {@code iteration + 1}: DL4J passes the count of updates made before this
 *       one, so after the first update the target for step 1 applies, matching a baseline that
 *       records the norm after {@code step} updates.</li>
 *   <li>The updater's state (Adam's moment estimates) is not rescaled: the control changes the
 *       weights only, as a projection after each step would.</li>
 *   <li>DL4J applies layer constraints after all listeners; a model with constraints leaves each
 *       step with the constrained, not the matched, norm.</li>
 * </ul>
 * For {@code MultiLayerNetwork} and {@code ComputationGraph}, {@code params()} is a view of the
 * flattened parameter vector, so the rescaling is in place; {@code setParams} is then called as the
 * optimiser itself does, for models whose {@code params()} is a copy. The norm is measured in
 * float64 whatever the parameters' type.
 *
 * <p>Serializable like DL4J's own listeners; a trajectory is stored as its points, not its file.
 */
public final class NormMatchedControl extends BaseTrainingListener implements Serializable {

    private static final long serialVersionUID = 1L;

    private final NormTrajectory target;

    private NormMatchedControl(NormTrajectory target) {
        this.target = target;
    }

    /**
     * Holds the global parameter norm at {@code targetNorm} after every update.
     *
     * @throws IllegalArgumentException when {@code targetNorm} is not a finite number &gt; 0
     */
    public static NormMatchedControl constant(double targetNorm) {
        return new NormMatchedControl(NormTrajectory.constant(targetNorm));
    }

    /**
     * Follows the norm trajectory of a baseline run: the {@code step} and {@code param_norm} columns
     * of its {@code metrics.csv}, linearly interpolated between rows and held at the first/last value
     * before the first and after the last row. Rows with an empty {@code param_norm} are skipped.
     *
     * @throws java.io.UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException when a column is missing, a cell is not a finite number, a norm
     *                                  is not &gt; 0, steps do not increase, or no row has a norm; the
     *                                  message names the file, the line and the column
     */
    public static NormMatchedControl fromMetrics(Path metricsCsv) {
        return new NormMatchedControl(NormTrajectory.fromMetrics(metricsCsv));
    }

    /** The global L2 norm the parameters are rescaled to after update number {@code step}. */
    public double targetNorm(long step) {
        return target.normAt(step);
    }

    /**
     * @throws IllegalStateException when the parameters' norm is 0, NaN or infinite: no common factor
     *                               can bring it to the target, and a diverged run must not be hidden
     */
    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        long step = iteration + 1L;
        INDArray params = model.params();
        double norm = params.castTo(DataType.DOUBLE).norm2Number().doubleValue();
        if (!(norm > 0) || Double.isInfinite(norm)) {
            throw new IllegalStateException("Cannot rescale the parameters after step " + step
                    + ": their global L2 norm is " + norm + "; expected a finite norm > 0");
        }
        params.muli(targetNorm(step) / norm);
        model.setParams(params);
    }

    @Override
    public String toString() {
        return "NormMatchedControl(target: " + target + ")";
    }
}
