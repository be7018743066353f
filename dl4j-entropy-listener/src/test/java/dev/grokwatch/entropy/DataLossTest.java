package dev.grokwatch.entropy;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import static org.junit.jupiter.api.Assertions.*;

/** The data loss is DL4J's minibatch score minus the regularisation term of the parameters before the update. */
class DataLossTest {

    static final DataSet BATCH = TestNetworks.blobs(60, 5);

    @Test
    void theMinibatchScoreLessTheTermBeforeTheUpdateIsTheDataLoss() {
        MultiLayerNetwork net = TestNetworks.mln(8, 0.5);
        net.fit(BATCH); // one step in: the decomposition is of a later update, as in training
        MultiLayerNetwork before = net.clone();
        double regularisation = before.calcRegularizationScore(true);
        assertTrue(regularisation > 0.1, "the weight-decay term must matter for this test: " + regularisation);
        double expected = before.score(BATCH, true) - regularisation;

        ModelAdapter adapter = ModelAdapter.of(net);
        DataLoss loss = new DataLoss();
        loss.beforeUpdate(adapter, 1);
        net.fit(BATCH);
        assertEquals(expected, loss.after(adapter, 2), 1e-5);
        assertNotEquals(net.score(), loss.after(adapter, 2), 0.1, "the term is left out");
    }

    @Test
    void graphsDecomposeTheSameWay() {
        ComputationGraph graph = TestNetworks.graph(8, 0.5);
        ComputationGraph before = graph.clone();
        double expected = before.score(BATCH, true) - before.calcRegularizationScore(true);
        ModelAdapter adapter = ModelAdapter.of(graph);
        DataLoss loss = new DataLoss();
        loss.beforeUpdate(adapter, 0);
        graph.fit(BATCH);
        assertEquals(expected, loss.after(adapter, 1), 1e-5);
    }

    @Test
    void anUpdateWhoseTermWasNotTakenHasNoDataLoss() {
        MultiLayerNetwork net = TestNetworks.mln(8, 0.5);
        ModelAdapter adapter = ModelAdapter.of(net);
        DataLoss loss = new DataLoss();
        net.fit(BATCH);
        assertNull(loss.after(adapter, 1), "nothing taken yet");
        loss.beforeUpdate(adapter, 1);
        net.fit(BATCH);
        net.fit(BATCH);
        assertNull(loss.after(adapter, 3), "the term taken is the one before step 2's update");
        assertNotNull(loss.after(adapter, 2));
    }
}
