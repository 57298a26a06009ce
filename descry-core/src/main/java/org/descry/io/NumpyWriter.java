package org.descry.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.descry.data.FloatMatrix;

/**
 * Writes 2-D float32 and int arrays as numpy loads them: {@code .npy} (format version 1.0) and Python pickle
 * protocol 4 of a {@code numpy.ndarray}.
 *
 * <p>The pickle names only {@code numpy.core.multiarray._reconstruct}, {@code numpy.ndarray} and
 * {@code numpy.dtype}, as numpy 1.x's own {@code pickle.dumps(array, protocol=4)} does; numpy 2.x loads
 * those names too. The array bytes are one {@code BINBYTES8} block, so {@link NumpyReader} maps them back
 * without a copy. Every write goes to a temporary file beside the target, then is renamed over it: a reader
 * never sees half a file, and a failed write leaves an earlier file intact.
 */
public final class NumpyWriter {

    private NumpyWriter() {}

    /** Writes {@code m} as a little-endian float32 {@code .npy} file. */
    public static void writeNpy(Path file, FloatMatrix m) throws IOException {
        Objects.requireNonNull(m, "matrix");
        atomically(file, out -> {
            out.write(npyHeader("<f4", m.rows(), m.cols()));
            writeSegment(out, m.segment());
        });
    }

    /** Writes a row-major {@code rows x cols} int32 array as an {@code .npy} file. */
    public static void writeNpy(Path file, int[] data, int rows, int cols) throws IOException {
        checkLength(data.length, rows, cols);
        atomically(file, out -> {
            out.write(npyHeader("<i4", rows, cols));
            writeSegment(out, MemorySegment.ofArray(data));
        });
    }

    /** Writes a row-major {@code rows x cols} float64 array as an {@code .npy} file. */
    public static void writeNpy(Path file, double[] data, int rows, int cols) throws IOException {
        checkLength(data.length, rows, cols);
        atomically(file, out -> {
            out.write(npyHeader("<f8", rows, cols));
            writeSegment(out, MemorySegment.ofArray(data));
        });
    }

    /** Writes {@code m} as a pickled float32 {@code numpy.ndarray} (protocol 4). */
    public static void writePickle(Path file, FloatMatrix m) throws IOException {
        Objects.requireNonNull(m, "matrix");
        atomically(file, out -> {
            out.write(pickleHead("f4", m.rows(), m.cols(), 4L * m.rows() * m.cols()));
            writeSegment(out, m.segment());
            out.write(PICKLE_TAIL);
        });
    }

    /** Writes a row-major {@code rows x cols} int32 array as a pickled {@code numpy.ndarray} (protocol 4). */
    public static void writePickle(Path file, int[] data, int rows, int cols) throws IOException {
        checkLength(data.length, rows, cols);
        atomically(file, out -> {
            out.write(pickleHead("i4", rows, cols, 4L * rows * cols));
            writeSegment(out, MemorySegment.ofArray(data));
            out.write(PICKLE_TAIL);
        });
    }

    /** Fills row {@code row} of a matrix being written into {@code dst} ({@code cols} values). */
    @FunctionalInterface
    public interface RowSource {
        void fill(int row, float[] dst);
    }

    /**
     * Writes a {@code rows x cols} float32 pickle whose rows come from {@code source}, one row at a time: a
     * matrix larger than memory (a 4 GB benchmark file, an export) is written without holding it.
     */
    public static void writePickle(Path file, int rows, int cols, RowSource source) throws IOException {
        checkShape(rows, cols);
        Objects.requireNonNull(source, "source");
        atomically(file, out -> {
            out.write(pickleHead("f4", rows, cols, 4L * rows * cols));
            writeRows(out, rows, cols, source);
            out.write(PICKLE_TAIL);
        });
    }

    /** Writes a {@code rows x cols} float32 {@code .npy} whose rows come from {@code source}, one at a time. */
    public static void writeNpy(Path file, int rows, int cols, RowSource source) throws IOException {
        checkShape(rows, cols);
        Objects.requireNonNull(source, "source");
        atomically(file, out -> {
            out.write(npyHeader("<f4", rows, cols));
            writeRows(out, rows, cols, source);
        });
    }

