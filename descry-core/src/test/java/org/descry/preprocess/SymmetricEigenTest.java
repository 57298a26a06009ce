package org.descry.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Leading eigenpairs: residuals, orthonormality and eigenvalues against EJML's full QR algorithm. */
class SymmetricEigenTest {

    /**
     * Seed, size, and whether the spectrum has repeated eigenvalues (clusters inverse iteration must split); sizes
     * span one and several reduction panels and the two-thread products.
     */
    static Stream<Arguments> matrices() {
        return Stream.of(Arguments.of(1, 1, false), Arguments.of(2, 7, false), Arguments.of(3, 60, false),
                Arguments.of(4, 60, true), Arguments.of(5, 150, true), Arguments.of(6, 33, true),
                Arguments.of(7, 300, false), Arguments.of(8, 257, true));
    }

    @ParameterizedTest(name = "seed {0}: {1} x {1}, repeated {2}")
    @MethodSource("matrices")
    void leadingPairsAreEigenpairs(long seed, int d, boolean repeated) {
        SplittableRandom rnd = new SplittableRandom(seed);
        DMatrixRMaj g = new DMatrixRMaj(d, d);
        for (int i = 0; i < d * d; i++) {
            g.data[i] = rnd.nextGaussian();
        }
        DMatrixRMaj q = new DMatrixRMaj(d, d);
        var qr = DecompositionFactory_DDRM.qr(d, d);
        qr.decompose(g.copy());
        qr.getQ(q, false);
        DMatrixRMaj lambda = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            lambda.set(i, i, repeated ? (i % 4 == 0 ? 0 : 5 - i / 10) : rnd.nextDouble(-2, 10));
        }
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        DMatrixRMaj a = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(q, lambda, tmp);
        CommonOps_DDRM.multTransB(tmp, q, a);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                a.set(i, j, a.get(j, i));
            }
        }
        SymmetricEigen e = new SymmetricEigen(a.data, d, d);
        double[] values = e.values();
        double[] expected = new double[d];
        for (int i = 0; i < d; i++) {
            expected[i] = lambda.get(i, i);
        }
        java.util.Arrays.sort(expected);
        int k = Math.max(1, (2 * d) / 3);
        double[] v = e.vectors(k);
        SymmetricEigen some = new SymmetricEigen(a.data, d, k);
        org.junit.jupiter.api.Assertions.assertArrayEquals(java.util.Arrays.copyOf(values, k), some.values());
        org.junit.jupiter.api.Assertions.assertArrayEquals(v, some.vectors(k));
        for (int i = 0; i < d; i++) {
            assertEquals(expected[d - 1 - i], values[i], 1e-12 * 10);
        }
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < d; r++) {
                double av = 0;
                for (int j = 0; j < d; j++) {
                    av += a.get(r, j) * v[c * d + j];
                }
                assertEquals(values[c] * v[c * d + r], av, 1e-10, "residual of pair " + c);
            }
            for (int b = 0; b <= c; b++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += v[c * d + j] * v[b * d + j];
                }
                assertEquals(b == c ? 1 : 0, dot, 1e-10, "dot " + c + "," + b);
            }
        }
    }
}
