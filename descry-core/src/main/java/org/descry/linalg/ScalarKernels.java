package org.descry.linalg;

import java.util.Objects;
import org.descry.data.FloatMatrix;
import org.descry.data.Workers;

/**
 * {@link Kernels} as plain loops: the reference {@link VectorKernels} is tested against, and the baseline its
 * speed is measured against.
 *
 * <p>Precision: {@link #dot}, {@link #squaredDistance} and so {@link #multiplyTransposed} keep one float32
 * running sum by fused multiply-add, {@code |dot - x·y| <= gamma(n) * sum |x_i y_i|} with
 * {@code gamma(n) = n u / (1 - n u)}, {@code u = 2^-24} (Higham, "Accuracy and Stability of Numerical
 * Algorithms", 2nd ed., 2002, section 3.1): fine for descriptor lengths, loose for very long rows. The Gram
 * matrices accumulate products of the (double-centered) values in double, the most accurate of all the kernels.
 * {@link #axpy} and {@link #scale} round once per element, exactly as the vector versions do, and
 * {@link #squaredDistanceTreeSum} adds in the vector version's order, so it gives its bits. Matrix operations
 * split output rows between threads; every cell is computed the same way whatever the thread count.
 */
public final class ScalarKernels implements Kernels {

    private final int threads;

