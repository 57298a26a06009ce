package org.descry.linalg;

import static org.descry.linalg.TestData.U_DOUBLE;
import static org.descry.linalg.TestData.gamma;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Row-level kernels: vector and scalar against a double reference, within their documented bounds. */
class RowOpsTest {

    private static final Kernels VECTOR = Kernels.best();
    private static final Kernels SCALAR = Kernels.scalar();
    private static final int L = MicroKernel.L;

    static Stream<Arguments> lengths() {
        int[] lengths = {0, 1, 2, 3, 7, 15, 16, 17, 31, 33, 63, 64, 65, 127, 128, 257, 512, 1000, 2560, 4099};
        return IntStream.range(0, 3).boxed()
                .flatMap(seed -> IntStream.of(lengths).mapToObj(n -> Arguments.of(seed, n)));
    }

    private static double vectorBound(int n) {
        return gamma(n / (4 * L) + L + 4);
    }

    @ParameterizedTest(name = "seed {0}, n {1}")
    @MethodSource("lengths")
    void dotWithinBounds(int seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + n);
        int xOff = rnd.nextInt(5);
        int yOff = rnd.nextInt(5);
        float[] x = TestData.floats(rnd, xOff + n + 3);
        float[] y = TestData.floats(rnd, yOff + n);
        double sum = 0;
        double sumAbs = 0;
        for (int i = 0; i < n; i++) {
            double p = (double) x[xOff + i] * y[yOff + i];
            sum += p;
            sumAbs += Math.abs(p);
        }
        double exact = sum;
        double abs = sumAbs;
        double ref = n * U_DOUBLE * abs;
        float v = VECTOR.dot(x, xOff, y, yOff, n);
        float s = SCALAR.dot(x, xOff, y, yOff, n);
        assertTrue(Math.abs(v - exact) <= vectorBound(n) * abs + ref, () -> "vector dot " + v + " vs " + exact);
        assertTrue(Math.abs(s - exact) <= gamma(n) * abs + ref, () -> "scalar dot " + s + " vs " + exact);
        assertTrue(Math.abs(v - s) <= (vectorBound(n) + gamma(n)) * abs, () -> "vector " + v + " scalar " + s);
    }

    @ParameterizedTest(name = "seed {0}, n {1}")
    @MethodSource("lengths")
    void squaredDistanceWithinBounds(int seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed * 7_000_003L + n);
        int xOff = rnd.nextInt(5);
        int yOff = rnd.nextInt(5);
        float[] x = TestData.floats(rnd, xOff + n);
        float[] y = TestData.floats(rnd, yOff + n + 2);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) x[xOff + i] - y[yOff + i];
            sum += d * d;
        }
        double exact = sum;
        double ref = n * U_DOUBLE * exact;
        float v = VECTOR.squaredDistance(x, xOff, y, yOff, n);
        float s = SCALAR.squaredDistance(x, xOff, y, yOff, n);
        assertTrue(Math.abs(v - exact) <= gamma(n / (4 * L) + L + 6) * exact + ref,
                () -> "vector distance " + v + " vs " + exact);
        assertTrue(Math.abs(s - exact) <= gamma(n + 2) * exact + ref, () -> "scalar distance " + s + " vs " + exact);
        assertEquals(0f, VECTOR.squaredDistance(x, xOff, x, xOff, n));
    }

    /** The bound documented on {@link Kernels#squaredDistanceTreeSum}. */
    private static double treeSumBound(int n) {
        return gamma(Math.max(n / (4 * L) + Integer.numberOfTrailingZeros(L) + 7, 12));
    }

    @ParameterizedTest(name = "seed {0}, n {1}")
    @MethodSource("lengths")
    void squaredDistanceTreeSumSameBitsAndWithinBound(int seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed * 5_000_011L + n);
        int xOff = rnd.nextInt(5);
        int yOff = rnd.nextInt(5);
        float[] x = TestData.floats(rnd, xOff + n + 1);
        float[] y = TestData.floats(rnd, yOff + n + 3);
        double exact = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) x[xOff + i] - y[yOff + i];
            exact += d * d;
        }
        float v = VECTOR.squaredDistanceTreeSum(x, xOff, y, yOff, n);
        float s = SCALAR.squaredDistanceTreeSum(x, xOff, y, yOff, n);
        assertEquals(Float.floatToRawIntBits(s), Float.floatToRawIntBits(v), () -> "vector " + v + " scalar " + s);
        assertEquals(v, VECTOR.squaredDistanceTreeSum(y, yOff, x, xOff, n));
        double e = exact;
        assertTrue(Math.abs(v - e) <= treeSumBound(n) * e + n * U_DOUBLE * e, () -> "tree sum " + v + " vs " + e);
        assertEquals(0f, VECTOR.squaredDistanceTreeSum(x, xOff, x, xOff, n));
    }

    /**
     * Terms of very different size, so that the order of the additions shows in the bits: the vector and the
     * scalar version must still agree, and the chained {@link Kernels#squaredDistance} generally does not.
     */
    @Test
    void squaredDistanceTreeSumOrderIsFixed() {
        int n = 4 * L + 3 * L + 5;
        float[] x = new float[n];
        float[] y = new float[n];
        SplittableRandom rnd = new SplittableRandom(11);
        int differs = 0;
        for (int trial = 0; trial < 200; trial++) {
            for (int i = 0; i < n; i++) {
                x[i] = (float) (Math.scalb(rnd.nextDouble(), rnd.nextInt(-12, 12)));
            }
            float v = VECTOR.squaredDistanceTreeSum(x, 0, y, 0, n);
            assertEquals(Float.floatToRawIntBits(SCALAR.squaredDistanceTreeSum(x, 0, y, 0, n)),
                    Float.floatToRawIntBits(v), "trial " + trial);
            differs += v != VECTOR.squaredDistance(x, 0, y, 0, n) ? 1 : 0;
        }
        assertTrue(differs > 0, "the tree sum never differed from the chained sum: the orders are not exercised");
    }

    @ParameterizedTest(name = "seed {0}, n {1}")
    @MethodSource("lengths")
    void axpyAndScaleMatchScalarBitwise(int seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed * 31L + n);
        int xOff = rnd.nextInt(4);
        int yOff = rnd.nextInt(4);
        float a = (float) rnd.nextDouble(-3, 3);
        float[] x = TestData.floats(rnd, xOff + n + 1);
        float[] y = TestData.floats(rnd, yOff + n + 5);
        float[] yv = y.clone();
        float[] ys = y.clone();
        VECTOR.axpy(a, x, xOff, yv, yOff, n);
        SCALAR.axpy(a, x, xOff, ys, yOff, n);
        assertArrayEquals(ys, yv);
        for (int i = 0; i < y.length; i++) {
            float expected = i >= yOff && i < yOff + n ? Math.fma(a, x[xOff + i - yOff], y[i]) : y[i];
            assertEquals(expected, yv[i], "index " + i);
        }
        float[] xv = x.clone();
        float[] xs = x.clone();
        VECTOR.scale(a, xv, xOff, n);
        SCALAR.scale(a, xs, xOff, n);
        assertArrayEquals(xs, xv);
        for (int i = 0; i < x.length; i++) {
            assertEquals(i >= xOff && i < xOff + n ? x[i] * a : x[i], xv[i], "index " + i);
        }
    }

    @ParameterizedTest(name = "seed {0}, cols {1}")
    @MethodSource("lengths")
    void rowNormsHeapAndOffHeap(int seed, int cols) {
        SplittableRandom rnd = new SplittableRandom(seed + 17L * cols);
        int rows = 1 + rnd.nextInt(40);
        FloatMatrix heap = TestData.heap(rnd, rows, cols);
        FloatMatrix off = TestData.offHeap(heap);
        float[] v = VECTOR.rowSquaredNorms(heap);
        assertArrayEquals(v, VECTOR.rowSquaredNorms(off));
        assertArrayEquals(v, VECTOR.withThreads(1).rowSquaredNorms(off));
        float[] s = SCALAR.rowSquaredNorms(off);
        float[] norms = VECTOR.rowNorms(off);
        for (int r = 0; r < rows; r++) {
            float[] row = heap.rowArray(r);
            double exact = 0;
            for (float f : row) {
                exact += (double) f * f;
            }
            assertEquals(exact, v[r], vectorBound(cols) * exact + cols * U_DOUBLE * exact, "row " + r);
            assertEquals(exact, s[r], gamma(cols) * exact + cols * U_DOUBLE * exact, "row " + r);
            assertEquals((float) Math.sqrt(v[r]), norms[r]);
        }
    }

    @Test
    void knownValues() {
        for (Kernels k : new Kernels[] {VECTOR, SCALAR}) {
            float[] x = {9, 1, 2, 3};
            float[] y = {4, 5, 6};
            assertEquals(32f, k.dot(x, 1, y, 0, 3), k.toString());
            assertEquals(27f, k.squaredDistance(x, 1, y, 0, 3), k.toString());
            assertEquals(27f, k.squaredDistanceTreeSum(x, 1, y, 0, 3), k.toString());
            float[] ones = new float[40];
            java.util.Arrays.fill(ones, 1f);
            assertEquals(40f, k.squaredDistanceTreeSum(ones, 0, new float[41], 1, 40), k.toString());
            assertEquals(0f, k.dot(x, 4, y, 3, 0), k.toString());
            float[] z = {1, 1, 1, 1};
            k.axpy(2f, x, 1, z, 1, 3);
            assertArrayEquals(new float[] {1, 3, 5, 7}, z, k.toString());
            k.scale(-0.5f, z, 0, 2);
            assertArrayEquals(new float[] {-0.5f, -1.5f, 5, 7}, z, k.toString());
            FloatMatrix m = FloatMatrix.fromRows(new float[][] {{3, 4}, {0, 0}, {1, 0}});
            assertArrayEquals(new float[] {25, 0, 1}, k.rowSquaredNorms(m), k.toString());
            assertArrayEquals(new float[] {5, 0, 1}, k.rowNorms(m), k.toString());
            assertArrayEquals(new double[] {4. / 3, 4. / 3}, k.columnMeans(m), 1e-15, k.toString());
        }
    }
}
