package dev.grokwatch.entropy.bench;

import dev.grokwatch.entropy.SpectralEntropy;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Cost of one entropy evaluation at the paper's size (n = 512 probe rows, d = 128): the eigen part
 * alone (eigenvalues-only LAPACK syev on the float64 covariance), the whole {@link SpectralEntropy#of}
 * from float activations (cast, centring, covariance, eigenvalues, entropy), and two references: ND4J's
 * {@code Eigen} (which always computes eigenvectors) and Commons Math's pure-Java decomposition.
 * Run as the README's "Benchmarks" section says; never part of {@code mvn verify}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class SpectralEntropyBenchmark {

    @Param({"512"})
    int n;

    @Param({"128"})
    int d;

    private INDArray activations;
    private INDArray covariance;
    private Array2DRowRealMatrix covarianceCommons;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian() * (1 + j % 7);
            }
        }
        activations = Nd4j.create(x).castTo(DataType.FLOAT);
        INDArray centred = Nd4j.create(x);
        centred.subiRowVector(centred.mean(0));
        covariance = centred.transpose().mmul(centred).divi(n - 1);
        covarianceCommons = new Array2DRowRealMatrix(covariance.toDoubleMatrix());
    }

    @Benchmark
    public double wholeEvaluation() {
        return SpectralEntropy.of(activations).normalisedEntropy();
    }

    @Benchmark
    public INDArray eigenvaluesOnly() {
        INDArray copy = covariance.dup();
        INDArray w = Nd4j.create(DataType.DOUBLE, d);
        Nd4j.getBlasWrapper().lapack().syev('N', 'L', copy, w);
        return w;
    }

    @Benchmark
    public INDArray nd4jEigenWithVectors() {
        return Eigen.symmetricGeneralizedEigenvalues(covariance.dup(), false);
    }

    @Benchmark
    public double[] commonsMathEigen() {
        return new EigenDecomposition(covarianceCommons).getRealEigenvalues();
    }
}
