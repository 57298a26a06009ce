package org.descry.linalg;

import static org.descry.linalg.MicroKernel.MR;
import static org.descry.linalg.MicroKernel.NR;

import org.descry.data.Workers;

/**
 * Blocked, packed, multi-threaded {@code C = X·Y} for the products of {@link VectorKernels}: {@code n x m} output,
 * {@code k} reduction steps, operands given as {@link Operand}s.
 *
 * <p>The loop structure is the one of Goto &amp; van de Geijn, "Anatomy of High-Performance Matrix
 * Multiplication", ACM TOMS 34(3), 2008, with the roles of the packed operands chosen for a row-major result:
 * <ol>
 * <li>columns of {@code C} in chunks of up to {@link #PACK_COLS}, reduction steps in blocks of {@link #KC};
 * <li>for each block, the {@code KC x cols} slice of {@code Y} is packed once into micro-panels of {@code NR}
 *     columns (shared, up to 4 MB: lives in L3), the packing itself spread over the threads;
 * <li>tasks of {@link #MC} rows: a task packs its {@code MC x KC} block of {@code X} once (48 KB, in L2) and,
 *     {@link #NC} columns at a time ({@code KC x NC} of packed {@code Y}: 512 KB, in the 1 MB L2 of a Zen 4
 *     core), runs each {@code MR x KC} micro-panel of it (6 KB, in L1) across those columns;
 * <li>each {@code MR x NR} tile goes through {@link MicroKernel#tile}.
 * </ol>
 * Edges need no special kernel: packing pads partial micro-panels with zeros and partial tiles go through a
 * small scratch tile. Products {@code A·Bᵀ} with a side of at most {@link SkinnyGemm#MAX_SMALL} rows go to
 * {@link SkinnyGemm} instead, which gives the same bits without packing the large side.
 *
 * <p>Precision: within a {@code KC} block each output accumulates in float32 by fused multiply-add, in order of
 * {@code p}. The block sums are then added in order of blocks into the float output ({@link FloatOut}), giving
 * the bound {@code |C - XY| <= gamma(KC + ceil(k / KC)) * sum_p |x_ip y_pj|} with
 * {@code gamma(j) = j u / (1 - j u)}, {@code u = 2^-24} (Higham, "Accuracy and Stability of Numerical
 * Algorithms", 2nd ed., 2002, section 3.1 and 4.2), or into a double output ({@link DoubleOut}), where the sum
 * over blocks adds only {@code gamma_double(ceil(k / KC))}, so the bound stays near {@code (KC + 1) u} however
 * many rows a Gram matrix sums. Because every output cell is computed by the same operations in the same order
 * whatever task or thread computes it, the result is bitwise the same for every thread count.
 */
final class PackedGemm {

    /** Reduction steps per block: an {@code MR x KC} panel of X is 6 KB (L1 is 32 KB). */
    static final int KC = Kernels.REDUCTION_BLOCK;
    /** Columns of C per sweep of a task: a {@code KC x NC} part of packed Y is 512 KB (L2 is 1 MB). */
    static final int NC = 64 * NR;
    /** Rows of C per task: 48, so that even a few hundred rows split evenly between threads. */
    static final int MC = 8 * MR;
    /** Columns of Y packed at once: {@code KC x PACK_COLS} floats, 4 MB. */
    static final int PACK_COLS = 64 * NR;

    private PackedGemm() {}

    /** Where finished blocks of tiles go. */
    sealed interface Sink permits FloatOut, DoubleOut {}

    /** Row-major float output {@code out[i * ldc + j]}: the first block stores, later blocks add. */
    record FloatOut(float[] out, int ldc) implements Sink {}

    /** Row-major double output {@code out[i * ldc + j]}: every block adds to what is there. */
    record DoubleOut(double[] out, int ldc) implements Sink {}

    /**
     * Computes {@code C = X·Y} into {@code sink}; with {@code upperOnly}, tiles wholly below the diagonal are
     * skipped (the caller mirrors a symmetric result).
     */
    static void multiply(Operand x, Operand y, int n, int m, int k, Sink sink, boolean upperOnly, int threads) {
        if (n == 0 || m == 0) {
            return;
        }
        if (k == 0) {
            if (sink instanceof FloatOut(float[] out, int ldc)) {
                for (int i = 0; i < n; i++) {
                    java.util.Arrays.fill(out, i * ldc, i * ldc + m, 0f);
                }
            }
            return;
        }
        if (sink instanceof FloatOut(float[] out, int ldc) && x instanceof Operand.Rows xr
                && y instanceof Operand.Rows yr && Math.min(n, m) <= SkinnyGemm.MAX_SMALL) {
            if (m <= n) {
                SkinnyGemm.multiply(xr, n, yr, m, k, out, ldc, false, threads);
            } else {
                SkinnyGemm.multiply(yr, m, xr, n, k, out, ldc, true, threads);
            }
            return;
        }
        packed(x, y, n, m, k, sink, upperOnly, threads);
    }

