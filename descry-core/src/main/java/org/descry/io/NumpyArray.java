package org.descry.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;

/**
 * One numpy array as read from a file: its shape, dtype, byte order and memory order, and its bytes exactly
 * as numpy laid them out, without conversion.
 *
 * <p>The bytes are held as a {@link MemorySegment}: usually a read-only slice of a mapping of the source file
 * (the payload of a protocol 3-5 pickle, of an {@code .npy} file or of a stored {@code .npz} entry sits there
 * contiguously), otherwise memory decoded from a protocol 0-2 pickle or a deflated npz entry. Keeping the raw
 * layout lets {@link #toFloatMatrix()} hand out the mapping itself for the common case (little-endian C-order
 * float32, the way PyTorch and TensorFlow embeddings are saved) and lets {@link #stats()} look at the values
 * as stored, before any float32 rounding.
 */
public final class NumpyArray {

    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT_LE = FloatMatrix.LAYOUT;
    private static final ValueLayout.OfFloat FLOAT_BE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE_BE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** Elements summed in float64 before the partial sum joins the total: keeps rounding error low on 1e9 values. */
    private static final int SUM_BLOCK = 4096;

    private final Path source;
    private final String label;
    private final long[] shape;
    private final DType dtype;
    private final ByteOrder byteOrder;
    private final boolean fortranOrder;
    private final MemorySegment data;
    private final long fileOffset;
    private final long size;

    NumpyArray(String label, Path source, long[] shape, DType dtype, ByteOrder byteOrder, boolean fortranOrder,
               MemorySegment data, long fileOffset) {
        this.source = Objects.requireNonNull(source, "source");
        this.label = Objects.requireNonNull(label, "label");
        this.shape = shape.clone();
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.byteOrder = dtype.itemSize() == 1 ? ByteOrder.LITTLE_ENDIAN : Objects.requireNonNull(byteOrder, "byteOrder");
        this.fortranOrder = fortranOrder;
        this.data = Objects.requireNonNull(data, "data");
        this.fileOffset = fileOffset;
        this.size = elementCount(this.shape);
        if (size < 0 || Math.multiplyHigh(size, dtype.itemSize()) != 0 || size * dtype.itemSize() != data.byteSize()) {
            throw new IllegalArgumentException("data holds " + data.byteSize() + " bytes, shape " + shapeString(shape)
                    + " of " + dtype + " needs " + size + " x " + dtype.itemSize());
        }
    }

