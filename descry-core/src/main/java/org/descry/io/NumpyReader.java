package org.descry.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;

/**
 * Reads numpy arrays from the files Python users hand over: {@code pickle.dump(array)} (protocols 0 to 5,
 * numpy 1.x and 2.x, and a single-block pandas {@code DataFrame}), {@code np.save} ({@code .npy}, NEP 1 format
 * versions 1 to 3) and {@code np.savez}/{@code np.savez_compressed} ({@code .npz}).
 *
 * <p>The format is recognised by the first bytes, not the file name: {@code \x93NUMPY} is an {@code .npy},
 * {@code PK\3\4} a zip, {@code \x80} (PROTO) a pickle of protocol 2 or later, and {@code c} (GLOBAL) or
 * {@code (} (MARK) one of protocol 0 or 1 — descriptor files are routinely named {@code .pkl}, {@code .p},
 * {@code .pickle}, {@code .npy} or nothing at all.
 *
 * <p>Pickles are interpreted by {@link PickleMachine}, which builds plain Java values and refuses any global
 * outside numpy's array reconstruction, so a hostile pickle cannot run code. Files are mapped, not read:
 * array bytes that sit contiguously in the file (protocol 3-5 pickles, {@code .npy}, stored {@code .npz}
 * entries) stay where they are and a 4 GB float32 descriptor file becomes a {@link FloatMatrix} without a
 * copy and without growing the Java heap.
 *
 * <p>Every problem with a file is a {@link DescryException} whose one-line message starts with the path and
 * names the problem ({@code empty file}, {@code truncated pickle ...}, {@code refused global 'posix system'},
 * {@code a 2-D array ... is needed}, ...).
 */
public final class NumpyReader {

    /** The npz entry {@link #read(Path)} picks when an archive holds several arrays. */
    public static final String DEFAULT_NPZ_ENTRY = "descriptors";

    private NumpyReader() {}

    /**
     * The array in {@code file}. For an {@code .npz} holding one array that array; holding several, the one
     * named {@value #DEFAULT_NPZ_ENTRY}, and without such an entry an error that lists the names.
     */
    public static NumpyArray read(Path file) {
        SourceBytes src = open(file);
        if (!NpzArchive.hasMagic(src)) {
            return readSingle(src);
        }
        Map<String, SourceBytes> entries = NpzArchive.entries(src);
        if (entries.size() == 1) {
            return readEntry(entries.values().iterator().next());
        }
        if (entries.containsKey(DEFAULT_NPZ_ENTRY)) {
            return readEntry(entries.get(DEFAULT_NPZ_ENTRY));
        }
        throw src.fail(entries.isEmpty() ? "the .npz archive holds no arrays"
                : "the .npz archive holds " + entries.size() + " arrays " + names(entries)
                + " and none is named '" + DEFAULT_NPZ_ENTRY + "'; name the one to read");
    }

    /**
     * The array called {@code name} in the {@code .npz} archive {@code file} (the entry name without
     * {@code .npy}, as {@code np.load(file)[name]}). For a pickle or {@code .npy} the name is ignored.
     */
    public static NumpyArray read(Path file, String name) {
        Objects.requireNonNull(name, "name");
        SourceBytes src = open(file);
        if (!NpzArchive.hasMagic(src)) {
            return readSingle(src);
        }
        Map<String, SourceBytes> entries = NpzArchive.entries(src);
        SourceBytes entry = entries.get(name);
        if (entry == null) {
            throw src.fail("the .npz archive has no array '" + PickleMachine.printable(name) + "'; it holds "
                    + names(entries));
        }
        return readEntry(entry);
    }

    /**
     * Every array in {@code file}, in archive order, keyed by name. A pickle or {@code .npy} gives one entry,
     * keyed by the file name without its extension.
     */
    public static Map<String, NumpyArray> readAll(Path file) {
        SourceBytes src = open(file);
        Map<String, NumpyArray> out = new LinkedHashMap<>();
        if (!NpzArchive.hasMagic(src)) {
            String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
            int dot = fileName.lastIndexOf('.');
            out.put(dot > 0 ? fileName.substring(0, dot) : fileName, readSingle(src));
            return out;
        }
        NpzArchive.entries(src).forEach((name, entry) -> out.put(name, readEntry(entry)));
        return out;
    }

    /**
     * The 2-D array in {@code file} as a float32 matrix (see {@link #read(Path)} and
     * {@link NumpyArray#toFloatMatrix()}): a read-only mapping of the file when it holds little-endian C-order
     * float32, a converted copy otherwise.
     */
    public static FloatMatrix readMatrix(Path file) {
        return read(file).toFloatMatrix();
    }

    private static NumpyArray readSingle(SourceBytes src) {
        if (NpyFormat.hasMagic(src)) {
            return NpyFormat.read(src);
        }
        MemorySegment b = src.bytes();
        if (b.byteSize() == 0) {
            throw src.fail("empty file (0 bytes)");
        }
        int first = Byte.toUnsignedInt(b.get(ValueLayout.JAVA_BYTE, 0));
        if (first == 0x80 || first == 'c' || first == '(') {
            return PickledArray.toArray(src, PickleMachine.run(src));
        }
        throw src.fail("not a pickle, .npy or .npz file: it starts with " + preview(b));
    }

    /** An npz entry: np.savez writes only .npy files into the archive. */
    private static NumpyArray readEntry(SourceBytes entry) {
        if (!NpyFormat.hasMagic(entry)) {
            throw entry.fail(entry.bytes().byteSize() == 0 ? "empty .npz entry"
                    : "not an .npy array (an .npz entry must start with \\x93NUMPY)");
        }
        return NpyFormat.read(entry);
    }

    private static SourceBytes open(Path file) {
        Objects.requireNonNull(file, "file");
        String label = file.toString();
        if (Files.isDirectory(file)) {
            throw new DescryException(label + ": is a directory, not a file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw new DescryException(label + ": empty file (0 bytes)");
            }
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, Arena.ofAuto());
            return new SourceBytes(file, label, seg, 0);
        } catch (NoSuchFileException e) {
            throw new DescryException(label + ": no such file");
        } catch (AccessDeniedException e) {
            throw new DescryException(label + ": permission denied");
        } catch (IOException | UnsupportedOperationException e) {
            throw new DescryException(label + ": cannot read: " + e.getMessage(), e);
        }
    }

    static boolean startsWith(MemorySegment b, byte[] magic) {
        if (b.byteSize() < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (b.get(ValueLayout.JAVA_BYTE, i) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** The first bytes as text when printable, in hex otherwise. */
    private static String preview(MemorySegment b) {
        int n = (int) Math.min(16, b.byteSize());
        StringBuilder text = new StringBuilder();
        StringBuilder hex = new StringBuilder();
        boolean printable = true;
        for (int i = 0; i < n; i++) {
            int c = Byte.toUnsignedInt(b.get(ValueLayout.JAVA_BYTE, i));
            printable &= c >= 0x20 && c < 0x7f || c == '\n' || c == '\r' || c == '\t';
            text.append(c >= 0x20 && c < 0x7f ? (char) c : ' ');
            hex.append(String.format("%02x ", c));
        }
        return printable ? "\"" + text.toString().strip() + "\" (text?)" : hex.toString().strip();
    }

    private static String names(Map<String, SourceBytes> entries) {
        return "(" + String.join(", ", entries.keySet().stream().limit(20).map(PickleMachine::printable).toList())
                + (entries.size() > 20 ? ", ..." : "") + ")";
    }
}