    /** {@link #multiply} always through the packed kernel (package-private for the tests of {@link SkinnyGemm}). */
    static void packed(Operand x, Operand y, int n, int m, int k, Sink sink, boolean upperOnly, int threads) {
        int packCols = Math.min(PACK_COLS, roundUp(m, NR));
        float[] yPack = new float[KC * packCols];
        for (int jc = 0; jc < m; jc += PACK_COLS) {
            int jcEnd = Math.min(m, jc + PACK_COLS);
            int panels = (jcEnd - jc + NR - 1) / NR;
            int rowBlocks = (n + MC - 1) / MC;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean first = pc == 0;
                int jc0 = jc;
                int pc0 = pc;
                Workers.forEach(threads, panels, t -> {
                    int j = jc0 + t * NR;
                    y.pack(j, Math.min(NR, jcEnd - j), NR, pc0, kc, yPack, t * kc * NR);
                });
                Workers.forEach(threads, rowBlocks, rb -> block(x, x == y, yPack, kc, pc0, rb * MC,
                        Math.min(n, rb * MC + MC), jc0, jcEnd, sink, first, upperOnly));
            }
        }
    }

    /**
     * One task: rows {@code [i0, i1)} of C against the packed chunk of columns {@code [jc, jcEnd)}. The task packs
     * its {@code MC x KC} block of X once (48 KB: stays in L2 next to the {@code KC x NC} part of Y in use) and
     * sweeps it over the chunk {@code NC} columns at a time. When X is Y ({@code fromY}, the Gram case), a row
     * panel inside the chunk is copied out of the packed Y rather than read again from the matrix: for a large
     * off-heap matrix that replaces {@code KC} small segment copies per panel with array copies.
     */
    private static void block(Operand x, boolean fromY, float[] yPack, int kc, int pc, int i0, int i1, int jc,
            int jcEnd, Sink sink, boolean first, boolean upperOnly) {
        if (upperOnly && jcEnd <= i0) {
            return;
        }
        int panels = (i1 - i0 + MR - 1) / MR;
        float[] xPack = new float[panels * MR * kc];
        for (int q = 0; q < panels; q++) {
            int i = i0 + q * MR;
            int rows = Math.min(MR, i1 - i);
            if (upperOnly && jcEnd <= i) {
                break;
            }
            if (fromY && i >= jc && i + rows <= jcEnd) {
                packFromY(yPack, kc, i - jc, rows, xPack, q * MR * kc);
            } else {
                x.pack(i, rows, MR, pc, kc, xPack, q * MR * kc);
            }
        }
        float[] scratch = new float[MR * NR];
        for (int j0 = jc; j0 < jcEnd; j0 += NC) {
            int j1 = Math.min(jcEnd, j0 + NC);
            for (int q = 0; q < panels; q++) {
                int i = i0 + q * MR;
                int rows = Math.min(MR, i1 - i);
                if (upperOnly && j1 <= i) {
                    break;
                }
                for (int j = j0; j < j1; j += NR) {
                    if (upperOnly && j + NR <= i) {
                        continue;
                    }
                    tile(kc, xPack, q * MR * kc, yPack, ((j - jc) / NR) * kc * NR, i, j, rows, Math.min(NR, j1 - j),
                            sink, first, scratch);
                }
            }
        }
    }

    /** One {@code MR x NR} tile of C at {@code (i, j)}, of which {@code rows x cols} are inside C. */
    private static void tile(int kc, float[] xPack, int xOff, float[] yPack, int yOff, int i, int j, int rows,
            int cols, Sink sink, boolean first, float[] scratch) {
        if (sink instanceof FloatOut(float[] out, int ldc)) {
            if (rows == MR && cols == NR) {
                MicroKernel.tile(kc, xPack, xOff, yPack, yOff, out, i * ldc + j, ldc, !first);
                return;
            }
            MicroKernel.tile(kc, xPack, xOff, yPack, yOff, scratch, 0, NR, false);
            for (int r = 0; r < rows; r++) {
                int o = (i + r) * ldc + j;
                for (int c = 0; c < cols; c++) {
                    out[o + c] = first ? scratch[r * NR + c] : out[o + c] + scratch[r * NR + c];
                }
            }
        } else if (sink instanceof DoubleOut(double[] out, int ldc)) {
            MicroKernel.tile(kc, xPack, xOff, yPack, yOff, scratch, 0, NR, false);
            for (int r = 0; r < rows; r++) {
                int o = (i + r) * ldc + j;
                for (int c = 0; c < cols; c++) {
                    out[o + c] += scratch[r * NR + c];
                }
            }
        }
    }

    /** {@code xPack[off + p * MR + r] = v(first + r, p)} from the packed Y micro-panels (zero past {@code rows}). */
    private static void packFromY(float[] yPack, int kc, int first, int rows, float[] xPack, int off) {
        for (int r = 0; r < MR; r++) {
            if (r >= rows) {
                for (int p = 0; p < kc; p++) {
                    xPack[off + p * MR + r] = 0f;
                }
                continue;
            }
            int col = first + r;
            int src = (col / NR) * kc * NR + col % NR;
            for (int p = 0; p < kc; p++) {
                xPack[off + p * MR + r] = yPack[src + p * NR];
            }
        }
    }

    private static int roundUp(int v, int to) {
        return (v + to - 1) / to * to;
    }
}
