package org.descry.linalg;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.descry.data.FloatMatrix;

/** Seeded inputs and double-precision references for the kernel tests. */
final class TestData {

    /** Unit roundoff of float32. */
    static final double U = 0x1p-24;
    /** Unit roundoff of float64. */
    static final double U_DOUBLE = 0x1p-53;

    private TestData() {}

    static double gamma(double j) {
        return j * U / (1 - j * U);
    }

    static float[] floats(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return a;
    }

    static FloatMatrix heap(SplittableRandom rnd, int rows, int cols) {
        return FloatMatrix.wrap(floats(rnd, rows * cols), rows, cols);
    }

    /**
     * The same values off the heap, one byte past a 64-byte boundary, as a numpy pickle payload may sit, so the
     * segment paths and unaligned reads are exercised.
     */
    static FloatMatrix offHeap(FloatMatrix m) {
        long bytes = 4L * m.rows() * m.cols();
        MemorySegment seg = Arena.ofAuto().allocate(bytes + 1, 64).asSlice(1, bytes);
        MemorySegment.copy(m.segment(), 0, seg, 0, bytes);
        FloatMatrix out = FloatMatrix.of(seg, m.rows(), m.cols());
        if (out.heapArray() != null) {
            throw new AssertionError("expected an off-heap matrix");
        }
        return out;
    }

    /** {@code sum_p a[i][p] * b[j][p]} in double, and {@code sum_p |a[i][p] * b[j][p]|} into {@code abs}. */
    static double[] referenceProduct(FloatMatrix a, FloatMatrix b, double[] abs) {
        int n = a.rows();
        int m = b.rows();
        int k = a.cols();
        float[] x = a.toArray();
        float[] y = b.toArray();
        double[] c = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                double t = 0;
                for (int p = 0; p < k; p++) {
                    double v = (double) x[i * k + p] * y[j * k + p];
                    s += v;
                    t += Math.abs(v);
                }
                c[i * m + j] = s;
                abs[i * m + j] = t;
            }
        }
        return c;
    }

    /** {@code (a - mean)ᵀ(a - mean)} in double, and the sums of absolute products into {@code abs}. */
    static double[] referenceGram(FloatMatrix a, double[] mean, double[] abs) {
        int n = a.rows();
        int d = a.cols();
        float[] x = a.toArray();
        double[] c = new double[d * d];
        double[] row = new double[d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                row[i] = x[r * d + i] - (mean == null ? 0 : mean[i]);
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double v = row[i] * row[j];
                    c[i * d + j] += v;
                    abs[i * d + j] += Math.abs(v);
                }
            }
        }
        return c;
    }
}
