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

/** An evaluation iterator stays at its end between passes, so that another reader shows. */
class EvaluationIteratorTest {

    @Test
    void itIsReadToItsEndWhenTakenAndAfterEveryPassEvenOneThatStoppedEarly() {
        DataSetIterator data = SameDiffNetworks.batches(TestNetworks.blobs(30, 1), 10);
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
        evaluation.leaveAtEnd();
        assertFalse(data.hasNext());
        assertDoesNotThrow(() -> evaluation.refuseAnotherReader("at step 4"));
    }

    @Test
    void anotherReaderIsRefusedNamingTheRoleAndTheStep() {
        DataSetIterator data = SameDiffNetworks.batches(TestNetworks.blobs(30, 1), 10);
        EvaluationIterator<DataSet> evaluation = new EvaluationIterator<>(data, data::reset, "training-accuracy");
        data.reset(); // e.g. a fit training on it
        data.next();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> evaluation.refuseAnotherReader("at step 7"));
        assertTrue(e.getMessage().startsWith("The training-accuracy iterator has batches left at step 7"), e.getMessage());
        assertTrue(e.getMessage().contains("fit(it, ...)"), e.getMessage());
    }
}
