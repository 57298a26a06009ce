package org.descry.bench;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.descry.data.FloatMatrix;
import org.descry.io.NumpyReader;
import org.descry.io.NumpyWriter;

/**
 * How fast a full-size descriptor pickle becomes usable, against how fast the disk (or page cache) delivers
 * the file at all.
 *
 * <p>Writes a {@code rows x cols} float32 pickle (protocol 4) row by row, then measures (a) a plain sequential
 * read of the file through a FileChannel into a 4 MB direct buffer and (b) {@link NumpyReader#readMatrix}
 * followed by one pass over every value (a Vector API sum over the mapped segment). Both run cold (page cache
 * dropped, when the process may write {@code /proc/sys/vm/drop_caches}) and warm. The Java heap is printed
 * before and after (b) to show the reader maps rather than copies.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp descry-bench/target/descry-bench.jar \
 *     org.descry.bench.PickleReadBench [--rows 416314] [--cols 2560] [--dir /tmp] [--keep]</pre>
 */
public final class PickleReadBench {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int BUFFER = 4 << 20;

    private PickleReadBench() {}

    public static void main(String[] args) throws IOException {
        int rows = 416_314;
        int cols = 2560;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = positive("--rows", args[++i]);
                case "--cols" -> cols = positive("--cols", args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--keep" -> keep = true;
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; use --rows N --cols N --dir DIR --keep");
            }
        }
        Path file = dir.resolve("descry-bench-" + rows + "x" + cols + ".pickle");
        try {
            run(file, rows, cols);
        } finally {
            if (!keep) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static int positive(String name, String value) {
        int v = Integer.parseInt(value);
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
        return v;
    }

    private static void run(Path file, int rows, int cols) throws IOException {
        long t0 = System.nanoTime();
        final int c = cols;
        NumpyWriter.writePickle(file, rows, cols, (r, dst) -> {
            long x = 0x9E3779B97F4A7C15L * (r + 1L);
            for (int j = 0; j < c; j++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                dst[j] = (x >>> 40) * 0x1.0p-24f - 0.5f;
            }
        });
        long size = Files.size(file);
        System.out.printf(Locale.ROOT, "wrote %s: %d x %d float32, %.3f GB in %.1f s%n", file, rows, cols, size / 1e9,
                (System.nanoTime() - t0) / 1e9);
        System.out.printf(Locale.ROOT, "vector species %s%n", SPECIES);

        warmUp();
        boolean cold = dropCaches();
        System.out.println(cold ? "cold runs: page cache dropped before each" : "cold runs impossible (cannot write "
                + "/proc/sys/vm/drop_caches): all runs warm");
        int rounds = 4;
        double[] raw = new double[rounds];
        double[] reader = new double[rounds];
        long[] heap = new long[3];
        for (int round = 0; round < rounds; round++) {
            boolean dropped = round == 0 && cold && dropCaches();
            raw[round] = gbps(size, () -> rawRead(file));
            if (round == 0 && cold) {
                dropCaches();
            }
            heap[0] = usedHeap();
            long start = System.nanoTime();
            FloatMatrix m = NumpyReader.readMatrix(file);
            long mapped = System.nanoTime() - start;
            double sum = sum(m.segment());
            long total = System.nanoTime() - start;
            reader[round] = size / (total / 1e9) / 1e9;
            heap[1] = usedHeap();
            System.out.printf(Locale.ROOT, "%-5s raw read %6.2f GB/s | readMatrix %5.1f ms + full pass: %6.2f GB/s"
                            + " (sum %.4g) | ratio %.2f%n", dropped ? "cold" : "warm", raw[round], mapped / 1e6,
                    reader[round], sum, reader[round] / raw[round]);
            heap[2] = Math.max(heap[2], heap[1] - heap[0]);
            if (m.rows() != rows) {
                throw new AssertionError(m);
            }
        }
        System.out.printf(Locale.ROOT, "heap used before readMatrix %.1f MB, after (matrix live) %.1f MB: grows %.1f MB"
                + " for a %.2f GB file%n", heap[0] / 1e6, heap[1] / 1e6, heap[2] / 1e6, size / 1e9);
    }

    /**
     * Compiles the measured loops (C2) first, on the same kinds of input (a file channel, a mapped segment),
     * so no run measures the interpreter or code specialised for another segment type.
     */
    private static void warmUp() throws IOException {
        Path tmp = Files.createTempFile("descry-bench-warmup", ".pickle");
        double s = 0;
        try {
            NumpyWriter.writePickle(tmp, 1024, 1024, (r, dst) -> java.util.Arrays.fill(dst, r));
            for (int i = 0; i < 300; i++) {
                s += rawRead(tmp);
                s += sum(NumpyReader.readMatrix(tmp).segment());
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (s == 42) {
            System.out.print("");
        }
    }

    private interface Timed {
        void run() throws IOException;
    }

    private static double gbps(long bytes, Timed t) throws IOException {
        long start = System.nanoTime();
        t.run();
        return bytes / ((System.nanoTime() - start) / 1e9) / 1e9;
    }

    /** Sequential read into a direct buffer, touching a few bytes per buffer so the read cannot be skipped. */
    static long rawRead(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        long check = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf.clear()) > 0) {
                buf.flip();
                check += buf.get(0) + buf.get(buf.limit() - 1) + buf.get(buf.limit() / 2);
            }
        }
        if (check == 42) {
            System.out.print("");
        }
        return check;
    }

    /** Sum of all floats of the segment, Vector API, little-endian. */
    static double sum(MemorySegment seg) {
        long n = seg.byteSize() / 4;
        long upper = n - n % SPECIES.length();
        FloatVector acc = FloatVector.zero(SPECIES);
        double total = 0;
        long i = 0;
        while (i < upper) {
            long blockEnd = Math.min(upper, i + (1 << 16));
            for (; i < blockEnd; i += SPECIES.length()) {
                acc = acc.add(FloatVector.fromMemorySegment(SPECIES, seg, 4 * i, ByteOrder.LITTLE_ENDIAN));
            }
            total += acc.reduceLanes(VectorOperators.ADD);
            acc = FloatVector.zero(SPECIES);
        }
        for (; i < n; i++) {
            total += seg.get(FloatMatrix.LAYOUT, 4 * i);
        }
        return total;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Empties the page cache so a read comes from disk; false when not permitted. */
    private static boolean dropCaches() {
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
            return true;
        } catch (IOException | InterruptedException | SecurityException e) {
            return false;
        }
    }
}
