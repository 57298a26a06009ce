package org.descry.linalg;

import static org.descry.linalg.MicroKernel.L;
import static org.descry.linalg.MicroKernel.SPECIES;
import static org.descry.linalg.PackedGemm.KC;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import org.descry.data.FloatMatrix;
import org.descry.data.Workers;

/**
 * {@code A·Bᵀ} when one side has at most {@link #MAX_SMALL} rows (k-means and mixture E-steps: a block of data
 * rows against ten centers). {@link PackedGemm} would pad the small side to a whole {@code NR = 4L}-column
 * micro-panel or, with the roles swapped, transpose every value of the large side into a packed panel only to use
 * it in {@code s} multiply-adds; here the large side is read where it lies, row by row along the reduction, and
 * only the small side is packed (transposed once: {@code s·k} values).
 *
 * <p>Kernel: for {@code R} large rows at once, each step {@code p} loads the packed column {@code p} of the small
 * side as one or two vectors (its {@code s} values, zero-padded to {@code W = L} or {@code 2L}), broadcasts the
 * {@code R} values {@code big[i + r][p]} and issues {@code R·W/L} independent fused multiply-adds into
 * accumulators whose lanes run over the small side. No lane reductions, no packing of the large side; the price
 * is the padding {@code W - s} of the last vector.
 *
 * <p>Precision and results: each output is one float32 fused multiply-add chain over {@code p} in order within
 * blocks of {@link PackedGemm#KC} steps, the block sums added to the float output in order of blocks, exactly as
 * {@link PackedGemm} does, so both paths give bitwise the same result (and the same error bound), whatever the
 * thread count.
 */
final class SkinnyGemm {

    /** Largest small side served: two vectors of accumulators per large row (32 with AVX-512, 16 with AVX2). */
    static final int MAX_SMALL = Math.min(32, 2 * L);
    /** Large rows per task. */
    private static final int TASK_ROWS = 96;

    private SkinnyGemm() {}

    /**
     * {@code C = A·Bᵀ} for {@code A} = rows of {@code big} ({@code g} of them) and {@code B} = rows of
     * {@code small} ({@code s <= MAX_SMALL}), {@code k} columns each. With {@code smallFirst} the output is
     * {@code s x g} ({@code out[j * ldc + i]}, the small operand is the left factor), otherwise {@code g x s}
     * ({@code out[i * ldc + j]}).
     */
    static void multiply(Operand.Rows big, int g, Operand.Rows small, int s, int k, float[] out, int ldc,
            boolean smallFirst, int threads) {
        int w = s <= L ? L : 2 * L;
        float[] packed = new float[k * w];
        small.pack(0, s, w, 0, k, packed, 0);
        int tasks = (g + TASK_ROWS - 1) / TASK_ROWS;
        Workers.forEach(threads, tasks, t -> {
            int i0 = t * TASK_ROWS;
            new Task(big, small.m().cols(), packed, w, s, k, out, ldc, smallFirst).run(i0, Math.min(g, i0 + TASK_ROWS));
        });
    }

    /** One thread's rows: the large rows' source, a tile of accumulators and where the tile goes. */
    private static final class Task {
        private final FloatMatrix m;
        private final int from;
        private final float[] heap;
        private final int cols;
        private final float[] packed;
        private final int w;
        private final int s;
        private final int k;
        private final float[] out;
        private final int ldc;
        private final boolean smallFirst;
        private final float[] tile;
        private final float[] stage;
        private final VectorMask<Float> tail;

        Task(Operand.Rows big, int cols, float[] packed, int w, int s, int k, float[] out, int ldc,
                boolean smallFirst) {
            this.m = big.m();
            this.from = big.from();
            this.heap = big.heap();
            this.cols = cols;
            this.packed = packed;
            this.w = w;
            this.s = s;
            this.k = k;
            this.out = out;
            this.ldc = ldc;
            this.smallFirst = smallFirst;
            this.tile = new float[8 * w];
            this.stage = heap == null ? new float[8 * cols] : null;
            this.tail = SPECIES.indexInRange(0, s - (w - L));
        }

        void run(int i0, int i1) {
            int group = w == L ? 8 : 6;
            for (int i = i0; i < i1; i += group) {
                int rows = Math.min(group, i1 - i);
                float[] a;
                int aOff;
                if (heap != null) {
                    a = heap;
                    aOff = (from + i) * cols;
                } else {
                    MemorySegment.copy(m.segment(), FloatMatrix.LAYOUT, 4L * (from + i) * cols, stage, 0, rows * cols);
                    a = stage;
                    aOff = 0;
                }
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    if (rows == group && w == L) {
                        rows8(kc, a, aOff + pc, cols, packed, pc * w, tile);
                    } else if (rows == group) {
                        rows6x2(kc, a, aOff + pc, cols, packed, pc * w, tile);
                    } else {
                        for (int r = 0; r < rows; r++) {
                            row(kc, a, aOff + r * cols + pc, packed, pc * w, w, tile, r * w);
                        }
                    }
                    store(i, rows, pc == 0);
                }
            }
        }

