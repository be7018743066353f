package dev.grokwatch.entropy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.Iterator;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An evaluation iterator stays at its end between passes, so that the fit reading it shows: part-way through
 * during an epoch, or with any batch left at a fit's start; one reset by someone else between fits passes.
 */
class EvaluationIteratorTest {

    /** Three batches of ten. */
    private static DataSetIterator data() {
        return SameDiffNetworks.batches(TestNetworks.blobs(30, 1), 10);
    }

    @Test
    void itIsReadToItsEndWhenTakenAndAfterEveryPassEvenOneThatStoppedEarly() {
        DataSetIterator data = data();
        EvaluationIterator<DataSet> evaluation = new EvaluationIterator<>(data, data::reset, "evaluation");
        assertFalse(data.hasNext(), "read to its end when taken");

        Iterator<DataSet> pass = evaluation.fromStart();
        int batches = 0;
        while (pass.hasNext()) {
            pass.next();
            batches++;
        }
        assertEquals(3, batches, "a pass reads every batch from the first");

        evaluation.fromStart().next(); // a pass that stops after one batch
        assertEquals(2, evaluation.leaveAtEnd());
        assertFalse(data.hasNext());
        assertDoesNotThrow(() -> evaluation.refusePartWay("at step 4"));
        assertDoesNotThrow(() -> evaluation.refuseBatchesLeft("at step 4"));
    }

    @Test
    void anIteratorPartWayThroughIsRefusedNamingTheBatchesLeft() {
        DataSetIterator data = data();
        EvaluationIterator<DataSet> evaluation = new EvaluationIterator<>(data, data::reset, "training-accuracy");
        data.reset(); // a fit training on it, one batch in
        data.next();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> evaluation.refusePartWay("at step 7, before the graph's next update"));
        assertTrue(e.getMessage().startsWith("The training-accuracy iterator is part-way through (2 of its 3 batches"
                + " left) at step 7, before the graph's next update: the fit reads it"), e.getMessage());
        assertTrue(e.getMessage().contains("Expected an iterator of its own for the training-accuracy data"),
                e.getMessage());
    }

    /** E.g. the user's own evaluate, then reset(), between two fits: harmless, and left at its end again. */
    @Test
    void anIteratorResetBySomeoneElseToItsStartPassesDuringAnEpoch() {
        DataSetIterator data = data();
        EvaluationIterator<DataSet> evaluation = new EvaluationIterator<>(data, data::reset, "evaluation");
        data.reset();
        assertDoesNotThrow(() -> evaluation.refusePartWay("at step 7"));
        assertFalse(data.hasNext(), "left at its end");
    }

    /** At a fit's start the fit may have reset the iterator it trains on before its first batch: none may be left. */
    @Test
    void atAFitsStartAnyBatchLeftIsRefused() {
        DataSetIterator data = data();
        EvaluationIterator<DataSet> evaluation = new EvaluationIterator<>(data, data::reset, "evaluation");
        data.reset();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> evaluation.refuseBatchesLeft("at step 0, when the model first called the listener"));
        assertTrue(e.getMessage().startsWith("The evaluation iterator has batches left at step 0, when the model first"
                + " called the listener"), e.getMessage());
    }
}
