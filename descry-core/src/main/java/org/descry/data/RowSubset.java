package org.descry.data;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Some rows of a matrix, picked by index and read in place: what a fit over a subset of a large set (the study's
 * inliers, 97% of a 4.26 GB mapped descriptor set) reads instead of a {@link FloatMatrix#selectRows} copy of them.
 *
 * <p>Its rows are numbered {@code 0 .. rows() - 1} in the order of the index, and {@link #copyRows} gathers them
 * into a block buffer, so a pass written over {@code copyRows} blocks sees exactly the rows, in exactly the blocks,
 * that it would see on the copy, and computes the same bits. Runs of consecutive indices are copied as one bulk
 * copy, so a mostly-contiguous index (inliers) costs little more than a contiguous read.
 *
 * <p>A subset may also be {@link #transformed}: each gathered block then goes through a row transform (a scaler's
 * {@code transformRows}) before the pass sees it, so a fit over scaled rows (a PCA after an {@code l2} or
 * {@code hellinger} scaler) needs no scaled copy either.
 *
 * <p>And a subset of a mapped matrix may {@link #releasingPages release the pages} of the rows it has gathered: a
 * fit makes three or four passes over a 4.26 GB set, and without that every page read stays in the process's
 * resident memory until the last pass is over; with it the resident part is the blocks in flight, and each pass
 * reads the pages back from the page cache (minor faults, no disk reads while the file stays cached).
 */
public final class RowSubset {

    /** Changes {@code rows} rows stored row-major in {@code block[offset ..]} in place. */
    @FunctionalInterface
    public interface RowTransform {
        void apply(float[] block, int offset, int rows);
    }

    private final FloatMatrix matrix;
    private final int[] index;
    private final RowTransform transform;
    private final boolean release;

    private RowSubset(FloatMatrix matrix, int[] index, RowTransform transform, boolean release) {
        this.matrix = matrix;
        this.index = index;
        this.transform = transform;
        this.release = release;
    }

    /** Every row of {@code matrix}, in order. */
    public static RowSubset all(FloatMatrix matrix) {
        return new RowSubset(Objects.requireNonNull(matrix, "matrix"), null, null, false);
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
        return new RowSubset(matrix, index, null, false);
    }

    /**
     * These rows as {@code transform} leaves them: every block {@link #copyRows} gathers is transformed in place
     * after any transform this subset already has.
     */
    public RowSubset transformed(RowTransform transform) {
        Objects.requireNonNull(transform, "transform");
        RowTransform first = this.transform;
        RowTransform both = first == null ? transform : (block, offset, rows) -> {
            first.apply(block, offset, rows);
            transform.apply(block, offset, rows);
        };
        return new RowSubset(matrix, index, both, release);
    }

    /**
     * These rows, with the pages of each gathered block handed back to the operating system after the copy when
     * {@link #matrix()} is mapped ({@link FloatMatrix#unload} of the span of the block's rows; nothing otherwise).
     * A block is released when its rows lie close together (a span of at most twice their count: inliers) or
     * increase (a sorted sample: consecutive blocks then span disjoint stretches of the file, so releasing one
     * drops no page another block still has to read). The second case is the study's 50,000-row sample of a
     * 416,314-row set: one row in eight, so the kernel's fault-around maps most of the file, 2.5 GB of a 4.26 GB
     * set, unless each block is released as it is copied. Passes that read the matrix other than through
     * {@link #copyRows} (the column gathers of {@code RobustScaler}) keep their pages.
     */
    public RowSubset releasingPages() {
        return new RowSubset(matrix, index, transform, true);
    }

    /** The matrix the rows are read from (before any {@link #transformed transform}). */
    public FloatMatrix matrix() {
        return matrix;
    }

    /** True when this is every row of {@link #matrix()} in order, untransformed: the matrix itself. */
    public boolean isAll() {
        return index == null && transform == null && !release;
    }

    /** True when gathered rows go through a {@link #transformed transform}. */
    public boolean isTransformed() {
        return transform != null;
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
        gather(from, to, dst, dstOffset);
        if (release && to > from) {
            releasePages(from, to);
        }
        if (transform != null) {
            transform.apply(dst, dstOffset, to - from);
        }
    }

    private void releasePages(int from, int to) {
        if (!matrix.segment().isMapped()) {
            return;
        }
        int lo = row(from);
        int hi = lo;
        boolean increasing = true;
        if (index != null) {
            for (int i = from; i < to; i++) {
                lo = Math.min(lo, index[i]);
                hi = Math.max(hi, index[i]);
                increasing &= i == from || index[i] > index[i - 1];
            }
        } else {
            hi = to - 1;
        }
        if (increasing || hi - lo + 1L <= 2L * (to - from)) {
            matrix.rowRange(lo, hi + 1).unload();
        }
    }

    private void gather(int from, int to, float[] dst, int dstOffset) {
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
     * The rows as a matrix: {@link #matrix()} itself when this is every row untransformed, else a new copy (as
     * {@link FloatMatrix#selectRows}, then transformed), gathered block by block through {@link #copyRows} when
     * pages are {@link #releasingPages released}, so that only the blocks in flight stay resident.
     */
    public FloatMatrix materialize() {
        if (transform == null && index == null) {
            return matrix;
        }
        if (transform == null && !release) {
            return matrix.selectRows(index);
        }
        int n = rows();
        int d = cols();
        FloatMatrix out = FloatMatrix.zeros(n, d);
        int br = RowBlocks.blockRows(d);
        IntStream.range(0, (n + br - 1) / br).parallel().forEach(b -> {
            int from = b * br;
            int to = Math.min(n, from + br);
            float[] buf = new float[(to - from) * d];
            copyRows(from, to, buf, 0);
            MemorySegment.copy(buf, 0, out.segment(), FloatMatrix.LAYOUT, 4L * from * d, buf.length);
        });
        return out;
    }

    @Override
    public String toString() {
        return "RowSubset[" + rows() + " of " + matrix + (transform == null ? "" : ", transformed") + "]";
    }
}
