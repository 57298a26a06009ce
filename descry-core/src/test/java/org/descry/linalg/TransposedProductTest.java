package org.descry.linalg;

import static org.descry.linalg.TestData.U_DOUBLE;
import static org.descry.linalg.TestData.gamma;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code aᵀ·b}: vector and scalar against a double reference within the bounds of {@code a·bᵀ}; the vector one
 * bitwise the same for any thread count and heap or off-heap operands.
 */
class TransposedProductTest {

    private static final Kernels VECTOR = Kernels.best();
    private static final Kernels SCALAR = Kernels.scalar();

    static Stream<Arguments> shapes() {
        int[][] shapes = {{0, 3, 4}, {5, 0, 4}, {5, 3, 0}, {1, 1, 1}, {300, 10, 250}, {1000, 10, 250},
            {257, 7, 65}, {513, 33, 17}, {40, 1, 130}};
        Stream.Builder<Arguments> b = Stream.builder();
        for (int i = 0; i < shapes.length; i++) {
            b.add(Arguments.of(i, shapes[i][0], shapes[i][1], shapes[i][2]));
        }
        return b.build();
    }

    @ParameterizedTest(name = "seed {0}: ({1} x {2})ᵀ · ({1} x {3})")
    @MethodSource("shapes")
    void matchesReferenceAndIsReproducible(int seed, int r, int n, int m) {
        SplittableRandom rnd = new SplittableRandom(seed);
        FloatMatrix a = TestData.heap(rnd, r, n);
        FloatMatrix b = TestData.heap(rnd, r, m);
        float[] v = new float[n * m];
        float[] s = new float[n * m + 2];
        java.util.Arrays.fill(s, Float.NaN);
        VECTOR.withThreads(1).transposedMultiply(a, b, v);
        SCALAR.transposedMultiply(a, b, s);
        assertTrue(Float.isNaN(s[n * m]) && Float.isNaN(s[n * m + 1]), "wrote past the result");
        int kc = PackedGemm.KC;
        double vBound = gamma(Math.min(r, kc) + (r + kc - 1) / kc);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double ref = 0;
                double abs = 0;
                for (int p = 0; p < r; p++) {
                    double t = (double) a.get(p, i) * b.get(p, j);
                    ref += t;
                    abs += Math.abs(t);
                }
                double tol = r * U_DOUBLE * abs;
                int c = i * m + j;
                double want = ref;
                assertTrue(Math.abs(v[c] - ref) <= vBound * abs + tol, () -> "vector " + c + ": " + v[c] + " vs " + want);
                assertTrue(Math.abs(s[c] - ref) <= gamma(r) * abs + tol, () -> "scalar " + c + ": " + s[c] + " vs " + want);
            }
        }
        float[] other = new float[n * m];
        VECTOR.withThreads(2).transposedMultiply(TestData.offHeap(a), TestData.offHeap(b), other);
        assertArrayEquals(v, other);
    }

    @Test
    void knownProductAndShapeCheck() {
        FloatMatrix a = FloatMatrix.fromRows(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        FloatMatrix b = FloatMatrix.fromRows(new float[][] {{1, 0, 1}, {0, 1, 1}, {1, 1, 0}});
        for (Kernels k : new Kernels[] {VECTOR, SCALAR}) {
            float[] out = new float[6];
            k.transposedMultiply(a, b, out);
            assertArrayEquals(new float[] {6, 8, 4, 8, 10, 6}, out, k.toString());
            assertThrows(IllegalArgumentException.class, () -> k.transposedMultiply(a, FloatMatrix.zeros(2, 3), out));
            assertThrows(IllegalArgumentException.class, () -> k.transposedMultiply(a, b, new float[5]));
        }
    }
}
