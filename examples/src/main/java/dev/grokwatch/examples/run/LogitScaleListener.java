package dev.grokwatch.examples.run;

import dev.grokwatch.models.interventions.LogitScale;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Records {@link LogitScale#meanMaxLogit} of the model on a probe after every {@code everyNIterations}-th update,
 * the spectral-entropy listener's cadence, for {@code train --logit-scale}. Inference only, after the update:
 * training goes on as without it.
 */
final class LogitScaleListener extends BaseTrainingListener {

    private final INDArray probe;
    private final int everyNIterations;
    private final List<LogitScaleCsv.Point> points = new ArrayList<>();

    /**
     * @param probe            token indices {@code [n, 3]}: the run's probe
     * @param everyNIterations steps between records, at least 1
     */
    LogitScaleListener(INDArray probe, int everyNIterations) {
        if (everyNIterations < 1) {
            throw new IllegalArgumentException("logit scale every " + everyNIterations + " steps; expected at least 1");
        }
        this.probe = probe;
        this.everyNIterations = everyNIterations;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        long step = iteration + 1L; // DL4J counts iterations before this update; steps count updates done
        if (step % everyNIterations == 0) {
            points.add(new LogitScaleCsv.Point(step, LogitScale.meanMaxLogit((ComputationGraph) model, probe)));
        }
    }

    /** The records so far, oldest first. */
    List<LogitScaleCsv.Point> points() {
        return List.copyOf(points);
    }
}
