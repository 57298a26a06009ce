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

/** {@code aᵀa} and the centered variant against a double reference; symmetry; thread and storage invariance. */
class GramTest {

    private static final Kernels VECTOR = Kernels.best();
    private static final Kernels SCALAR = Kernels.scalar();

    static Stream<Arguments> shapes() {
        int nr = MicroKernel.NR;
        int[][] shapes = {
            {0, 4}, {3, 0}, {1, 1}, {2, 3}, {17, 15}, {300, 17}, {257, nr}, {513, nr + 1}, {100, 2 * nr + 7},
            {40, 8 * nr + 3},
        };
        Stream.Builder<Arguments> b = Stream.builder();
        for (int seed = 0; seed < 2; seed++) {
            for (int[] s : shapes) {
                b.add(Arguments.of(seed, s[0], s[1]));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "seed {0}: {1} x {2}")
    @MethodSource("shapes")
    void matchesReference(int seed, int rows, int d) {
        SplittableRandom rnd = new SplittableRandom(seed * 101L + d);
        float[] values = TestData.floats(rnd, rows * d);
        for (int i = 0; i < values.length; i++) {
            values[i] = values[i] + 3f + (i % Math.max(1, d));
        }
        FloatMatrix a = FloatMatrix.wrap(values, rows, d);
        double[] mean = VECTOR.columnMeans(a);
        for (double[] mu : new double[][] {null, mean}) {
            double[] abs = new double[d * d];
            double[] ref = TestData.referenceGram(a, mu, abs);
            double[] v = mu == null ? VECTOR.gram(a) : VECTOR.centeredGram(a, mu);
            double[] s = mu == null ? SCALAR.gram(a) : SCALAR.centeredGram(a, mu);
            int kc = PackedGemm.KC;
            double vBound = gamma(Math.min(rows, kc) + 2) + (rows / kc + 1) * U_DOUBLE;
            for (int i = 0; i < d * d; i++) {
                int cell = i;
                double tol = 2 * rows * U_DOUBLE * abs[i];
                assertTrue(Math.abs(v[i] - ref[i]) <= vBound * abs[i] + tol,
                        () -> "vector cell " + cell + ": " + v[cell] + " vs " + ref[cell]);
                assertTrue(Math.abs(s[i] - ref[i]) <= tol, () -> "scalar cell " + cell + ": " + s[cell] + " vs "
                        + ref[cell]);
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < i; j++) {
                    assertEquals(v[j * d + i], v[i * d + j], "vector symmetry");
                    assertEquals(s[j * d + i], s[i * d + j], "scalar symmetry");
                }
            }
        }
    }

    /** {@code (a - mean)ᵀ b}, the randomized PCA's projection, against a double reference, b of another width. */
    @ParameterizedTest(name = "seed {0}: {1} x {2}")
    @MethodSource("shapes")
    void centeredTransposedMultiplyMatchesReference(int seed, int rows, int d) {
        SplittableRandom rnd = new SplittableRandom(seed * 31L + d);
        int m = 1 + (d + seed) % 9;
        float[] values = TestData.floats(rnd, rows * d);
        for (int i = 0; i < values.length; i++) {
            values[i] = values[i] + 3f + (i % Math.max(1, d));
        }
        FloatMatrix a = FloatMatrix.wrap(values, rows, d);
        FloatMatrix b = FloatMatrix.wrap(TestData.floats(rnd, rows * m), rows, m);
        double[] mean = VECTOR.columnMeans(a);
        double[] v = VECTOR.centeredTransposedMultiply(a, mean, b);
        double[] s = SCALAR.centeredTransposedMultiply(a, mean, b);
        double vBound = gamma(Math.min(rows, PackedGemm.KC) + 2) + (rows / PackedGemm.KC + 1) * U_DOUBLE;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < m; j++) {
                double ref = 0;
                double abs = 0;
                for (int p = 0; p < rows; p++) {
                    double t = (double) (float) (a.get(p, i) - mean[i]) * b.get(p, j);
                    ref += t;
                    abs += Math.abs(t);
                }
                double tol = 2 * rows * U_DOUBLE * abs;
                int cell = i * m + j;
                double r = ref;
                assertTrue(Math.abs(v[cell] - ref) <= vBound * abs + tol,
                        () -> "vector cell " + cell + ": " + v[cell] + " vs " + r);
                assertTrue(Math.abs(s[cell] - ref) <= tol, () -> "scalar cell " + cell + ": " + s[cell] + " vs " + r);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}: {1} x {2}")
    @MethodSource("shapes")
    void sameBitsForAnyThreadsAndStorage(int seed, int rows, int d) {
        SplittableRandom rnd = new SplittableRandom(seed * 7L + rows);
        FloatMatrix a = TestData.heap(rnd, rows, d);
        FloatMatrix off = TestData.offHeap(a);
        double[] mean = VECTOR.columnMeans(off);
        assertArrayEquals(mean, SCALAR.columnMeans(a));
        double[] g = VECTOR.withThreads(1).gram(a);
        assertArrayEquals(g, VECTOR.withThreads(2).gram(off));
        assertArrayEquals(g, VECTOR.withThreads(5).gram(a));
        double[] c = VECTOR.withThreads(1).centeredGram(off, mean);
        assertArrayEquals(c, VECTOR.withThreads(3).centeredGram(a, mean));
        assertArrayEquals(SCALAR.withThreads(1).centeredGram(a, mean), SCALAR.withThreads(4).centeredGram(off, mean));
    }

    /** Wider than one packed chunk: row panels of the second chunk are packed from the matrix, not from Y. */
    @Test
    void widerThanOnePackedChunk() {
        int rows = 3;
        int d = PackedGemm.PACK_COLS + 7;
        FloatMatrix a = TestData.heap(new SplittableRandom(3), rows, d);
        double[] mean = VECTOR.columnMeans(a);
        double[] abs = new double[d * d];
        double[] ref = TestData.referenceGram(a, mean, abs);
        double[] v = VECTOR.centeredGram(TestData.offHeap(a), mean);
        double bound = gamma(rows + 2);
        for (int i = 0; i < d * d; i++) {
            if (Math.abs(v[i] - ref[i]) > bound * abs[i] + 2 * rows * U_DOUBLE * abs[i]) {
                throw new AssertionError("cell " + i / d + "," + i % d + ": " + v[i] + " vs " + ref[i]);
            }
        }
        assertArrayEquals(v, VECTOR.withThreads(1).centeredGram(a, mean));
    }

    @Test
    void knownValues() {
        FloatMatrix a = FloatMatrix.fromRows(new float[][] {{1, 2}, {3, 4}});
        for (Kernels k : new Kernels[] {VECTOR, SCALAR}) {
            assertArrayEquals(new double[] {10, 14, 14, 20}, k.gram(a), k.toString());
            double[] mean = k.columnMeans(a);
            assertArrayEquals(new double[] {2, 3}, mean, k.toString());
            assertArrayEquals(new double[] {2, 2, 2, 2}, k.centeredGram(a, mean), k.toString());
            assertArrayEquals(new double[] {0}, k.gram(FloatMatrix.zeros(0, 1)), k.toString());
        }
    }

    @Test
    void centeringBeforeMultiplyingSurvivesLargeMeans() {
        int rows = 2000;
        float[] values = new float[rows * 2];
        for (int r = 0; r < rows; r++) {
            values[2 * r] = 10_000f + (r % 2 == 0 ? 1 : -1);
            values[2 * r + 1] = 10_000f + (r % 4 < 2 ? 1 : -1);
        }
        FloatMatrix a = FloatMatrix.wrap(values, rows, 2);
        double[] mean = {10_000, 10_000};
        assertArrayEquals(new double[] {rows, 0, 0, rows}, VECTOR.centeredGram(a, mean));
        assertArrayEquals(new double[] {rows, 0, 0, rows}, SCALAR.centeredGram(a, mean));
    }
}
