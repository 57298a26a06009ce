package org.descry.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.descry.data.FloatMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What {@link NumpyWriter} writes, {@link NumpyReader} reads back bit for bit. */
class RoundTripTest {

    @TempDir
    Path tmp;

    static FloatMatrix randomMatrix(int rows, int cols, long seed) {
        Random rnd = new Random(seed);
        FloatMatrix m = FloatMatrix.zeros(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m.set(r, c, (float) rnd.nextGaussian());
            }
        }
        return m;
    }

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"0, 16", "0, 0", "1, 1", "3, 7", "257, 33", "5, 2561", "1000, 1"})
    void float32PickleAndNpy(int rows, int cols) throws IOException {
        FloatMatrix m = randomMatrix(rows, cols, rows * 31L + cols);
        Path pickle = tmp.resolve("m.pickle");
        Path npy = tmp.resolve("m.npy");
        NumpyWriter.writePickle(pickle, m);
        NumpyWriter.writeNpy(npy, m);
        for (Path p : new Path[] {pickle, npy}) {
            NumpyArray a = NumpyReader.read(p);
            assertArrayEquals(new long[] {rows, cols}, a.shape(), p.toString());
            assertEquals(DType.FLOAT32, a.dtype());
            assertFalse(a.fortranOrder());
            FloatMatrix back = a.toFloatMatrix();
            assertTrue(back.isReadOnly(), "mapped in place");
            assertTrue(rows * cols == 0 || a.isMapped(), "mapped in place");
            assertArrayEquals(m.toArray(), back.toArray(), p.toString());
            double sum = 0;
            for (float v : m.toArray()) {
                sum += v;
            }
            assertEquals(sum, a.stats().sum(), 1e-9 * Math.max(1, Math.abs(sum)));
        }
    }

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"0, 5", "1, 1", "4, 3", "33, 257"})
    void int32PickleAndNpy(int rows, int cols) throws IOException {
        Random rnd = new Random(rows + 7L * cols);
        int[] data = new int[rows * cols];
        long sum = 0;
        for (int i = 0; i < data.length; i++) {
            data[i] = rnd.nextInt();
            sum += data[i];
        }
        Path pickle = tmp.resolve("i.pickle");
        Path npy = tmp.resolve("i.npy");
        NumpyWriter.writePickle(pickle, data, rows, cols);
        NumpyWriter.writeNpy(npy, data, rows, cols);
        for (Path p : new Path[] {pickle, npy}) {
            NumpyArray a = NumpyReader.read(p);
            assertEquals(DType.INT32, a.dtype());
            assertArrayEquals(new long[] {rows, cols}, a.shape());
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    assertEquals(data[r * cols + c], a.get(r, c));
                }
            }
            assertEquals((double) sum, a.stats().sum());
            FloatMatrix f = a.toFloatMatrix();
            assertFalse(f.isReadOnly(), "int32 is converted");
            if (rows > 0 && cols > 0) {
                assertEquals((float) data[data.length - 1], f.get(rows - 1, cols - 1));
            }
        }
    }

    @Test
    void rowSourceWritersMatchTheMatrixWriters() throws IOException {
        FloatMatrix m = randomMatrix(9, 6, 2);
        NumpyWriter.writePickle(tmp.resolve("a.pickle"), m);
        NumpyWriter.writePickle(tmp.resolve("b.pickle"), 9, 6, (r, dst) -> m.copyRow(r, dst, 0));
        NumpyWriter.writeNpy(tmp.resolve("a.npy"), m);
        NumpyWriter.writeNpy(tmp.resolve("b.npy"), 9, 6, (r, dst) -> m.copyRow(r, dst, 0));
        assertArrayEquals(java.nio.file.Files.readAllBytes(tmp.resolve("a.pickle")),
                java.nio.file.Files.readAllBytes(tmp.resolve("b.pickle")));
        assertArrayEquals(java.nio.file.Files.readAllBytes(tmp.resolve("a.npy")),
                java.nio.file.Files.readAllBytes(tmp.resolve("b.npy")));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NumpyWriter.writeNpy(tmp.resolve("c.npy"), -1, 6, (r, dst) -> { }));
        assertTrue(e.getMessage().contains("rows") && e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void statsFindNonFiniteRows() throws IOException {
        FloatMatrix m = randomMatrix(10, 4, 1);
        m.set(7, 2, Float.NaN);
        m.set(3, 0, Float.NEGATIVE_INFINITY);
        m.set(3, 1, Float.NaN);
        double finite = 0;
        for (float v : m.toArray()) {
            finite += Float.isFinite(v) ? v : 0;
        }
        Path p = tmp.resolve("bad.pickle");
        NumpyWriter.writePickle(p, m);
        ArrayStats s = NumpyReader.read(p).stats();
        assertEquals(new ArrayStats(40, s.sum(), 2, 1, 2, 3), s);
        assertEquals(finite, s.sum(), 1e-12);
        assertFalse(s.allFinite());
    }
}
