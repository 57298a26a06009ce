package org.descry.data;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The one dense matrix type of Descry: float32, row-major, contiguous, backed by a {@link MemorySegment}.
 *
 * <p>The segment may live on the heap (a {@code float[]}), off-heap (an {@link Arena}) or in a memory-mapped
 * file, so a 416,314 x 2560 descriptor set (4.26 GB) is used in place without a copy. Values are little-endian
 * and need not be 4-byte aligned: the payload of a numpy pickle starts at whatever byte offset the pickle
 * stream puts it. Row {@code r} starts at byte {@code 4 * r * cols}.
 *
 * <p>Hot loops should not call {@link #get} per element: they copy blocks of rows into a {@code float[]}
 * with {@link #copyRows} (a bulk copy) or, for heap matrices, use {@link #heapArray()} directly, and run
 * the kernels of {@code org.descry.linalg} on them.
 */
public final class FloatMatrix {

    /** Little-endian, unaligned float: the layout of numpy's {@code <f4} wherever it sits in a file. */
    public static final ValueLayout.OfFloat LAYOUT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment segment;
    private final int rows;
    private final int cols;

    private FloatMatrix(MemorySegment segment, int rows, int cols) {
        this.segment = segment;
        this.rows = rows;
        this.cols = cols;
    }

    /** A view of {@code rows x cols} floats at the start of {@code segment} (little-endian). */
    public static FloatMatrix of(MemorySegment segment, int rows, int cols) {
        Objects.requireNonNull(segment, "segment");
        checkShape(rows, cols);
        long need = 4L * rows * cols;
        if (segment.byteSize() < need) {
            throw new IllegalArgumentException("segment holds " + segment.byteSize() + " bytes, a " + rows + " x "
                    + cols + " float32 matrix needs " + need);
        }
        return new FloatMatrix(segment.byteSize() == need ? segment : segment.asSlice(0, need), rows, cols);
    }

    /** Largest matrix {@link #zeros} puts on the Java heap: 1 GB; larger ones go off-heap. */
    public static final long HEAP_LIMIT_FLOATS = 1L << 28;

    /**
     * A zero matrix: on the heap (a {@code float[]}, fastest for kernels) up to {@link #HEAP_LIMIT_FLOATS},
     * off-heap above, so that a full-size descriptor set does not need a Java heap of its size. Off-heap memory
     * is freed when the matrix is no longer reachable.
     */
    public static FloatMatrix zeros(int rows, int cols) {
        checkShape(rows, cols);
        long n = (long) rows * cols;
        if (n <= HEAP_LIMIT_FLOATS) {
            return new FloatMatrix(MemorySegment.ofArray(new float[(int) n]), rows, cols);
        }
        return new FloatMatrix(Arena.ofAuto().allocate(4 * n, 64), rows, cols);
    }

    /** Wraps {@code data} (row-major, length {@code rows * cols}) without a copy. */
    public static FloatMatrix wrap(float[] data, int rows, int cols) {
        Objects.requireNonNull(data, "data");
        checkShape(rows, cols);
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("data has " + data.length + " values, " + rows + " x " + cols
                    + " needs " + (long) rows * cols);
        }
        return new FloatMatrix(MemorySegment.ofArray(data), rows, cols);
    }

    /** Copies a {@code float[rows][cols]}; for tests and small inputs only. */
    public static FloatMatrix fromRows(float[][] data) {
        int r = data.length;
        int c = r == 0 ? 0 : data[0].length;
        float[] flat = new float[r * c];
        for (int i = 0; i < r; i++) {
            if (data[i].length != c) {
                throw new IllegalArgumentException("row " + i + " has " + data[i].length + " values, row 0 has " + c);
            }
            System.arraycopy(data[i], 0, flat, i * c, c);
        }
        return wrap(flat, r, c);
    }

    /**
     * Maps {@code rows x cols} little-endian floats of {@code file} starting at byte {@code offset}, read-only.
     * The mapping lives as long as the returned matrix is reachable; nothing is copied.
     */
    public static FloatMatrix map(Path file, long offset, int rows, int cols) throws IOException {
        checkShape(rows, cols);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        long need = 4L * rows * cols;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() < offset + need) {
                throw new IOException(file + ": truncated: " + rows + " x " + cols + " float32 needs "
                        + (offset + need) + " bytes, the file has " + ch.size());
            }
            if (need == 0) {
                return new FloatMatrix(MemorySegment.ofArray(new float[0]), rows, cols);
            }
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, offset, need, Arena.ofAuto());
            return new FloatMatrix(seg, rows, cols);
        }
    }

    private static void checkShape(int rows, int cols) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        if (cols < 0) {
            throw new IllegalArgumentException("cols must be >= 0, got " + cols);
        }
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The backing memory: {@code 4 * rows * cols} bytes, row-major, little-endian. */
    public MemorySegment segment() {
        return segment;
    }

    /** True when the backing memory is a read-only mapping or view. */
    public boolean isReadOnly() {
        return segment.isReadOnly();
    }

    /**
     * The backing {@code float[]} when this matrix is a whole heap array (so kernels can run on it directly),
     * or {@code null}.
     */
    public float[] heapArray() {
        if (segment.heapBase().orElse(null) instanceof float[] a && a.length == (long) rows * cols
                && segment.address() == 0) {
            return a;
        }
        return null;
    }

    public float get(int row, int col) {
        return segment.get(LAYOUT, offset(row, col));
    }

    public void set(int row, int col, float value) {
        segment.set(LAYOUT, offset(row, col), value);
    }

    private long offset(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return 4L * ((long) row * cols + col);
    }

    /** Rows {@code [from, to)} as a matrix sharing this one's memory. */
    public FloatMatrix rowRange(int from, int to) {
        Objects.checkFromToIndex(from, to, rows);
        return new FloatMatrix(segment.asSlice(4L * from * cols, 4L * (to - from) * cols), to - from, cols);
    }

    /** Row {@code r} as a 1 x cols matrix sharing this one's memory. */
    public FloatMatrix row(int r) {
        return rowRange(r, r + 1);
    }

    /** Copies row {@code r} into {@code dst[dstOffset ..]}. */
    public void copyRow(int r, float[] dst, int dstOffset) {
        Objects.checkIndex(r, rows);
        MemorySegment.copy(segment, LAYOUT, 4L * r * cols, dst, dstOffset, cols);
    }

    /** Row {@code r} as a new array. */
    public float[] rowArray(int r) {
        float[] out = new float[cols];
        copyRow(r, out, 0);
        return out;
    }

    /** Copies rows {@code [from, to)} into {@code dst[dstOffset ..]}, row-major (one bulk copy). */
    public void copyRows(int from, int to, float[] dst, int dstOffset) {
        Objects.checkFromToIndex(from, to, rows);
        MemorySegment.copy(segment, LAYOUT, 4L * from * cols, dst, dstOffset, (to - from) * cols);
    }

    /** Writes {@code src[srcOffset ..]} into row {@code r}. */
    public void setRow(int r, float[] src, int srcOffset) {
        Objects.checkIndex(r, rows);
        MemorySegment.copy(src, srcOffset, segment, LAYOUT, 4L * r * cols, cols);
    }

    /** A heap copy (for small matrices; throws when it does not fit one array). */
    public float[] toArray() {
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(rows + " x " + cols + " does not fit one float[]");
        }
        float[] out = new float[(int) n];
        MemorySegment.copy(segment, LAYOUT, 0, out, 0, (int) n);
        return out;
    }

    /** The given rows, in the given order, as a new writable matrix (heap when it fits). */
    public FloatMatrix selectRows(int[] rowIndices) {
        Objects.requireNonNull(rowIndices, "rowIndices");
        FloatMatrix out = zeros(rowIndices.length, cols);
        long width = 4L * cols;
        for (int i = 0; i < rowIndices.length; i++) {
            Objects.checkIndex(rowIndices[i], rows);
            MemorySegment.copy(segment, width * rowIndices[i], out.segment, width * i, width);
        }
        return out;
    }

    /**
     * Lets the operating system drop the pages of a mapped matrix from this process's memory; the next read brings
     * them back from the file (usually from the page cache, without disk reads). A full-size descriptor set is
     * 4 GB of mapped pages that would otherwise count in the process's resident memory long after its last pass.
     * A no-op for heap and off-heap matrices.
     */
    public void unload() {
        if (segment.isMapped()) {
            segment.unload();
        }
    }

    /** A writable copy with the same values (heap when it fits). */
    public FloatMatrix copy() {
        FloatMatrix out = zeros(rows, cols);
        MemorySegment.copy(segment, 0, out.segment, 0, segment.byteSize());
        return out;
    }

    @Override
    public String toString() {
        return "FloatMatrix[" + rows + " x " + cols + "]";
    }
}
