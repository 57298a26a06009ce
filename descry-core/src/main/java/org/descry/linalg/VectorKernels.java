package org.descry.linalg;

import static org.descry.linalg.MicroKernel.L;
import static org.descry.linalg.MicroKernel.SPECIES;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import org.descry.data.FloatMatrix;
import org.descry.data.Workers;

/**
 * {@link Kernels} on the Vector API ({@code FloatVector.SPECIES_PREFERRED}: 16 lanes with AVX-512, 8 with AVX2).
 *
 * <p><b>Reductions</b> ({@link #dot}, {@link #squaredDistance}) run four vector accumulators, so each of the
 * {@code 4L} lanes sums every {@code 4L}-th term by fused multiply-add ({@code floor(n / 4L)} roundings, at
 * most three more for whole vectors left over and one for the masked tail), then two vector adds and a lane
 * reduction (at most {@code L - 1} adds in whatever order the platform uses). With {@code u = 2^-24} and
 * {@code gamma(j) = j u / (1 - j u)} (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., 2002,
 * section 3.1):
 * <pre>  |dot - x·y| &lt;= gamma(floor(n / 4L) + L + 4) * sum |x_i y_i|</pre>
 * about {@code 60 u} for {@code n = 2560}, {@code L = 16}, against {@code n u} for one running sum. For
 * {@link #squaredDistance} the rounding of each difference adds two more: {@code gamma(floor(n / 4L) + L + 6)}
 * times {@code sum (x_i - y_i)^2}. Four accumulators are also what keeps the FMA pipes busy: one chain would wait the
 * four-cycle FMA latency at every step.
 * {@link #squaredDistanceTreeSum} runs the same four accumulators and ends with a lane tree and a scalar tail
 * (bound in {@link Kernels#squaredDistanceTreeSum}).
 *
 * <p><b>Products</b> ({@link #multiplyTransposed}, {@link #transposedMultiply}, {@link #gram}, {@link #centeredGram}) are blocked and packed
 * ({@link PackedGemm}): float32 fused multiply-adds within blocks of {@value PackedGemm#KC} reduction steps, the
 * blocks summed into the float result in order for {@code a·bᵀ}
 * ({@code |C - AB^T| <= gamma(KC + ceil(k / KC)) * sum_p |a_ip b_jp|}, about {@code 650 u} for
 * {@code k = 100,000} where a running float sum would allow {@code 100,000 u}), and into double for the Gram
 * matrices, where over {@code n} rows
 * {@code |G_ij - sum_r x_ri x_rj| <= (gamma(KC + 2) + gamma_double(ceil(n / KC))) * sum_r |x_ri x_rj|}: about
 * {@code 258 u} however large {@code n} is (the {@code + 2} is the rounding of a centered value to float), where
 * a float running sum over 416,314 rows would allow {@code 416,314 u}. Results are bitwise the same for every
 * thread count. These are worst-case bounds; the tests check them on inputs where a running float sum breaks them.
 * An {@code a·bᵀ} with a side of at most {@code min(32, 2L)} rows runs on {@link SkinnyGemm} (no packing of the
 * large side), which gives the same bits.
 */
public final class VectorKernels implements Kernels {

    private final int threads;

