package dev.grokwatch.models.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products through {@link Nd4j#gemm}. ND4J's {@code mmul}/{@code mmuli} into a C-order result
 * (which {@code mmul} allocates unless both operands are Fortran-order) took 10-30 times as long as the
 * same product through {@code gemm} on this project's CPU backend (ND4J 1.0.0-M2.1, OpenBLAS), so the
 * layers here multiply only through this class.
 */
final class Gemm {

    private Gemm() {
    }

    /** {@code op(a) · op(b)} in a new C-order array of the current workspace. */
    static INDArray product(INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
        long rows = transposeA ? a.size(1) : a.size(0);
        long columns = transposeB ? b.size(0) : b.size(1);
        INDArray c = Nd4j.createUninitialized(a.dataType(), rows, columns);
        return Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, 0.0);
    }

    /** {@code c = op(a) · op(b) + beta · c}; {@code c} must be contiguous. */
    static INDArray into(INDArray c, INDArray a, boolean transposeA, INDArray b, boolean transposeB, double beta) {
        return Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, beta);
    }
}