    ScalarKernels(int threads) {
        Checks.threads(threads);
        this.threads = threads;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public Kernels withThreads(int threads) {
        return new ScalarKernels(threads);
    }

    @Override
    public float dot(float[] x, int xOff, float[] y, int yOff, int length) {
        Checks.range("x", x, xOff, length);
        Checks.range("y", y, yOff, length);
        return dotUnchecked(x, xOff, y, yOff, length);
    }

    private static float dotUnchecked(float[] x, int xOff, float[] y, int yOff, int length) {
        float s = 0f;
        for (int i = 0; i < length; i++) {
            s = Math.fma(x[xOff + i], y[yOff + i], s);
        }
        return s;
    }

    @Override
    public float squaredDistance(float[] x, int xOff, float[] y, int yOff, int length) {
        Checks.range("x", x, xOff, length);
        Checks.range("y", y, yOff, length);
        float s = 0f;
        for (int i = 0; i < length; i++) {
            float d = x[xOff + i] - y[yOff + i];
            s = Math.fma(d, d, s);
        }
        return s;
    }

    /**
     * The vector version's sums written out lane by lane: {@code 4L} running sums by fused multiply-add, the
     * four groups of {@code L} added as the vector adds them, then {@link LaneSum#tree} and the same scalar tail,
     * so the bits are those of {@link VectorKernels#squaredDistanceTreeSum}.
     */
    @Override
    public float squaredDistanceTreeSum(float[] x, int xOff, float[] y, int yOff, int length) {
        Checks.range("x", x, xOff, length);
        Checks.range("y", y, yOff, length);
        int n = length;
        int lanes = MicroKernel.L;
        int i = 0;
        float head = 0;
        if (n >= TREE_SUM_VECTOR_FROM) {
            float[] s = new float[4 * lanes];
            for (; i + 4 * lanes <= n; i += 4 * lanes) {
                for (int l = 0; l < 4 * lanes; l++) {
                    float d = x[xOff + i + l] - y[yOff + i + l];
                    s[l] = Math.fma(d, d, s[l]);
                }
            }
            for (; i + lanes <= n; i += lanes) {
                for (int l = 0; l < lanes; l++) {
                    float d = x[xOff + i + l] - y[yOff + i + l];
                    s[l] = Math.fma(d, d, s[l]);
                }
            }
            for (int l = 0; l < lanes; l++) {
                s[l] = (s[l] + s[lanes + l]) + (s[2 * lanes + l] + s[3 * lanes + l]);
            }
            head = LaneSum.tree(s);
        }
        return head + squaredTail(x, xOff, y, yOff, i, n);
    }

    /**
     * The scalar tail of {@link #squaredDistanceTreeSum} from element {@code from} to {@code n}, shared with the
     * vector version so that both give the same bits: two running sums over alternate elements, added last.
     */
    static float squaredTail(float[] x, int xOff, float[] y, int yOff, int from, int n) {
        int i = from;
        float tail = 0;
        float tail2 = 0;
        for (; i + 1 < n; i += 2) {
            float a = x[xOff + i] - y[yOff + i];
            float b = x[xOff + i + 1] - y[yOff + i + 1];
            tail += a * a;
            tail2 += b * b;
        }
        if (i < n) {
            float a = x[xOff + i] - y[yOff + i];
            tail += a * a;
        }
        return tail + tail2;
    }

    @Override
    public void axpy(float a, float[] x, int xOff, float[] y, int yOff, int length) {
        Checks.range("x", x, xOff, length);
        Checks.range("y", y, yOff, length);
        for (int i = 0; i < length; i++) {
            y[yOff + i] = Math.fma(a, x[xOff + i], y[yOff + i]);
        }
    }

    @Override
    public void addRows(float[] x, int xOff, int d, int[] rows, int from, int to, float[] y, int yOff) {
        Checks.range("y", y, yOff, d);
        for (int i = from; i < to; i++) {
            int o = xOff + rows[i] * d;
            Checks.range("x", x, o, d);
            for (int q = 0; q < d; q++) {
                y[yOff + q] += x[o + q];
            }
        }
    }

    @Override
    public void scale(float a, float[] x, int xOff, int length) {
        Checks.range("x", x, xOff, length);
        for (int i = 0; i < length; i++) {
            x[xOff + i] *= a;
        }
    }

    @Override
    public float[] rowSquaredNorms(FloatMatrix a) {
        Objects.requireNonNull(a, "a");
        float[] out = new float[a.rows()];
        Workers.forEach(threads, a.rows(), r -> {
            float[] row = a.rowArray(r);
            out[r] = dotUnchecked(row, 0, row, 0, row.length);
        });
        return out;
    }

    @Override
    public FloatMatrix multiplyTransposed(FloatMatrix a, FloatMatrix b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Checks.sameCols(a, b);
        FloatMatrix c = FloatMatrix.zeros(a.rows(), b.rows());
        int m = b.rows();
        float[] heap = c.heapArray();
        if (heap != null) {
            multiplyTransposed(a, 0, a.rows(), b, 0, m, heap);
            return c;
        }
        float[] row = new float[m];
        for (int i = 0; i < a.rows(); i++) {
            multiplyTransposed(a, i, i + 1, b, 0, m, row);
            c.setRow(i, row, 0);
        }
        return c;
    }

    @Override
    public void multiplyTransposed(FloatMatrix a, int aFrom, int aTo, FloatMatrix b, int bFrom, int bTo,
            float[] out) {
        Checks.rowRange("a", a, aFrom, aTo);
        Checks.rowRange("b", b, bFrom, bTo);
        Checks.sameCols(a, b);
        int m = bTo - bFrom;
        Checks.product(out, aTo - aFrom, m);
        int k = a.cols();
        float[] bHeap = b.heapArray();
        Workers.forEach(threads, aTo - aFrom, i -> {
            float[] ai = a.rowArray(aFrom + i);
            float[] bj = bHeap == null ? new float[k] : null;
            for (int j = 0; j < m; j++) {
                float v;
                if (bHeap != null) {
                    v = dotUnchecked(ai, 0, bHeap, (bFrom + j) * k, k);
                } else {
                    b.copyRow(bFrom + j, bj, 0);
                    v = dotUnchecked(ai, 0, bj, 0, k);
                }
                out[i * m + j] = v;
            }
        });
    }

    @Override
    public CentreDots centreDots(float[] centres, int k, int d) {
        return CentreDots.of(centres, k, d, false);
    }

    @Override
    public void transposedMultiply(FloatMatrix a, FloatMatrix b, float[] out) {
        Checks.sameRows(a, b);
        int n = a.cols();
        int m = b.cols();
        Checks.product(out, n, m);
        java.util.Arrays.fill(out, 0, n * m, 0f);
        Workers.forEach(threads, n, i -> {
            float[] bp = new float[m];
            for (int p = 0; p < a.rows(); p++) {
                float api = a.get(p, i);
                b.copyRow(p, bp, 0);
                for (int j = 0; j < m; j++) {
                    out[i * m + j] = Math.fma(api, bp[j], out[i * m + j]);
                }
            }
        });
    }

    @Override
    public double[] gram(FloatMatrix a) {
        Objects.requireNonNull(a, "a");
        return symmetricProduct(a, new double[a.cols()]);
    }

    @Override
    public void addCenteredTransposedMultiply(FloatMatrix a, double[] mean, FloatMatrix b, double[] out) {
        Checks.sameRows(a, b);
        Checks.mean(a, mean);
        int d = a.cols();
        int m = b.cols();
        Checks.product(out, d, m);
        Workers.forEach(threads, d, i -> {
            for (int p = 0; p < a.rows(); p++) {
                double ai = (float) (a.get(p, i) - mean[i]);
                for (int j = 0; j < m; j++) {
                    out[i * m + j] += ai * b.get(p, j);
                }
            }
        });
    }

    @Override
    public double[] centeredGram(FloatMatrix a, double[] mean) {
        Objects.requireNonNull(a, "a");
        Checks.mean(a, mean);
        return symmetricProduct(a, mean.clone());
    }

    @Override
    public void addCenteredGram(FloatMatrix a, double[] mean, double[] out) {
        Objects.requireNonNull(a, "a");
        Checks.mean(a, mean);
        Checks.gram(a);
        Checks.product(out, a.cols(), a.cols());
        addUpper(a, mean.clone(), out);
    }

    private double[] symmetricProduct(FloatMatrix a, double[] mean) {
        double[] out = new double[Checks.gram(a)];
        addUpper(a, mean, out);
        Kernels.mirrorUpper(out, a.cols());
        return out;
    }

    /** Adds the centered products on and above the diagonal, row after row in double. */
    private void addUpper(FloatMatrix a, double[] mean, double[] out) {
        int d = a.cols();
        int rows = a.rows();
        int chunk = Math.max(1, (1 << 14) / Math.max(1, d));
        int tasks = (d + chunk - 1) / chunk;
        Workers.forEach(threads, tasks, t -> {
            int i0 = t * chunk;
            int i1 = Math.min(d, i0 + chunk);
            float[] row = new float[d];
            double[] centered = new double[d];
            for (int r = 0; r < rows; r++) {
                a.copyRow(r, row, 0);
                for (int c = i0; c < d; c++) {
                    centered[c] = row[c] - mean[c];
                }
                for (int i = i0; i < i1; i++) {
                    double xi = centered[i];
                    int o = i * d;
                    for (int j = i; j < d; j++) {
                        out[o + j] += xi * centered[j];
                    }
                }
            }
        });
    }

    @Override
    public String toString() {
        return "ScalarKernels[threads=" + threads + "]";
    }
}