    VectorKernels(int threads) {
        Checks.threads(threads);
        this.threads = threads;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public Kernels withThreads(int threads) {
        return new VectorKernels(threads);
    }

    @Override
    public float dot(float[] x, int xOff, float[] y, int yOff, int length) {
        Checks.range("x", x, xOff, length);
        Checks.range("y", y, yOff, length);
        return dotUnchecked(x, xOff, y, yOff, length);
    }

    private static float dotUnchecked(float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        int wide = n & -(4 * L);
        for (; i < wide; i += 4 * L) {
            s0 = FloatVector.fromArray(SPECIES, x, xOff + i).fma(FloatVector.fromArray(SPECIES, y, yOff + i), s0);
            s1 = FloatVector.fromArray(SPECIES, x, xOff + i + L)
                    .fma(FloatVector.fromArray(SPECIES, y, yOff + i + L), s1);
            s2 = FloatVector.fromArray(SPECIES, x, xOff + i + 2 * L)
                    .fma(FloatVector.fromArray(SPECIES, y, yOff + i + 2 * L), s2);
            s3 = FloatVector.fromArray(SPECIES, x, xOff + i + 3 * L)
                    .fma(FloatVector.fromArray(SPECIES, y, yOff + i + 3 * L), s3);
        }
        for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
            s0 = FloatVector.fromArray(SPECIES, x, xOff + i).fma(FloatVector.fromArray(SPECIES, y, yOff + i), s0);
        }
        if (i < n) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            s1 = FloatVector.fromArray(SPECIES, x, xOff + i, m).fma(FloatVector.fromArray(SPECIES, y, yOff + i, m), s1);
        }
        return LaneSum.of(s0.add(s1).add(s2.add(s3)));
    }

    @Override
    public float squaredDistance(float[] x, int xOff, float[] y, int yOff, int length) {
        Checks.range("x", x, xOff, length);
        Checks.range("y", y, yOff, length);
        int n = length;
        FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        int wide = n & -(4 * L);
        for (; i < wide; i += 4 * L) {
            FloatVector d0 = FloatVector.fromArray(SPECIES, x, xOff + i)
                    .sub(FloatVector.fromArray(SPECIES, y, yOff + i));
            FloatVector d1 = FloatVector.fromArray(SPECIES, x, xOff + i + L)
                    .sub(FloatVector.fromArray(SPECIES, y, yOff + i + L));
            FloatVector d2 = FloatVector.fromArray(SPECIES, x, xOff + i + 2 * L)
                    .sub(FloatVector.fromArray(SPECIES, y, yOff + i + 2 * L));
            FloatVector d3 = FloatVector.fromArray(SPECIES, x, xOff + i + 3 * L)
                    .sub(FloatVector.fromArray(SPECIES, y, yOff + i + 3 * L));
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
            s2 = d2.fma(d2, s2);
            s3 = d3.fma(d3, s3);
        }
        for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(SPECIES, x, xOff + i).sub(FloatVector.fromArray(SPECIES, y, yOff + i));
            s0 = d.fma(d, s0);
        }
        if (i < n) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector d = FloatVector.fromArray(SPECIES, x, xOff + i, m)
                    .sub(FloatVector.fromArray(SPECIES, y, yOff + i, m));
            s1 = d.fma(d, s1);
        }
        return LaneSum.of(s0.add(s1).add(s2.add(s3)));
    }

    @Override
    public float squaredDistanceTreeSum(float[] x, int xOff, float[] y, int yOff, int length) {
        Checks.range("x", x, xOff, length);
        Checks.range("y", y, yOff, length);
        int n = length;
        int i = 0;
        float head = 0;
        if (n >= TREE_SUM_VECTOR_FROM) {
            FloatVector s0 = FloatVector.zero(SPECIES);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            for (; i + 4 * L <= n; i += 4 * L) {
                FloatVector d0 = FloatVector.fromArray(SPECIES, x, xOff + i)
                        .sub(FloatVector.fromArray(SPECIES, y, yOff + i));
                FloatVector d1 = FloatVector.fromArray(SPECIES, x, xOff + i + L)
                        .sub(FloatVector.fromArray(SPECIES, y, yOff + i + L));
                FloatVector d2 = FloatVector.fromArray(SPECIES, x, xOff + i + 2 * L)
                        .sub(FloatVector.fromArray(SPECIES, y, yOff + i + 2 * L));
                FloatVector d3 = FloatVector.fromArray(SPECIES, x, xOff + i + 3 * L)
                        .sub(FloatVector.fromArray(SPECIES, y, yOff + i + 3 * L));
                s0 = d0.fma(d0, s0);
                s1 = d1.fma(d1, s1);
                s2 = d2.fma(d2, s2);
                s3 = d3.fma(d3, s3);
            }
            for (; i + L <= n; i += L) {
                FloatVector d0 = FloatVector.fromArray(SPECIES, x, xOff + i)
                        .sub(FloatVector.fromArray(SPECIES, y, yOff + i));
                s0 = d0.fma(d0, s0);
            }
            head = LaneSum.tree(s0.add(s1).add(s2.add(s3)));
        }
        return head + ScalarKernels.squaredTail(x, xOff, y, yOff, i, n);
    }

    @Override
    public void axpy(float a, float[] x, int xOff, float[] y, int yOff, int length) {
        Checks.range("x", x, xOff, length);
        Checks.range("y", y, yOff, length);
        FloatVector va = FloatVector.broadcast(SPECIES, a);
        int i = 0;
        int wide = length & -(4 * L);
        for (; i < wide; i += 4 * L) {
            FloatVector x0 = FloatVector.fromArray(SPECIES, x, xOff + i);
            FloatVector x1 = FloatVector.fromArray(SPECIES, x, xOff + i + L);
            FloatVector x2 = FloatVector.fromArray(SPECIES, x, xOff + i + 2 * L);
            FloatVector x3 = FloatVector.fromArray(SPECIES, x, xOff + i + 3 * L);
            FloatVector y0 = FloatVector.fromArray(SPECIES, y, yOff + i);
            FloatVector y1 = FloatVector.fromArray(SPECIES, y, yOff + i + L);
            FloatVector y2 = FloatVector.fromArray(SPECIES, y, yOff + i + 2 * L);
            FloatVector y3 = FloatVector.fromArray(SPECIES, y, yOff + i + 3 * L);
            va.fma(x0, y0).intoArray(y, yOff + i);
            va.fma(x1, y1).intoArray(y, yOff + i + L);
            va.fma(x2, y2).intoArray(y, yOff + i + 2 * L);
            va.fma(x3, y3).intoArray(y, yOff + i + 3 * L);
        }
        for (int bound = SPECIES.loopBound(length); i < bound; i += L) {
            va.fma(FloatVector.fromArray(SPECIES, x, xOff + i), FloatVector.fromArray(SPECIES, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        if (i < length) {
            VectorMask<Float> m = SPECIES.indexInRange(i, length);
            va.fma(FloatVector.fromArray(SPECIES, x, xOff + i, m), FloatVector.fromArray(SPECIES, y, yOff + i, m))
                    .intoArray(y, yOff + i, m);
        }
    }

    @Override
    public void addRows(float[] x, int xOff, int d, int[] rows, int from, int to, float[] y, int yOff) {
        Checks.range("y", y, yOff, d);
        for (int i = from; i < to; i++) {
            Checks.range("x", x, xOff + rows[i] * d, d);
        }
        int q = 0;
        for (; q + 4 * L <= d; q += 4 * L) {
            FloatVector y0 = FloatVector.fromArray(SPECIES, y, yOff + q);
            FloatVector y1 = FloatVector.fromArray(SPECIES, y, yOff + q + L);
            FloatVector y2 = FloatVector.fromArray(SPECIES, y, yOff + q + 2 * L);
            FloatVector y3 = FloatVector.fromArray(SPECIES, y, yOff + q + 3 * L);
            for (int i = from; i < to; i++) {
                int o = xOff + rows[i] * d + q;
                y0 = y0.add(FloatVector.fromArray(SPECIES, x, o));
                y1 = y1.add(FloatVector.fromArray(SPECIES, x, o + L));
                y2 = y2.add(FloatVector.fromArray(SPECIES, x, o + 2 * L));
                y3 = y3.add(FloatVector.fromArray(SPECIES, x, o + 3 * L));
            }
            y0.intoArray(y, yOff + q);
            y1.intoArray(y, yOff + q + L);
            y2.intoArray(y, yOff + q + 2 * L);
            y3.intoArray(y, yOff + q + 3 * L);
        }
        for (; q + L <= d; q += L) {
            FloatVector y0 = FloatVector.fromArray(SPECIES, y, yOff + q);
            for (int i = from; i < to; i++) {
                y0 = y0.add(FloatVector.fromArray(SPECIES, x, xOff + rows[i] * d + q));
            }
            y0.intoArray(y, yOff + q);
        }
        if (q < d) {
            VectorMask<Float> m = SPECIES.indexInRange(q, d);
            FloatVector y0 = FloatVector.fromArray(SPECIES, y, yOff + q, m);
            for (int i = from; i < to; i++) {
                y0 = y0.add(FloatVector.fromArray(SPECIES, x, xOff + rows[i] * d + q, m));
            }
            y0.intoArray(y, yOff + q, m);
        }
    }

    @Override
    public void scale(float a, float[] x, int xOff, int length) {
        Checks.range("x", x, xOff, length);
        int i = 0;
        for (int bound = SPECIES.loopBound(length); i < bound; i += L) {
            FloatVector.fromArray(SPECIES, x, xOff + i).mul(a).intoArray(x, xOff + i);
        }
        if (i < length) {
            VectorMask<Float> m = SPECIES.indexInRange(i, length);
            FloatVector.fromArray(SPECIES, x, xOff + i, m).mul(a).intoArray(x, xOff + i, m);
        }
    }

    @Override
    public float[] rowSquaredNorms(FloatMatrix a) {
        java.util.Objects.requireNonNull(a, "a");
        int rows = a.rows();
        int cols = a.cols();
        float[] out = new float[rows];
        float[] heap = a.heapArray();
        int block = Math.max(1, (1 << 15) / Math.max(1, cols));
        int tasks = (rows + block - 1) / block;
        Workers.forEach(threads, tasks, t -> {
            int r0 = t * block;
            int r1 = Math.min(rows, r0 + block);
            if (heap != null) {
                for (int r = r0; r < r1; r++) {
                    out[r] = dotUnchecked(heap, r * cols, heap, r * cols, cols);
                }
            } else {
                float[] buf = new float[(r1 - r0) * cols];
                a.copyRows(r0, r1, buf, 0);
                for (int r = r0; r < r1; r++) {
                    int o = (r - r0) * cols;
                    out[r] = dotUnchecked(buf, o, buf, o, cols);
                }
            }
        });
        return out;
    }

    @Override
    public FloatMatrix multiplyTransposed(FloatMatrix a, FloatMatrix b) {
        java.util.Objects.requireNonNull(a, "a");
        java.util.Objects.requireNonNull(b, "b");
        Checks.sameCols(a, b);
        FloatMatrix c = FloatMatrix.zeros(a.rows(), b.rows());
        float[] heap = c.heapArray();
        if (heap != null) {
            multiplyTransposed(a, 0, a.rows(), b, 0, b.rows(), heap);
            return c;
        }
        int m = b.rows();
        int strip = Math.max(1, (1 << 24) / Math.max(1, m));
        float[] buf = new float[strip * m];
        for (int i0 = 0; i0 < a.rows(); i0 += strip) {
            int i1 = Math.min(a.rows(), i0 + strip);
            multiplyTransposed(a, i0, i1, b, 0, m, buf);
            MemorySegment.copy(buf, 0, c.segment(), FloatMatrix.LAYOUT, 4L * i0 * m, (i1 - i0) * m);
        }
        return c;
    }

    @Override
    public void multiplyTransposed(FloatMatrix a, int aFrom, int aTo, FloatMatrix b, int bFrom, int bTo,
            float[] out) {
        Checks.rowRange("a", a, aFrom, aTo);
        Checks.rowRange("b", b, bFrom, bTo);
        Checks.sameCols(a, b);
        int n = aTo - aFrom;
        int m = bTo - bFrom;
        Checks.product(out, n, m);
        PackedGemm.multiply(new Operand.Rows(a, aFrom), new Operand.Rows(b, bFrom), n, m, a.cols(),
                new PackedGemm.FloatOut(out, m), false, threads);
    }

    @Override
    public CentreDots centreDots(float[] centres, int k, int d) {
        return CentreDots.of(centres, k, d, true);
    }

    @Override
    public void transposedMultiply(FloatMatrix a, FloatMatrix b, float[] out) {
        Checks.sameRows(a, b);
        int n = a.cols();
        int m = b.cols();
        Checks.product(out, n, m);
        PackedGemm.multiply(new Operand.Columns(a, null), new Operand.Columns(b, null), n, m, a.rows(),
                new PackedGemm.FloatOut(out, m), false, threads);
    }

    @Override
    public void addCenteredTransposedMultiply(FloatMatrix a, double[] mean, FloatMatrix b, double[] out) {
        Checks.sameRows(a, b);
        Checks.mean(a, mean);
        int d = a.cols();
        int m = b.cols();
        Checks.product(out, d, m);
        PackedGemm.multiply(new Operand.Columns(a, mean.clone()), new Operand.Columns(b, null), d, m, a.rows(),
                new PackedGemm.DoubleOut(out, m), false, threads);
    }

    @Override
    public double[] gram(FloatMatrix a) {
        return symmetricProduct(a, null);
    }

    @Override
    public double[] centeredGram(FloatMatrix a, double[] mean) {
        java.util.Objects.requireNonNull(a, "a");
        Checks.mean(a, mean);
        return symmetricProduct(a, mean.clone());
    }

    @Override
    public void addCenteredGram(FloatMatrix a, double[] mean, double[] out) {
        java.util.Objects.requireNonNull(a, "a");
        Checks.mean(a, mean);
        Checks.gram(a);
        Checks.product(out, a.cols(), a.cols());
        addUpper(a, mean.clone(), out);
    }

    private double[] symmetricProduct(FloatMatrix a, double[] mean) {
        int size = Checks.gram(a);
        double[] out = new double[size];
        addUpper(a, mean, out);
        Kernels.mirrorUpper(out, a.cols());
        return out;
    }

    private void addUpper(FloatMatrix a, double[] mean, double[] out) {
        int d = a.cols();
        Operand.Columns x = new Operand.Columns(a, mean);
        PackedGemm.multiply(x, x, d, d, a.rows(), new PackedGemm.DoubleOut(out, d), true, threads);
    }

    @Override
    public String toString() {
        return "VectorKernels[" + SPECIES + ", threads=" + threads + "]";
    }
}
