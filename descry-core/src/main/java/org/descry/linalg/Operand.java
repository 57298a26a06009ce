package org.descry.linalg;

import java.lang.foreign.MemorySegment;
import org.descry.data.FloatMatrix;

/**
 * One side of a product {@code C = X·Y} as {@link PackedGemm} sees it: a value {@code v(i, p)} for output index
 * {@code i} and reduction step {@code p}, and the packing of a strip of it into a contiguous panel.
 *
 * <p>{@link Rows} serves {@code A·Bᵀ}: {@code v(i, p) = M[from + i][p]}, so a panel is a transposed block of rows.
 * {@link Columns} serves {@code AᵀA}: {@code v(i, p) = M[p][i] - mean[i]}, so a panel is a stack of contiguous
 * runs of a row. Both read heap matrices straight from their array and others (off-heap, mapped) through bulk
 * {@link MemorySegment#copy} calls, never element by element.
 */
sealed interface Operand {

    /**
     * Writes {@code dst[off + p * width + q] = v(first + q, p0 + p)} for {@code p < kc}, {@code q < count}, and
     * zero for {@code count <= q < width}, so the micro-kernel can always run on whole tiles.
     */
    void pack(int first, int count, int width, int p0, int kc, float[] dst, int off);

    /**
     * {@code v(i, p) = m[from + i][p]}; {@code heap} is {@code m.heapArray()}, looked up once (it costs a
     * segment query, too much to repeat for every six-row panel).
     */
    record Rows(FloatMatrix m, int from, float[] heap) implements Operand {
        Rows(FloatMatrix m, int from) {
            this(m, from, m.heapArray());
        }

        @Override
        public void pack(int first, int count, int width, int p0, int kc, float[] dst, int off) {
            int cols = m.cols();
            float[] stage = heap == null ? new float[kc] : null;
            for (int q = 0; q < count; q++) {
                int row = from + first + q;
                float[] src;
                int base;
                if (heap != null) {
                    src = heap;
                    base = row * cols + p0;
                } else {
                    MemorySegment.copy(m.segment(), FloatMatrix.LAYOUT, 4L * ((long) row * cols + p0), stage, 0, kc);
                    src = stage;
                    base = 0;
                }
                for (int p = 0, d = off + q; p < kc; p++, d += width) {
                    dst[d] = src[base + p];
                }
            }
            for (int q = count; q < width; q++) {
                for (int p = 0, d = off + q; p < kc; p++, d += width) {
                    dst[d] = 0f;
                }
            }
        }
    }

    /**
     * {@code v(i, p) = m[p][i] - mean[i]}, or {@code m[p][i]} when {@code mean} is null. The difference is taken in
     * double and rounded once, so a large mean costs no more than one float32 rounding of the centered value.
     */
    record Columns(FloatMatrix m, double[] mean, float[] heap) implements Operand {
        Columns(FloatMatrix m, double[] mean) {
            this(m, mean, m.heapArray());
        }

        @Override
        public void pack(int first, int count, int width, int p0, int kc, float[] dst, int off) {
            int cols = m.cols();
            for (int p = 0; p < kc; p++) {
                int d = off + p * width;
                long src = (long) (p0 + p) * cols + first;
                if (heap != null) {
                    System.arraycopy(heap, (int) src, dst, d, count);
                } else {
                    MemorySegment.copy(m.segment(), FloatMatrix.LAYOUT, 4L * src, dst, d, count);
                }
                if (mean != null) {
                    for (int q = 0; q < count; q++) {
                        dst[d + q] = (float) (dst[d + q] - mean[first + q]);
                    }
                }
                for (int q = count; q < width; q++) {
                    dst[d + q] = 0f;
                }
            }
        }
    }
}