    private static void checkShape(int rows, int cols) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        if (cols < 0) {
            throw new IllegalArgumentException("cols must be >= 0, got " + cols);
        }
    }

    private static void writeRows(OutputStream out, int rows, int cols, RowSource source) throws IOException {
        float[] row = new float[cols];
        byte[] bytes = new byte[4 * cols];
        MemorySegment target = MemorySegment.ofArray(bytes);
        for (int r = 0; r < rows; r++) {
            source.fill(r, row);
            MemorySegment.copy(row, 0, target, FloatMatrix.LAYOUT, 0, cols);
            out.write(bytes);
        }
    }

    private static void checkLength(int length, int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols != length) {
            throw new IllegalArgumentException("data has " + length + " values, shape is " + rows + " x " + cols);
        }
    }

    /** The .npy 1.0 header: magic, version, header length, a Python dict literal padded to 64 bytes. */
    static byte[] npyHeader(String descr, int rows, int cols) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int unpadded = 10 + dict.length() + 1;
        int padded = (unpadded + 63) / 64 * 64;
        StringBuilder sb = new StringBuilder(dict);
        sb.append(" ".repeat(padded - unpadded)).append('\n');
        byte[] text = sb.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) text.length).put(text);
        return b.array();
    }

    private static final byte[] PICKLE_TAIL = {'t', 'b', '.'};

    /**
     * Everything before the array bytes: {@code _reconstruct(ndarray, (0,), b'b')} then the state tuple
     * {@code (1, shape, dtype, False, <BINBYTES8 header>}; the tail closes the tuple, BUILDs and STOPs.
     */
    static byte[] pickleHead(String dtype, int rows, int cols, long byteCount) {
        PickleBytes p = new PickleBytes();
        p.op(0x80).op(4);                                    // PROTO 4
        p.str("numpy.core.multiarray").str("_reconstruct").op(0x93);   // STACK_GLOBAL
        p.str("numpy").str("ndarray").op(0x93);
        p.op('K').op(0).op(0x85);                            // (0,)
        p.op('C').op(1).op('b');                             // b'b'
        p.op(0x87).op('R');                                  // TUPLE3, REDUCE
        p.op('(');                                           // MARK of the state tuple
        p.op('K').op(1);                                     // version 1
        p.i32(rows).i32(cols).op(0x86);                      // shape
        p.str("numpy").str("dtype").op(0x93);
        p.str(dtype).op(0x89).op(0x88).op(0x87).op('R');     // dtype('f4', False, True)
        p.op('(').op('K').op(3).str("<").op('N').op('N').op('N');
        p.i32(-1).i32(-1).op('K').op(0).op('t').op('b');     // dtype state, BUILD
        p.op(0x89);                                          // fortran_order False
        p.op(0x8e).i64(byteCount);                           // BINBYTES8 length; the bytes follow
        return p.bytes();
    }

    private static void writeSegment(OutputStream out, MemorySegment seg) throws IOException {
        byte[] buf = new byte[1 << 20];
        long size = seg.byteSize();
        for (long pos = 0; pos < size; pos += buf.length) {
            int n = (int) Math.min(buf.length, size - pos);
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, buf, 0, n);
            out.write(buf, 0, n);
        }
    }

    /** A tiny pickle opcode assembler. */
    private static final class PickleBytes {
        private final ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);

        PickleBytes op(int code) {
            b.put((byte) code);
            return this;
        }

        /** SHORT_BINUNICODE. */
        PickleBytes str(String s) {
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            b.put((byte) 0x8c).put((byte) u.length).put(u);
            return this;
        }

        /** BININT. */
        PickleBytes i32(int v) {
            b.put((byte) 'J').putInt(v);
            return this;
        }

        PickleBytes i64(long v) {
            b.putLong(v);
            return this;
        }

        byte[] bytes() {
            byte[] out = new byte[b.position()];
            b.get(0, out);
            return out;
        }
    }

    private static void atomically(Path file, AtomicWrite.Body body) throws IOException {
        AtomicWrite.write(file, raw -> {
            try (OutputStream out = new BufferedOutputStream(raw, 1 << 20)) {
                body.write(out);
            }
        });
    }
}
