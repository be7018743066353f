package dev.grokwatch.models.interventions;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormMatchedControlTest {

    private static final String HEADER = "step,train_loss,train_acc,test_acc,entropy,effective_rank,param_norm,"
            + "phase,predicted_grok_step,fourier_alignment,wall_ms";

    @TempDir
    Path dir;

    /** Records a copy of the parameters and their float64 norm at every iterationDone. */
    private static final class ParamRecorder extends BaseTrainingListener {
        final List<Long> steps = new ArrayList<>();
        final List<INDArray> params = new ArrayList<>();

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            steps.add(iteration + 1L);
            params.add(model.params().castTo(DataType.DOUBLE).dup());
        }

        double norm(int i) {
            return params.get(i).norm2Number().doubleValue();
        }
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(12345).dataType(DataType.FLOAT).updater(new Adam(0.05));
    }

    private static MultiLayerNetwork network() {
        MultiLayerConfiguration conf = base().list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static ComputationGraph graph() {
        ComputationGraphConfiguration conf = base().graphBuilder()
                .addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out")
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    private static DataSet data() {
        Random random = new Random(7);
        float[][] features = new float[16][4];
        float[][] labels = new float[16][3];
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 4; j++) {
                features[i][j] = (float) random.nextGaussian();
            }
            labels[i][random.nextInt(3)] = 1f;
        }
        return new DataSet(Nd4j.createFromArray(features), Nd4j.createFromArray(labels));
    }

    private static void assertRelative(double expected, double actual, double tolerance, String what) {
        assertTrue(Math.abs(actual - expected) <= tolerance * expected, what + ": expected " + expected + ", got " + actual);
    }

    private Path metrics(String... rows) throws IOException {
        Path file = dir.resolve("metrics.csv");
        Files.writeString(file, String.join("\n", rows) + "\n");
        return file;
    }

    @Test
    void constantTargetHoldsAfterEveryUpdateAndOnlyRescales() {
        MultiLayerNetwork net = network();
        ParamRecorder unscaled = new ParamRecorder();
        ParamRecorder scaled = new ParamRecorder();
        net.setListeners(unscaled, NormMatchedControl.constant(5.0), scaled);
        DataSet data = data();

        for (int i = 0; i < 5; i++) {
            net.fit(data);
        }

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), scaled.steps);
        // the first update starts from the initial norm (about 3): reaching 5 is the control's doing
        assertTrue(Math.abs(unscaled.norm(0) - 5.0) > 1.0, "unscaled norm " + unscaled.norm(0));
        for (int i = 0; i < 5; i++) {
            assertRelative(5.0, scaled.norm(i), 1e-5, "norm after step " + (i + 1));
            INDArray direction = unscaled.params.get(i).mul(5.0 / unscaled.norm(i));
            assertEquals(0.0, direction.sub(scaled.params.get(i)).amaxNumber().doubleValue(), 1e-6,
                    "rescaled parameters keep the optimiser's direction");
        }
        assertRelative(5.0, net.params().castTo(DataType.DOUBLE).norm2Number().doubleValue(), 1e-5, "after fit");
    }

    @Test
    void controlsAComputationGraphToo() {
        ComputationGraph net = graph();
        ParamRecorder scaled = new ParamRecorder();
        net.setListeners(NormMatchedControl.constant(2.5), scaled);
        DataSet data = data();

        for (int i = 0; i < 3; i++) {
            net.fit(data);
        }

        assertEquals(3, scaled.steps.size());
        for (int i = 0; i < 3; i++) {
            assertRelative(2.5, scaled.norm(i), 1e-5, "norm after step " + (i + 1));
        }
    }

    @Test
    void trajectoryIsInterpolatedBetweenRowsAndHeldOutside() throws IOException {
        NormMatchedControl control = NormMatchedControl.fromMetrics(metrics(HEADER,
                "0,1.10,0.30,0.30,0.99,7.5,2.0,I,,,5",
                "2,0.90,0.50,0.31,0.98,7.2,4.0,I,,,9",
                "3,0.85,0.55,0.31,0.98,7.1,,I,,,11",
                "4,0.80,0.60,0.32,0.97,7.0,3.0,II,9000,0.2,13"));

        assertEquals(2.0, control.targetNorm(-5), 1e-12);
        assertEquals(2.0, control.targetNorm(0), 1e-12);
        assertEquals(3.0, control.targetNorm(1), 1e-12);
        assertEquals(4.0, control.targetNorm(2), 1e-12);
        assertEquals(3.5, control.targetNorm(3), 1e-12, "the row with an empty param_norm is skipped");
        assertEquals(3.0, control.targetNorm(4), 1e-12);
        assertEquals(3.0, control.targetNorm(100), 1e-12);

        MultiLayerNetwork net = network();
        ParamRecorder scaled = new ParamRecorder();
        net.setListeners(control, scaled);
        DataSet data = data();
        for (int i = 0; i < 6; i++) {
            net.fit(data);
        }
        double[] expected = {3.0, 4.0, 3.5, 3.0, 3.0, 3.0};
        for (int i = 0; i < 6; i++) {
            assertRelative(expected[i], scaled.norm(i), 1e-5, "norm after step " + (i + 1));
        }
    }

    @Test
    void survivesJavaSerialisation() throws Exception {
        NormMatchedControl control = NormMatchedControl.fromMetrics(metrics("step,param_norm", "10,1.0", "20,2.0"));
        control.targetNorm(15); // builds the interpolant, which must not be needed in the stream

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(control);
        }
        NormMatchedControl copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (NormMatchedControl) in.readObject();
        }

        assertEquals(1.5, copy.targetNorm(15), 1e-12);
        assertEquals(2.0, copy.targetNorm(25), 1e-12);
    }

    @Test
    void zeroParametersCannotBeRescaled() {
        MultiLayerNetwork net = network();
        net.params().assign(0);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NormMatchedControl.constant(1.0).iterationDone(net, 6, 0));
        assertTrue(e.getMessage().contains("after step 7: their global L2 norm is 0.0; expected a finite norm > 0"),
                e.getMessage());
    }

    @Test
    void badTargetsNameWhatWasExpected() {
        for (double bad : new double[]{0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NormMatchedControl.constant(bad));
            assertEquals("target norm is " + bad + "; expected a finite number > 0", e.getMessage());
        }
    }

    @Test
    void badMetricsFilesNameFileLineColumnAndExpectation() throws IOException {
        assertBadFile(metrics("step,train_loss,wall_ms", "1,0.5,3"),
                "lacks the column(s) [param_norm]", "expected a metrics.csv header with the columns step,param_norm");
        assertBadFile(metrics("train_loss,param_norm", "0.5,3"),
                "lacks the column(s) [step]", "expected a metrics.csv header");
        assertBadFile(metrics(), "lacks the column(s) [step, param_norm] (header: [])");
        assertBadFile(metrics(HEADER),
                "has no row with a param_norm value", "expected at least one data row");
        assertBadFile(metrics(HEADER, "0,1.1,0.3,0.3,0.99,7.5,,I,,,5"),
                "has no row with a param_norm value");
        assertBadFile(metrics("step,param_norm", "0,2.0", "200,abc"),
                "line 3: param_norm is 'abc'; expected a number");
        assertBadFile(metrics("step,param_norm", "x,2.0"),
                "line 2: step is 'x'; expected a number");
        assertBadFile(metrics("step,param_norm", "0,NaN"),
                "line 2: param_norm is 'NaN'; expected a finite number");
        assertBadFile(metrics("step,param_norm", "0,2.0", "200,0"),
                "line 3: param_norm is '0'; expected a parameter norm > 0");
        assertBadFile(metrics("step,param_norm", "0,2.0", "200,3.0", "200,4.0"),
                "line 4: step is '200'; expected steps in strictly increasing order");
        assertBadFile(metrics("step,param_norm", "0,2.0", "200"),
                "line 3 has no 'param_norm' cell");
    }

    private static void assertBadFile(Path file, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NormMatchedControl.fromMetrics(file));
        assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
        }
    }
}
