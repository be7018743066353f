package dev.grokwatch.entropy;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.ViewIterator;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static dev.grokwatch.entropy.JavaSerialisation.roundTrip;
import static org.junit.jupiter.api.Assertions.*;

/** The listener's phases and events on real training that is not grokking. */
class ListenerVerdictTest {

    static SpectralEntropyListener.Builder listener() {
        return SpectralEntropyListener.builder()
                .probe(SpectralEntropyListenerTest.TRAIN.getFeatures().getRows(IntStream.range(0, 64).toArray()))
                .layer(1).everyNIterations(5).evaluateOn(SpectralEntropyListenerTest.TEST);
    }

    @Test
    void losingTrainingAccuracyInADeserialisationDoesNotStartTheNoCollapseClockAtZero() throws Exception {
        MultiLayerNetwork net = TestNetworks.mln(14, 0);
        net.setLearningRate(0); // frozen: H̃ flat, training accuracy at its initial value, never memorised
        // an iterator is transient: the deserialised copy measures no training accuracy
        SpectralEntropyListener entropy = listener().trainAccuracyOn(new ViewIterator(SpectralEntropyListenerTest.TRAIN, 100))
                .verdictSteps(20, 5_000).build();
        net.addListeners(entropy);
        SpectralEntropyListenerTest.train(net, 1);
        assertTrue(entropy.latest().orElseThrow().trainAccuracy() < 0.99);

        SpectralEntropyListener copy = roundTrip(entropy);
        net.setListeners(copy);
        SpectralEntropyListenerTest.train(net, 5);
        List<EntropyRecord> records = copy.history().records();
        assertEquals(60, records.get(records.size() - 1).step());
        assertNull(records.get(records.size() - 1).trainAccuracy(), "the iterator did not travel");
        assertTrue(copy.stepOf(EntropyEventType.COLLAPSE_ONSET).isEmpty());
        assertTrue(copy.stepOf(EntropyEventType.NO_COLLAPSE).isEmpty(),
                "never memorised: there is no memorisation step to count 20 steps from");
        assertEquals(Phase.NORM_EXPANSION, copy.phase());
    }

    @Test
    void aModelThatTurnsNaNIsDiverged() {
        MultiLayerNetwork net = TestNetworks.mln(10, 0);
        List<EntropyEvent> events = new ArrayList<>();
        SpectralEntropyListener entropy = listener().trainAccuracyOn(SpectralEntropyListenerTest.TRAIN)
                .onEvent(events::add).build();
        net.setListeners(entropy, new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                if (iteration == 12) {
                    model.params().putScalar(0, Double.NaN);
                }
            }
        });
        SpectralEntropyListenerTest.train(net, 2);
        // listeners run in order: the evaluation at step 15 is the first to see the NaN parameter
        assertEquals(15, entropy.stepOf(EntropyEventType.DIVERGED).getAsLong());
        assertEquals(Phase.DIVERGED, entropy.phase());
        EntropyEvent diverged = events.stream().filter(e -> e.type() == EntropyEventType.DIVERGED).findFirst()
                .orElseThrow();
        assertEquals(Phase.DIVERGED, diverged.record().phase());
        assertEquals(List.of(Phase.DIVERGED, Phase.DIVERGED), entropy.history().records().subList(2, 4).stream()
                .map(EntropyRecord::phase).toList());
    }
}
