package org.descry.linalg;

import static org.descry.linalg.TestData.U_DOUBLE;
import static org.descry.linalg.TestData.gamma;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.descry.data.FloatMatrix;
import org.junit.jupiter.api.Test;

/**
 * Long inputs, where the accumulation scheme matters: the documented bounds hold, and the inputs are hard enough
 * that one float32 running sum would break them (checked in each test, so the test can fail).
 */
class PrecisionTest {

    private static final Kernels VECTOR = Kernels.best();

    /**
     * Positive values near 0.1, every {@code stride}-th from {@code start} exactly {@code 0.1f}: a running float
     * sum of {@code 0.1f * 0.1f} rounds the same way at every step, the worst case for it.
     */
    private static float[] positive(SplittableRandom rnd, int n, int start, int stride) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (0.1 + 0.01 * rnd.nextDouble());
        }
        for (int i = start; i < n; i += stride) {
            a[i] = 0.1f;
        }
        return a;
    }

    private static double naiveFloatDot(float[] x, int xOff, float[] y, int yOff, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i] * y[yOff + i];
        }
        return s;
    }

    @Test
    void productOverRowsOf100kElements() {
        int k = 100_000;
        SplittableRandom rnd = new SplittableRandom(5);
        FloatMatrix a = FloatMatrix.wrap(positive(rnd, 3 * k, 0, 1), 3, k);
        FloatMatrix b = FloatMatrix.wrap(positive(rnd, 2 * k, 0, 1), 2, k);
        double[] abs = new double[6];
        double[] ref = TestData.referenceProduct(a, b, abs);
        float[] c = VECTOR.multiplyTransposed(a, b).toArray();
        int kc = PackedGemm.KC;
        double bound = gamma(kc + (k + kc - 1) / kc);
        for (int i = 0; i < 6; i++) {
            double err = Math.abs(c[i] - ref[i]) / abs[i];
            int cell = i;
            assertTrue(err <= bound + k * U_DOUBLE, () -> "cell " + cell + ": relative error " + err);
        }
        double naiveErr = Math.abs(naiveFloatDot(a.heapArray(), 0, b.heapArray(), 0, k) - ref[0]) / abs[0];
        assertTrue(naiveErr > bound, () -> "inputs too easy: a running float sum is off by only " + naiveErr);
        double[] rowRef = new double[1];
        float[] x = a.rowArray(0);
        float[] y = b.rowArray(1);
        double[] dotAbs = new double[1];
        rowRef[0] = TestData.referenceProduct(a.row(0), b.row(1), dotAbs)[0];
        double dotErr = Math.abs(VECTOR.dot(x, 0, y, 0, k) - rowRef[0]) / dotAbs[0];
        assertTrue(dotErr <= gamma(k / (4 * MicroKernel.L) + MicroKernel.L + 4),
                () -> "dot relative error " + dotErr);
    }

    @Test
    void gramOver416kRows() {
        int rows = 416_314;
        int d = 3;
        SplittableRandom rnd = new SplittableRandom(9);
        float[] values = positive(rnd, rows * d, 0, d);
        FloatMatrix a = FloatMatrix.wrap(values, rows, d);
        double[] abs = new double[d * d];
        double[] ref = TestData.referenceGram(a, null, abs);
        double[] g = VECTOR.withThreads(2).gram(a);
        double bound = gamma(PackedGemm.KC + 2) + (rows / PackedGemm.KC + 1) * U_DOUBLE;
        for (int i = 0; i < d * d; i++) {
            double err = Math.abs(g[i] - ref[i]) / abs[i];
            int cell = i;
            assertTrue(err <= bound + 2 * rows * U_DOUBLE, () -> "cell " + cell + ": relative error " + err);
        }
        float naive = 0f;
        for (int r = 0; r < rows; r++) {
            naive += values[r * d] * values[r * d];
        }
        double naiveErr = Math.abs(naive - ref[0]) / abs[0];
        assertTrue(naiveErr > bound, () -> "inputs too easy: a running float sum is off by only " + naiveErr);

        double[] mean = VECTOR.columnMeans(a);
        double[] cAbs = new double[d * d];
        double[] cRef = TestData.referenceGram(a, mean, cAbs);
        double[] c = VECTOR.centeredGram(a, mean);
        for (int i = 0; i < d * d; i++) {
            double err = Math.abs(c[i] - cRef[i]);
            int cell = i;
            assertTrue(err <= (bound + 2 * rows * U_DOUBLE) * cAbs[i],
                    () -> "centered cell " + cell + ": error " + err + " next to " + cAbs[cell]);
        }
    }
}
