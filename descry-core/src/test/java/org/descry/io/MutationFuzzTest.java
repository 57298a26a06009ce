package org.descry.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded mutations of the small shared files (bit flips, byte overwrites with boundary values, insertions,
 * deletions, truncations): the reader returns a well-formed array or throws {@link DescryException}, never
 * another exception, a hang or an out-of-memory error. Seeds make every failure reproducible.
 */
class MutationFuzzTest {

    private static final int CASES = 400;
    private static final List<String> SEEDS = List.of("np1-f32-p0.pickle", "np1-f32-p1.pickle", "np2-f32-p2.pickle",
            "np1-f32-p3.pickle", "np2-f32-p4.pickle", "np1-f32-p5.pickle", "np2-f32-p5.pickle", "np1-f32.npy",
            "np2-f32-fortran.npy", "np1-compressed.npz", "np2-compressed.npz", "np1-pandas-f32-p4.pickle",
            "np1-f32-empty-p4.pickle", "np1-object-p4.pickle", "np1-float16-p4.pickle", "np2-f32-bigendian-p4.pickle",
            "hostile-swapped-global.pickle", "broken-list.pickle");
    private static final byte[] INTERESTING = {0, 1, 2, 0x7f, (byte) 0x80, (byte) 0xff, (byte) 0xfe, '(', '.', 'R',
        (byte) 0x93, (byte) 0x95, (byte) 0x8e};

    @TempDir
    Path tmp;

    static Stream<Long> seeds() {
        return LongStream.range(0, CASES).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void mutatedFileReadsCleanlyOrFailsCleanly(long seed) throws IOException {
        Random rnd = new Random(seed);
        String source = SEEDS.get((int) (seed % SEEDS.size()));
        byte[] original = Files.readAllBytes(SharedData.pickles().resolve(source));
        byte[] mutated = mutate(original, rnd);
        Path file = tmp.resolve("seed-" + seed + "-" + source);
        Files.write(file, mutated);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                Map<String, NumpyArray> all = NumpyReader.readAll(file);
                for (NumpyArray a : all.values()) {
                    checkWellFormed(a);
                }
            } catch (DescryException e) {
                assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            }
        }, () -> "seed " + seed + " on " + source);
    }

    private static void checkWellFormed(NumpyArray a) {
        assertEquals(a.size() * a.dtype().itemSize(), a.rawBytes().byteSize());
        assertEquals(a.size(), Arrays.stream(a.shape()).reduce(1, Math::multiplyExact));
        ArrayStats s = a.stats();
        assertEquals(a.size(), s.count());
        if (a.ndim() == 2) {
            FloatMatrix m = a.toFloatMatrix();
            assertEquals(a.shape()[0], m.rows());
            assertEquals(a.shape()[1], m.cols());
        }
    }

    static byte[] mutate(byte[] in, Random rnd) {
        byte[] b = in.clone();
        int ops = 1 + rnd.nextInt(4);
        for (int k = 0; k < ops && b.length > 0; k++) {
            int at = biasedPosition(b.length, rnd);
            switch (rnd.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[at] = INTERESTING[rnd.nextInt(INTERESTING.length)];
                case 2 -> {
                    int n = Math.min(1 + rnd.nextInt(8), b.length - at);
                    Arrays.fill(b, at, at + n, rnd.nextBoolean() ? (byte) 0xff : 0);
                }
                case 3 -> {
                    byte[] ins = new byte[1 + rnd.nextInt(16)];
                    rnd.nextBytes(ins);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(b, 0, at);
                    out.writeBytes(ins);
                    out.write(b, at, b.length - at);
                    b = out.toByteArray();
                }
                case 4 -> {
                    int n = Math.min(1 + rnd.nextInt(64), b.length - at);
                    byte[] shorter = new byte[b.length - n];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + n, shorter, at, b.length - at - n);
                    b = shorter;
                }
                default -> b = Arrays.copyOf(b, at);
            }
        }
        return b;
    }

    /** Half the mutations hit the first 256 bytes, where headers, opcodes and length fields live. */
    private static int biasedPosition(int length, Random rnd) {
        return rnd.nextBoolean() ? rnd.nextInt(Math.min(256, length)) : rnd.nextInt(length);
    }
}