        /** Moves {@code rows} tile rows (large rows {@code i ..}) to the output: the first block stores, later ones add. */
        private void store(int i, int rows, boolean first) {
            if (smallFirst) {
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < s; j++) {
                        int o = j * ldc + i + r;
                        float v = tile[r * w + j];
                        out[o] = first ? v : out[o] + v;
                    }
                }
                return;
            }
            int last = w - L;
            for (int r = 0; r < rows; r++) {
                int o = (i + r) * ldc;
                int t = r * w;
                if (last > 0) {
                    FloatVector v = FloatVector.fromArray(SPECIES, tile, t);
                    (first ? v : v.add(FloatVector.fromArray(SPECIES, out, o))).intoArray(out, o);
                }
                FloatVector v = FloatVector.fromArray(SPECIES, tile, t + last);
                if (!first) {
                    v = v.add(FloatVector.fromArray(SPECIES, out, o + last, tail));
                }
                v.intoArray(out, o + last, tail);
            }
        }
    }

    /** One large row: {@code tile[t + c] = sum_p a[aOff + p] * b[bOff + p * w + c]}, one chain per lane. */
    private static void row(int kc, float[] a, int aOff, float[] b, int bOff, int w, float[] tile, int t) {
        for (int v = 0; v < w; v += L) {
            FloatVector acc = FloatVector.zero(SPECIES);
            for (int p = 0; p < kc; p++) {
                acc = FloatVector.broadcast(SPECIES, a[aOff + p]).fma(FloatVector.fromArray(SPECIES, b, bOff + p * w + v), acc);
            }
            acc.intoArray(tile, t + v);
        }
    }

    /**
     * Eight large rows against a small side of one vector ({@code w = L}); written out flat so that C2 keeps the
     * accumulators in registers (see {@link MicroKernel}).
     */
    private static void rows8(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] tile) {
        FloatVector c0 = FloatVector.zero(SPECIES), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        int a0 = aOff, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda,
                a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            FloatVector y = FloatVector.fromArray(SPECIES, b, bOff + p * L);
            c0 = FloatVector.broadcast(SPECIES, a[a0 + p]).fma(y, c0);
            c1 = FloatVector.broadcast(SPECIES, a[a1 + p]).fma(y, c1);
            c2 = FloatVector.broadcast(SPECIES, a[a2 + p]).fma(y, c2);
            c3 = FloatVector.broadcast(SPECIES, a[a3 + p]).fma(y, c3);
            c4 = FloatVector.broadcast(SPECIES, a[a4 + p]).fma(y, c4);
            c5 = FloatVector.broadcast(SPECIES, a[a5 + p]).fma(y, c5);
            c6 = FloatVector.broadcast(SPECIES, a[a6 + p]).fma(y, c6);
            c7 = FloatVector.broadcast(SPECIES, a[a7 + p]).fma(y, c7);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, L);
        c2.intoArray(tile, 2 * L);
        c3.intoArray(tile, 3 * L);
        c4.intoArray(tile, 4 * L);
        c5.intoArray(tile, 5 * L);
        c6.intoArray(tile, 6 * L);
        c7.intoArray(tile, 7 * L);
    }

    /** Six large rows against a small side of two vectors ({@code w = 2L}), flat like {@link #rows8}. */
    private static void rows6x2(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int a0 = aOff, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * 2 * L;
            FloatVector y0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector y1 = FloatVector.fromArray(SPECIES, b, bi + L);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + p]);
            c00 = x.fma(y0, c00);
            c01 = x.fma(y1, c01);
            x = FloatVector.broadcast(SPECIES, a[a1 + p]);
            c10 = x.fma(y0, c10);
            c11 = x.fma(y1, c11);
            x = FloatVector.broadcast(SPECIES, a[a2 + p]);
            c20 = x.fma(y0, c20);
            c21 = x.fma(y1, c21);
            x = FloatVector.broadcast(SPECIES, a[a3 + p]);
            c30 = x.fma(y0, c30);
            c31 = x.fma(y1, c31);
            x = FloatVector.broadcast(SPECIES, a[a4 + p]);
            c40 = x.fma(y0, c40);
            c41 = x.fma(y1, c41);
            x = FloatVector.broadcast(SPECIES, a[a5 + p]);
            c50 = x.fma(y0, c50);
            c51 = x.fma(y1, c51);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, 2 * L);
        c11.intoArray(tile, 3 * L);
        c20.intoArray(tile, 4 * L);
        c21.intoArray(tile, 5 * L);
        c30.intoArray(tile, 6 * L);
        c31.intoArray(tile, 7 * L);
        c40.intoArray(tile, 8 * L);
        c41.intoArray(tile, 9 * L);
        c50.intoArray(tile, 10 * L);
        c51.intoArray(tile, 11 * L);
    }
}
