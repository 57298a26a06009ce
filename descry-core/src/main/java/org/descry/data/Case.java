package org.descry.data;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.descry.io.Csv;
import org.descry.io.ImageArchive;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;

/**
 * A case folder in the reference layout, checked before anything trusts it:
 * <pre>
 * descriptors/NAME.pickle|.npy|.npz   one descriptor set per file, N rows each, float
 * images_paths.csv                   one column "paths", N rows, Windows separators, same row order
 * row_data/*.zip                     the images, looked up by those paths
 * </pre>
 * {@link #open} reads the CSV and every descriptor file's header (a mapped file, nothing copied) and refuses,
 * in one line naming the files, differing row counts, a missing column, or an empty set. Non-finite values are
 * checked when a set is first used: an error naming the count and first row, or, with
 * {@link Options#dropNonFinite()}, those rows are left out of every set and of the paths, consistently.
 */
public final class Case implements Closeable {

    /** How to open a case. */
    public record Options(boolean dropNonFinite) {
        public static final Options DEFAULT = new Options(false);
    }

    /** File name extensions of descriptor sets. */
    public static final List<String> DESCRIPTOR_EXTENSIONS = List.of(".pickle", ".pkl", ".npy", ".npz");

    private final Path dir;
    private final Options options;
    private final List<String> allPaths;
    private final Map<String, Path> files;
    private final Map<String, NumpyArray> arrays;
    private final Map<String, FloatMatrix> loaded = new LinkedHashMap<>();
    private final List<Path> zips;
    /** Rows left out everywhere (non-finite in some set), or {@code null} when none are dropped. */
    private BitSet dropped;
    private ImageArchive archive;

    private Case(Path dir, Options options, List<String> paths, Map<String, Path> files,
            Map<String, NumpyArray> arrays, List<Path> zips) {
        this.dir = dir;
        this.options = options;
        this.allPaths = paths;
        this.files = files;
        this.arrays = arrays;
        this.zips = zips;
    }

    public static Case open(Path dir) throws IOException {
        return open(dir, Options.DEFAULT, Progress.NONE);
    }

