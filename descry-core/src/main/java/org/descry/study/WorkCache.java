package org.descry.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.descry.io.NumpyReader;
import org.descry.io.NumpyWriter;

/**
 * Intermediate results of a study (preprocessed rows and their fitted steps) kept on disk under a key made from
 * what produced them: the input files (path, size, modification time) and the settings. A rerun with a changed
 * grid finds the unchanged parts; a changed input file gets a new key. Entries are written to a temporary folder
 * and renamed into place, so a killed study never leaves a half-written entry that a rerun would trust.
 */
public final class WorkCache {

    private static final String MATRIX = "rows.npy";

    private final Path dir;

    public WorkCache(Path dir) {
        this.dir = dir;
    }

    /** A cached entry: its folder and its rows (mapped, not copied). */
    public record Entry(Path dir, FloatMatrix matrix) {}

    /** Writes what an entry holds besides its rows. */
    @FunctionalInterface
    public interface Extra {
        void write(Path entryDir) throws IOException;
    }

    /** The key of a result made from {@code files} with {@code settings}. */
    public static String key(List<Path> files, String... settings) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                Path abs = f.toAbsolutePath().normalize();
                md.update((abs + "|" + Files.size(abs) + "|" + Files.getLastModifiedTime(abs).toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            for (String s : settings) {
                md.update((s + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The entry stored under {@code key}, or {@code null}. */
    public Entry find(String key) {
        Path e = dir.resolve(key);
        Path m = e.resolve(MATRIX);
        return Files.isRegularFile(m) ? new Entry(e, NumpyReader.readMatrix(m)) : null;
    }

    /** Stores {@code rows} and the {@code extra} files under {@code key}, replacing any entry there. */
    public void store(String key, FloatMatrix rows, Extra extra) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempDirectory(dir, "." + key + "-");
        NumpyWriter.writeNpy(tmp.resolve(MATRIX), rows);
        extra.write(tmp);
        replaceDirectory(tmp, dir.resolve(key));
    }

    /** The folder of an entry stored by {@link #storeFiles} under {@code key}, or {@code null}. */
    public Path findFiles(String key) {
        Path e = dir.resolve(key);
        return Files.isDirectory(e) ? e : null;
    }

    /** Stores what {@code files} writes (no rows matrix) under {@code key}, replacing any entry there. */
    public Path storeFiles(String key, Extra files) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempDirectory(dir, "." + key + "-");
        files.write(tmp);
        replaceDirectory(tmp, dir.resolve(key));
        return dir.resolve(key);
    }

    /**
     * A 64-bit fingerprint of the shape and every value of {@code x}, for keys of results computed from rows that
     * exist only in memory (a subset, a mixture): reading 416,314 x 250 floats takes well under a second, a
     * small price beside the graph or embedding it keys.
     */
    public static String fingerprint(FloatMatrix x) {
        java.lang.foreign.MemorySegment seg = x.segment();
        long bytes = 4L * x.rows() * x.cols();
        long h = 0x9E3779B97F4A7C15L ^ ((long) x.rows() << 32 | x.cols());
        long off = 0;
        for (; off + 8 <= bytes; off += 8) {
            h = Long.rotateLeft((h ^ seg.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, off))
                    * 0xBF58476D1CE4E5B9L, 31);
        }
        if (off < bytes) {
            h = (h ^ seg.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, off)) * 0x94D049BB133111EBL;
        }
        h ^= h >>> 29;
        return HexFormat.of().toHexDigits(h);
    }

    /** Moves the finished folder {@code from} to {@code to}, deleting what was there. */
    static void replaceDirectory(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        if (Files.exists(to)) {
            Path old = Files.createTempDirectory(to.getParent(), "." + to.getFileName() + "-old-");
            Files.delete(old);
            Files.move(to, old, StandardCopyOption.ATOMIC_MOVE);
            move(from, to);
            deleteTree(old);
        } else {
            move(from, to);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
