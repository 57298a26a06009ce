package org.descry.linalg;

import static org.descry.linalg.TestData.U_DOUBLE;
import static org.descry.linalg.TestData.gamma;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code a·bᵀ}: vector and scalar against a double reference within the documented bounds; thread-count,
 * heap/off-heap and tile-position invariance (bitwise).
 */
class ProductTest {

    private static final Kernels VECTOR = Kernels.best();
    private static final Kernels SCALAR = Kernels.scalar();

    /** Shapes around the block sizes: MR = 6, NR = 4L, KC = 256, MC = 48, NC = 8 NR. */
    static Stream<Arguments> shapes() {
        int nr = MicroKernel.NR;
        int[][] shapes = {
            {0, 5, 3}, {5, 0, 3}, {4, 3, 0}, {1, 1, 1}, {1, 1, 17}, {3, 15, 1}, {6, nr, 33}, {7, nr + 1, 15},
            {5, nr - 1, 257}, {13, 2 * nr + 3, 256}, {97, 9, 511}, {6 * 17 + 1, 8 * nr + 5, 40}, {40, 70, 600},
        };
        Stream.Builder<Arguments> b = Stream.builder();
        for (int seed = 0; seed < 2; seed++) {
            for (int[] s : shapes) {
                b.add(Arguments.of(seed, s[0], s[1], s[2]));
            }
        }
        SplittableRandom rnd = new SplittableRandom(42);
        for (int t = 0; t < 8; t++) {
            b.add(Arguments.of(100 + t, 1 + rnd.nextInt(120), 1 + rnd.nextInt(300), 1 + rnd.nextInt(700)));
        }
        return b.build();
    }

    @ParameterizedTest(name = "seed {0}: {1} x {3} · ({2} x {3})ᵀ")
    @MethodSource("shapes")
    void matchesReference(int seed, int n, int m, int k) {
        SplittableRandom rnd = new SplittableRandom(seed);
        FloatMatrix a = TestData.heap(rnd, n, k);
        FloatMatrix b = TestData.heap(rnd, m, k);
        double[] abs = new double[n * m];
        double[] ref = TestData.referenceProduct(a, b, abs);
        float[] v = VECTOR.multiplyTransposed(a, b).toArray();
        float[] s = SCALAR.multiplyTransposed(a, b).toArray();
        int kc = PackedGemm.KC;
        double vBound = gamma(Math.min(k, kc) + (k + kc - 1) / kc);
        for (int i = 0; i < n * m; i++) {
            double tol = k * U_DOUBLE * abs[i];
            int cell = i;
            assertTrue(Math.abs(v[i] - ref[i]) <= vBound * abs[i] + tol,
                    () -> "vector cell " + cell + ": " + v[cell] + " vs " + ref[cell]);
            assertTrue(Math.abs(s[i] - ref[i]) <= gamma(k) * abs[i] + tol,
                    () -> "scalar cell " + cell + ": " + s[cell] + " vs " + ref[cell]);
        }
    }

    @ParameterizedTest(name = "seed {0}: {1} x {3} · ({2} x {3})ᵀ")
    @MethodSource("shapes")
    void sameBitsForAnyThreadsStorageAndTile(int seed, int n, int m, int k) {
        SplittableRandom rnd = new SplittableRandom(seed);
        FloatMatrix a = TestData.heap(rnd, n, k);
        FloatMatrix b = TestData.heap(rnd, m, k);
        float[] one = VECTOR.withThreads(1).multiplyTransposed(a, b).toArray();
        assertArrayEquals(one, VECTOR.withThreads(2).multiplyTransposed(a, b).toArray());
        assertArrayEquals(one, VECTOR.withThreads(3).multiplyTransposed(TestData.offHeap(a), b).toArray());
        assertArrayEquals(one, VECTOR.withThreads(2).multiplyTransposed(a, TestData.offHeap(b)).toArray());
        assertArrayEquals(SCALAR.withThreads(1).multiplyTransposed(a, b).toArray(),
                SCALAR.withThreads(3).multiplyTransposed(TestData.offHeap(a), TestData.offHeap(b)).toArray());

        int aFrom = n == 0 ? 0 : rnd.nextInt(n);
        int aTo = aFrom + rnd.nextInt(n - aFrom + 1);
        int bFrom = m == 0 ? 0 : rnd.nextInt(m);
        int bTo = bFrom + rnd.nextInt(m - bFrom + 1);
        int tn = aTo - aFrom;
        int tm = bTo - bFrom;
        float[] tile = new float[tn * tm + 3];
        java.util.Arrays.fill(tile, Float.NaN);
        VECTOR.multiplyTransposed(TestData.offHeap(a), aFrom, aTo, b, bFrom, bTo, tile);
        float[] scalarTile = new float[tn * tm];
        SCALAR.multiplyTransposed(a, aFrom, aTo, b, bFrom, bTo, scalarTile);
        for (int i = 0; i < tn; i++) {
            for (int j = 0; j < tm; j++) {
                assertEquals(one[(aFrom + i) * m + bFrom + j], tile[i * tm + j], "tile cell " + i + "," + j);
                assertEquals(scalarTile[i * tm + j], tile[i * tm + j], gamma(2 * k + 2) * k,
                        "scalar tile cell " + i + "," + j);
            }
        }
        for (int i = tn * tm; i < tile.length; i++) {
            assertTrue(Float.isNaN(tile[i]), "wrote past the tile at " + i);
        }
    }

    @Test
    void knownProduct() {
        FloatMatrix a = FloatMatrix.fromRows(new float[][] {{1, 2, 3}, {4, 5, 6}});
        FloatMatrix b = FloatMatrix.fromRows(new float[][] {{1, 0, 0}, {0, 1, 0}, {1, 1, 1}, {-1, 2, -3}});
        float[] expected = {1, 2, 6, -6, 4, 5, 15, -12};
        for (Kernels k : new Kernels[] {VECTOR, SCALAR}) {
            FloatMatrix c = k.multiplyTransposed(a, b);
            assertEquals(2, c.rows());
            assertEquals(4, c.cols());
            assertArrayEquals(expected, c.toArray(), k.toString());
            float[] tile = new float[2];
            k.multiplyTransposed(a, 1, 2, b, 2, 4, tile);
            assertArrayEquals(new float[] {15, -12}, tile, k.toString());
        }
    }

    @Test
    void emptyReductionGivesZeros() {
        FloatMatrix a = FloatMatrix.zeros(3, 0);
        FloatMatrix b = FloatMatrix.zeros(2, 0);
        float[] out = {7, 7, 7, 7, 7, 7};
        VECTOR.multiplyTransposed(a, 0, 3, b, 0, 2, out);
        assertArrayEquals(new float[6], out);
    }
}
