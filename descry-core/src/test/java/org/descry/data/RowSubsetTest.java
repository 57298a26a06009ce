package org.descry.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Gathering rows by index: the same rows as {@link FloatMatrix#selectRows}, for heap and off-heap matrices. */
class RowSubsetTest {

    static Stream<Integer> seeds() {
        return IntStream.range(0, 8).boxed();
    }

    private static FloatMatrix matrix(SplittableRandom r, int n, int d, boolean offHeap) {
        FloatMatrix m = offHeap ? FloatMatrix.of(Arena.ofAuto().allocate(4L * n * d), n, d) : FloatMatrix.zeros(n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                m.set(i, j, (float) r.nextGaussian());
            }
        }
        return m;
    }

    /** Sorted runs with gaps (inliers), shuffled, repeated: every block of {@code copyRows} equals the copy's. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void gathersTheRowsOfTheCopy(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 50 + r.nextInt(300);
        int d = 1 + r.nextInt(20);
        FloatMatrix x = matrix(r, n, d, seed % 2 == 1);
        int[] index = switch (seed % 3) {
            case 0 -> IntStream.range(0, n).filter(i -> r.nextDouble() > 0.1).toArray();
            case 1 -> IntStream.range(0, n / 2).map(i -> r.nextInt(n)).toArray();
            default -> IntStream.range(0, n).map(i -> n - 1 - i).toArray();
        };
        RowSubset s = RowSubset.of(x, index);
        FloatMatrix copy = x.selectRows(index);
        assertEquals(index.length, s.rows());
        assertEquals(d, s.cols());
        assertArrayEquals(copy.toArray(), s.materialize().toArray());
        for (int from = 0; from < index.length; from += 7) {
            int to = Math.min(index.length, from + 1 + r.nextInt(40));
            float[] got = new float[(to - from) * d + 3];
            float[] want = new float[got.length];
            s.copyRows(from, to, got, 3);
            copy.copyRows(from, to, want, 3);
            assertArrayEquals(want, got, "rows [" + from + ", " + to + ")");
            assertEquals(index[from], s.row(from));
        }
    }

    /** Transforms run on each gathered block, in the order given, and {@code materialize} applies them too. */
    @Test
    void transformedRowsAreTransformedAfterTheGather() {
        SplittableRandom r = new SplittableRandom(3);
        FloatMatrix x = matrix(r, 3000, 5, false);
        int[] index = IntStream.range(0, 3000).filter(i -> i % 4 != 1).toArray();
        RowSubset s = RowSubset.of(x, index).transformed((b, o, n) -> {
            for (int i = o; i < o + n * 5; i++) {
                b[i] = b[i] * 2;
            }
        }).transformed((b, o, n) -> {
            for (int i = o; i < o + n * 5; i++) {
                b[i] = b[i] + 1;
            }
        });
        float[] want = x.selectRows(index).toArray();
        for (int i = 0; i < want.length; i++) {
            want[i] = want[i] * 2 + 1;
        }
        assertTrue(s.isTransformed());
        assertTrue(!s.isAll() && !RowSubset.all(x).transformed((b, o, n) -> { }).isAll());
        assertArrayEquals(want, s.materialize().toArray());
        float[] block = new float[10 * 5 + 2];
        s.copyRows(100, 110, block, 2);
        assertArrayEquals(java.util.Arrays.copyOfRange(want, 500, 550), java.util.Arrays.copyOfRange(block, 2, 52));
    }

    /** Releasing the pages of a mapped matrix changes nothing read, and the matrix reads the same afterwards. */
    @Test
    void releasingPagesOfAMappedMatrixKeepsTheValues(@TempDir Path dir) throws IOException {
        SplittableRandom r = new SplittableRandom(4);
        FloatMatrix heap = matrix(r, 5000, 7, false);
        Path file = dir.resolve("x.bin");
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * 5000 * 7)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(heap.toArray());
            ch.write(bytes);
        }
        FloatMatrix mapped = FloatMatrix.map(file, 0, 5000, 7);
        int[] index = IntStream.range(0, 5000).filter(i -> i % 10 != 3).toArray();
        RowSubset s = RowSubset.of(mapped, index).releasingPages();
        assertTrue(!s.isAll() && !RowSubset.all(mapped).releasingPages().isAll());
        float[] got = new float[index.length * 7];
        for (int from = 0; from < index.length; from += 600) {
            int to = Math.min(index.length, from + 600);
            s.copyRows(from, to, got, from * 7);
        }
        assertArrayEquals(heap.selectRows(index).toArray(), got);
        assertArrayEquals(heap.toArray(), mapped.toArray());
        assertSame(mapped, RowSubset.all(mapped).releasingPages().materialize());
        RowSubset scattered = RowSubset.of(mapped, new int[] {4999, 0, 2500}).releasingPages();
        float[] three = new float[21];
        scattered.copyRows(0, 3, three, 0);
        assertArrayEquals(heap.selectRows(new int[] {4999, 0, 2500}).toArray(), three);
    }

    /**
     * A sorted sample of a mapped matrix (the study's 50,000 of 416,314 rows), copied with its pages released,
     * leaves the file's pages unmapped: a plain {@code selectRows} copy of one row in eight maps most of the file
     * (the kernel maps the pages around each faulting one), which at full size was 2.5 GB of resident memory.
     */
    @Test
    void aSortedSampleCopiedReleasingPagesLeavesTheFileUnmapped(@TempDir Path dir) throws IOException {
        assumeTrue(java.nio.file.Files.isReadable(Path.of("/proc/self/status")), "needs Linux /proc");
        int n = 16_384;
        int d = 1024;
        SplittableRandom r = new SplittableRandom(8);
        float[] values = new float[n * d];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) r.nextGaussian();
        }
        Path file = dir.resolve("x.bin");
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * n * d).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values);
            ch.write(bytes);
        }
        FloatMatrix mapped = FloatMatrix.map(file, 0, n, d);
        int[] sample = RowSample.sorted(n, n / 8, 3);
        long fileBytes = 4L * n * d;

        long before = rssFileBytes();
        FloatMatrix released = RowSubset.of(mapped, sample).releasingPages().materialize();
        long afterReleased = rssFileBytes() - before;
        mapped.unload();

        before = rssFileBytes();
        FloatMatrix kept = mapped.selectRows(sample);
        long afterKept = rssFileBytes() - before;
        mapped.unload();

        assertArrayEquals(kept.toArray(), released.toArray());
        assumeTrue(afterKept > fileBytes / 2, "the plain copy mapped only " + afterKept + " of " + fileBytes
                + " bytes here, so this kernel cannot show the difference");
        assertTrue(afterReleased < fileBytes / 8, "released copy left " + afterReleased + " of " + fileBytes
                + " bytes mapped (the plain copy " + afterKept + ")");
    }

    private static long rssFileBytes() throws IOException {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("RssFile:")) {
                return 1024L * Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no RssFile in /proc/self/status");
    }

    @Test
    void allRowsAreTheMatrixItself() {
        FloatMatrix x = matrix(new SplittableRandom(1), 20, 3, false);
        RowSubset s = RowSubset.all(x);
        assertTrue(s.isAll());
        assertSame(x, s.materialize());
        assertSame(s.isAll(), RowSubset.of(x, null).isAll());
        assertEquals(20, s.rows());
        assertEquals(5, s.row(5));
    }

    @Test
    void indexIsCopiedAndChecked() {
        FloatMatrix x = matrix(new SplittableRandom(2), 10, 2, false);
        int[] index = {1, 2, 3};
        RowSubset s = RowSubset.of(x, index);
        index[0] = 9;
        assertEquals(1, s.row(0));
        var e = assertThrows(IndexOutOfBoundsException.class, () -> RowSubset.of(x, new int[] {0, 10}));
        assertTrue(e.getMessage().contains("rows[1] = 10"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> RowSubset.of(x, new int[] {-1}));
        assertThrows(IndexOutOfBoundsException.class, () -> s.copyRows(2, 4, new float[10], 0));
        assertThrows(NullPointerException.class, () -> RowSubset.all(null));
    }
}