    /** The product of {@code shape}, or -1 on a negative dimension or overflow. */
    static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return n;
    }

    /** numpy's notation: {@code (257, 33)}, {@code (257,)}, {@code ()}. */
    static String shapeString(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    /** The file the array was read from. */
    public Path source() {
        return source;
    }

    /** The dimensions, outermost first (a copy). */
    public long[] shape() {
        return shape.clone();
    }

    public int ndim() {
        return shape.length;
    }

    /** Number of elements: the product of the shape. */
    public long size() {
        return size;
    }

    public DType dtype() {
        return dtype;
    }

    /** Byte order of the stored elements (little-endian for 1-byte dtypes). */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /** True when the elements are stored column-major (numpy {@code order='F'}). */
    public boolean fortranOrder() {
        return fortranOrder;
    }

    /** True when the bytes are a mapping of the source file rather than a copy in memory. */
    public boolean isMapped() {
        return data.isMapped();
    }

    /** Where the element bytes start in {@link #source()}, or -1 when they were decoded into memory. */
    public long fileOffset() {
        return fileOffset;
    }

    /** The element bytes, read-only, in the stored byte order and memory order. */
    public MemorySegment rawBytes() {
        return data.asReadOnly();
    }

    /** Rows of a 2-D array; throws {@link DescryException} for any other rank. */
    public int rows() {
        require2D();
        return (int) shape[0];
    }

    /** Columns of a 2-D array; throws {@link DescryException} for any other rank. */
    public int cols() {
        require2D();
        return (int) shape[1];
    }

    /** Element {@code (row, col)} of a 2-D array, widened to double. */
    public double get(long row, long col) {
        require2D();
        Objects.checkIndex(row, shape[0]);
        Objects.checkIndex(col, shape[1]);
        return valueAt(fortranOrder ? col * shape[0] + row : row * shape[1] + col);
    }

    /**
     * The array as a float32 matrix. A little-endian C-order float32 array is returned as a view of its bytes
     * (for a file payload: the read-only mapping itself, nothing copied); every other layout or dtype is
     * converted into a new matrix (float64 and 64-bit integers round to the nearest float32).
     *
     * @throws DescryException when the array is not 2-D (the message gives its shape) or too large for memory
     */
    public FloatMatrix toFloatMatrix() {
        require2D();
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        boolean cLayout = !fortranOrder || rows <= 1 || cols <= 1;
        if (dtype == DType.FLOAT32 && byteOrder == ByteOrder.LITTLE_ENDIAN && cLayout) {
            return FloatMatrix.of(data, rows, cols);
        }
        FloatMatrix out;
        try {
            out = FloatMatrix.zeros(rows, cols);
        } catch (OutOfMemoryError e) {
            throw new DescryException(label + ": not enough memory to convert the " + shapeString(shape) + " " + dtype
                    + " array to float32 (" + 4L * size + " bytes)");
        }
        MemorySegment dst = out.segment();
        if (fortranOrder) {
            long i = 0;
            for (long c = 0; c < cols; c++) {
                for (long r = 0; r < rows; r++) {
                    dst.set(FloatMatrix.LAYOUT, 4 * (r * cols + c), (float) valueAt(i++));
                }
            }
        } else {
            for (long i = 0; i < size; i++) {
                dst.set(FloatMatrix.LAYOUT, 4 * i, (float) valueAt(i));
            }
        }
        return out;
    }

    /**
     * Sum and non-finite counts over the stored values, in one streaming pass over the bytes (see
     * {@link ArrayStats}). Rows are entries of the first axis.
     */
    public ArrayStats stats() {
        long rows = shape.length == 0 ? 1 : shape[0];
        long rowLength = rows == 0 ? 0 : size / rows;
        double total = 0;
        double block = 0;
        int inBlock = 0;
        long nan = 0;
        long inf = 0;
        long[] badRowBits = null;
        long badRows = 0;
        long firstBad = -1;
        boolean fastFloat32 = dtype == DType.FLOAT32 && byteOrder == ByteOrder.LITTLE_ENDIAN;
        for (long i = 0; i < size; i++) {
            double v = fastFloat32 ? data.get(FLOAT_LE, 4 * i) : valueAt(i);
            if (Double.isFinite(v)) {
                block += v;
                if (++inBlock == SUM_BLOCK) {
                    total += block;
                    block = 0;
                    inBlock = 0;
                }
                continue;
            }
            if (Double.isNaN(v)) {
                nan++;
            } else {
                inf++;
            }
            long row = fortranOrder ? i % rows : i / rowLength;
            if (badRowBits == null) {
                badRowBits = new long[(int) ((rows + 63) >>> 6)];
            }
            long bit = 1L << (row & 63);
            int word = (int) (row >>> 6);
            if ((badRowBits[word] & bit) == 0) {
                badRowBits[word] |= bit;
                badRows++;
                if (firstBad < 0 || row < firstBad) {
                    firstBad = row;
                }
            }
        }
        return new ArrayStats(size, total + block, nan, inf, badRows, firstBad);
    }

    /** Element number {@code i} in storage order, widened to double. */
    double valueAt(long i) {
        boolean le = byteOrder == ByteOrder.LITTLE_ENDIAN;
        return switch (dtype) {
            case BOOL -> data.get(ValueLayout.JAVA_BYTE, i) != 0 ? 1 : 0;
            case INT8 -> data.get(ValueLayout.JAVA_BYTE, i);
            case UINT8 -> Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, i));
            case INT16 -> data.get(le ? SHORT_LE : SHORT_BE, 2 * i);
            case UINT16 -> Short.toUnsignedInt(data.get(le ? SHORT_LE : SHORT_BE, 2 * i));
            case INT32 -> data.get(le ? INT_LE : INT_BE, 4 * i);
            case UINT32 -> Integer.toUnsignedLong(data.get(le ? INT_LE : INT_BE, 4 * i));
            case INT64 -> data.get(le ? LONG_LE : LONG_BE, 8 * i);
            case UINT64 -> unsignedToDouble(data.get(le ? LONG_LE : LONG_BE, 8 * i));
            case FLOAT16 -> Float.float16ToFloat(data.get(le ? SHORT_LE : SHORT_BE, 2 * i));
            case FLOAT32 -> data.get(le ? FLOAT_LE : FLOAT_BE, 4 * i);
            case FLOAT64 -> data.get(le ? DOUBLE_LE : DOUBLE_BE, 8 * i);
        };
    }

    private static double unsignedToDouble(long v) {
        double d = (double) (v >>> 1) * 2.0;
        return d + (v & 1);
    }

    private void require2D() {
        if (shape.length != 2) {
            throw new DescryException(label + ": a 2-D array (rows x columns) is needed, this one is " + shape.length
                    + "-D with shape " + shapeString(shape));
        }
        if (shape[0] > Integer.MAX_VALUE || shape[1] > Integer.MAX_VALUE) {
            throw new DescryException(label + ": shape " + shapeString(shape) + " has more than "
                    + Integer.MAX_VALUE + " rows or columns");
        }
    }

    @Override
    public String toString() {
        return "NumpyArray[" + label + " " + dtype + " " + shapeString(shape)
                + (fortranOrder ? " F" : "") + (byteOrder == ByteOrder.BIG_ENDIAN ? " big-endian" : "")
                + (isMapped() ? " mapped" : "") + "]";
    }

}
