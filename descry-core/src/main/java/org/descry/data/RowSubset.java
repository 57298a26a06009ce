package org.descry.data;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Some rows of a matrix, picked by index and read in place: what a fit over a subset of a large set (the study's
 * inliers, 97% of a 4.26 GB mapped descriptor set) reads instead of a {@link FloatMatrix#selectRows} copy of them.
 *
 * <p>Its rows are numbered {@code 0 .. rows() - 1} in the order of the index, and {@link #copyRows} gathers them
 * into a block buffer, so a pass written over {@code copyRows} blocks sees exactly the rows, in exactly the blocks,
 * that it would see on the copy, and computes the same bits. Runs of consecutive indices are copied as one bulk
 * copy, so a mostly-contiguous index (inliers) costs little more than a contiguous read.
 */
public final class RowSubset {

    private final FloatMatrix matrix;
    private final int[] index;

    private RowSubset(FloatMatrix matrix, int[] index) {
        this.matrix = matrix;
        this.index = index;
    }

    /** Every row of {@code matrix}, in order. */
    public static RowSubset all(FloatMatrix matrix) {
        return new RowSubset(Objects.requireNonNull(matrix, "matrix"), null);
    }

    /**
     * Rows {@code rows[0], rows[1], ...} of {@code matrix} (copied; repeats allowed), or every row when {@code rows}
     * is null.
     */
    public static RowSubset of(FloatMatrix matrix, int[] rows) {
        Objects.requireNonNull(matrix, "matrix");
        if (rows == null) {
            return all(matrix);
        }
        int[] index = rows.clone();
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= matrix.rows()) {
                throw new IndexOutOfBoundsException("rows[" + i + "] = " + index[i] + " is not a row of a "
                        + matrix.rows() + "-row matrix");
            }
        }
        return new RowSubset(matrix, index);
    }

    /** The matrix the rows are read from. */
    public FloatMatrix matrix() {
        return matrix;
    }

    /** True when this is every row of {@link #matrix()} in order. */
    public boolean isAll() {
        return index == null;
    }

    public int rows() {
        return index == null ? matrix.rows() : index.length;
    }

    public int cols() {
        return matrix.cols();
    }

    /** The row of {@link #matrix()} that is row {@code i} here. */
    public int row(int i) {
        return index == null ? Objects.checkIndex(i, matrix.rows()) : index[i];
    }

    /** Copies rows {@code [from, to)} of the subset into {@code dst[dstOffset ..]}, row-major. */
    public void copyRows(int from, int to, float[] dst, int dstOffset) {
        if (index == null) {
            matrix.copyRows(from, to, dst, dstOffset);
            return;
        }
        Objects.checkFromToIndex(from, to, index.length);
        int cols = matrix.cols();
        MemorySegment seg = matrix.segment();
        for (int i = from; i < to; ) {
            int run = 1;
            while (i + run < to && index[i + run] == index[i] + run) {
                run++;
            }
            MemorySegment.copy(seg, FloatMatrix.LAYOUT, 4L * index[i] * cols, dst, dstOffset + (i - from) * cols,
                    run * cols);
            i += run;
        }
    }

    /**
     * The rows as a matrix: {@link #matrix()} itself when this is every row, else a new copy
     * ({@link FloatMatrix#selectRows}).
     */
    public FloatMatrix materialize() {
        return index == null ? matrix : matrix.selectRows(index);
    }

    @Override
    public String toString() {
        return "RowSubset[" + rows() + " of " + matrix + "]";
    }
}