    public static Case open(Path dir, Options options, Progress progress) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        if (!Files.isDirectory(dir)) {
            throw new DescryException(dir + ": no such case folder");
        }
        Path csv = dir.resolve("images_paths.csv");
        if (!Files.isRegularFile(csv)) {
            throw new DescryException(csv + ": missing (a case folder needs images_paths.csv with a column 'paths')");
        }
        List<String> paths = List.copyOf(Csv.read(csv).values("paths"));
        if (paths.isEmpty()) {
            throw new DescryException(csv + ": no rows");
        }
        Map<String, Path> files = descriptorFiles(dir.resolve("descriptors"));
        Map<String, NumpyArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            NumpyArray a = NumpyReader.read(e.getValue());
            long[] shape = a.shape();
            if (shape.length != 2) {
                throw new DescryException(e.getValue() + ": a 2-D array is needed, got shape " + shapeText(shape));
            }
            if (shape[0] == 0 || shape[1] == 0) {
                throw new DescryException(e.getValue() + ": empty descriptor set (" + shape[0] + " x " + shape[1] + ")");
            }
            if (shape[0] != paths.size()) {
                throw new DescryException(e.getValue() + " has " + shape[0] + " rows, " + csv + " has " + paths.size());
            }
            arrays.put(e.getKey(), a);
        }
        List<Path> zips = new ArrayList<>();
        Path rowData = dir.resolve("row_data");
        if (Files.isDirectory(rowData)) {
            try (Stream<Path> s = Files.list(rowData)) {
                s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")).sorted()
                        .forEach(zips::add);
            }
        }
        Case c = new Case(dir, options, paths, files, arrays, List.copyOf(zips));
        if (options.dropNonFinite()) {
            c.findDroppedRows(progress);
        }
        return c;
    }

    private static Map<String, Path> descriptorFiles(Path descriptors) throws IOException {
        if (!Files.isDirectory(descriptors)) {
            throw new DescryException(descriptors + ": missing (a case folder holds its descriptor sets there)");
        }
        Map<String, Path> files = new LinkedHashMap<>();
        List<Path> list;
        try (Stream<Path> s = Files.list(descriptors)) {
            list = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path p : list) {
            String file = p.getFileName().toString();
            String lower = file.toLowerCase(Locale.ROOT);
            for (String ext : DESCRIPTOR_EXTENSIONS) {
                if (lower.endsWith(ext)) {
                    String name = file.substring(0, file.length() - ext.length());
                    Path before = files.putIfAbsent(name, p);
                    if (before != null) {
                        throw new DescryException(descriptors + ": two files for descriptor set '" + name + "': "
                                + before.getFileName() + " and " + file);
                    }
                }
            }
        }
        if (files.isEmpty()) {
            throw new DescryException(descriptors + ": no descriptor files (*.pickle, *.npy, *.npz)");
        }
        return files;
    }

    static String shapeText(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private void findDroppedRows(Progress progress) {
        BitSet bad = new BitSet(allPaths.size());
        for (String name : files.keySet()) {
            bad.or(NonFiniteRows.find(raw(name), progress));
        }
        if (bad.cardinality() == allPaths.size()) {
            throw new DescryException(dir + ": every row holds NaN or Inf in some descriptor set; nothing is left");
        }
        dropped = bad.isEmpty() ? null : bad;
    }

    public Path dir() {
        return dir;
    }

    public Options options() {
        return options;
    }

    /** Descriptor set names (file names without extension), sorted. */
    public List<String> descriptorNames() {
        return List.copyOf(files.keySet());
    }

    public Path descriptorFile(String name) {
        Path p = files.get(name);
        if (p == null) {
            throw new DescryException(dir.resolve("descriptors") + ": no descriptor set '" + name + "' (sets: "
                    + String.join(", ", files.keySet()) + ")");
        }
        return p;
    }

    /** The array as read (dtype, shape), before any row is dropped. */
    public NumpyArray array(String name) {
        descriptorFile(name);
        return arrays.get(name);
    }

    /** Rows in use: all rows, less those dropped for non-finite values. */
    public int rows() {
        return allPaths.size() - droppedCount();
    }

    /** Rows left out for holding NaN or Inf somewhere (0 unless {@link Options#dropNonFinite()}). */
    public int droppedCount() {
        return dropped == null ? 0 : dropped.cardinality();
    }

    /** Image paths of the rows in use, exactly as {@code images_paths.csv} writes them. */
    public List<String> paths() {
        if (dropped == null) {
            return allPaths;
        }
        List<String> kept = new ArrayList<>(rows());
        for (int r = dropped.nextClearBit(0); r < allPaths.size(); r = dropped.nextClearBit(r + 1)) {
            kept.add(allPaths.get(r));
        }
        return Collections.unmodifiableList(kept);
    }

    /**
     * The descriptor set as float32, rows in use only, every value finite. The first call checks for NaN and Inf
     * (a full pass); a float32 C-order file is a mapped view, other layouts are converted once.
     */
    public synchronized FloatMatrix descriptor(String name) {
        return descriptor(name, Progress.NONE);
    }

    public synchronized FloatMatrix descriptor(String name, Progress progress) {
        FloatMatrix m = loaded.get(name);
        if (m != null) {
            return m;
        }
        FloatMatrix all = raw(name);
        if (dropped == null) {
            BitSet bad = NonFiniteRows.find(all, progress);
            if (!bad.isEmpty()) {
                throw new DescryException(descriptorFile(name) + ": " + bad.cardinality() + " rows hold NaN or Inf (first: row "
                        + bad.nextSetBit(0) + ", " + allPaths.get(bad.nextSetBit(0))
                        + "); rerun with --drop-nonfinite to leave such rows out of every set");
            }
            m = all;
        } else {
            m = FloatMatrix.zeros(rows(), all.cols());
            float[] row = new float[all.cols()];
            int out = 0;
            for (int r = dropped.nextClearBit(0); r < all.rows(); r = dropped.nextClearBit(r + 1)) {
                all.copyRow(r, row, 0);
                m.setRow(out++, row, 0);
            }
        }
        loaded.put(name, m);
        return m;
    }

    private FloatMatrix raw(String name) {
        return array(name).toFloatMatrix();
    }

    /**
     * This case restricted to some of its rows (a training split, a sample): {@code rows} are indices into
     * {@link #paths()}, strictly increasing. The view shares the files and the image archive's location; its
     * descriptor sets are copies of the selected rows.
     */
    public Case select(int[] rows) {
        Objects.requireNonNull(rows, "rows");
        int n = rows();
        int[] original = new int[n];
        for (int r = dropped == null ? 0 : dropped.nextClearBit(0), i = 0; i < n;
                r = dropped == null ? r + 1 : dropped.nextClearBit(r + 1), i++) {
            original[i] = r;
        }
        BitSet drop = new BitSet(allPaths.size());
        drop.set(0, allPaths.size());
        int last = -1;
        for (int r : rows) {
            if (r <= last || r >= n) {
                throw new DescryException("rows must be strictly increasing indices in [0, " + n + "), got " + r
                        + (r <= last ? " after " + last : ""));
            }
            drop.clear(original[r]);
            last = r;
        }
        if (rows.length == 0) {
            throw new DescryException("rows must select at least one row");
        }
        Case c = new Case(dir, options, allPaths, files, arrays, zips);
        c.dropped = drop.isEmpty() ? null : drop;
        return c;
    }

    /**
     * A short key of which rows are in use ({@code "all"}, or a hash of the left-out rows), so that results
     * cached for one selection are not taken for another of the same size.
     */
    public String selectionKey() {
        if (dropped == null) {
            return "all";
        }
        return Integer.toHexString(java.util.Arrays.hashCode(dropped.toLongArray())) + "-" + droppedCount();
    }

    /** The zip files under {@code row_data/}, sorted. */
    public List<Path> zipFiles() {
        return zips;
    }

    /** The images, opened on first use; an error when the case has no zip. */
    public synchronized ImageArchive images() throws IOException {
        if (archive == null) {
            if (zips.isEmpty()) {
                throw new DescryException(dir.resolve("row_data") + ": no zip archive of images");
            }
            archive = ImageArchive.open(zips);
        }
        return archive;
    }

    @Override
    public synchronized void close() throws IOException {
        if (archive != null) {
            archive.close();
        }
    }
}
