package org.descry.describe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.AtomicWrite;

/**
 * Computes descriptor sets for every image of a zip and writes a case folder ({@link CaseFiles}): what
 * {@code descry describe ZIP --out DIR} does for a user with images but no CNN descriptors.
 *
 * <p>Which entries: files whose names end in {@code .jpg}, {@code .jpeg} or {@code .png} (any case), in the
 * zip's own (central directory) order, which is the row order of {@code images_paths.csv} and of every
 * descriptor set; directories, other files and macOS metadata ({@code __MACOSX/}, {@code ._*}) are passed
 * over silently. An image entry that cannot be read or decoded gets no row: it is reported through the
 * warning callback with its reason, and listed with it in {@code skipped_images.csv} ({@code paths,reason}),
 * so the rows stay aligned with images that exist.
 *
 * <p>Images are read and described on {@code threads} threads in chunks of {@value #CHUNK} rows; progress
 * is reported after each chunk.
 */
public final class ZipDescriber {

    public static final String SKIPPED = "skipped_images.csv";

    private static final int CHUNK = 256;
    private static final int MAX_SIDE = 256;

    /** An image entry that got no row, and why. */
    public record Skipped(String entryName, String reason) {}

    /** Entry names (with {@code '/'}), one per row, the descriptor sets by name, and the skipped entries. */
    public record Result(List<String> entryNames, Map<String, FloatMatrix> sets, List<Skipped> skipped) {}

    private final List<ImageDescriptor> descriptors;
    private final int threads;

    public ZipDescriber(List<ImageDescriptor> descriptors, int threads) {
        Objects.requireNonNull(descriptors, "descriptors");
        if (descriptors.isEmpty()) {
            throw new IllegalArgumentException("descriptors must not be empty");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.descriptors = List.copyOf(descriptors);
        this.threads = threads;
    }

    /** The four standard descriptors on one thread per processor. */
    public static ZipDescriber standard() {
        return new ZipDescriber(Descriptors.standard(), Workers.defaultThreads());
    }

    /** True for the entries this class describes. */
    public static boolean isImageEntry(String name) {
        if (name.endsWith("/") || name.startsWith("__MACOSX/")) {
            return false;
        }
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (base.startsWith("._")) {
            return false;
        }
        String lower = base.toLowerCase(Locale.ROOT);
        return lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".png");
    }

    /**
     * Describes every image of {@code zip} in memory.
     *
     * @param warnings receives one line per skipped image, e.g. {@code "a/b.jpg: cannot decode: ...; skipped"}
     * @throws DescryException when {@code zip} is no readable zip or holds no image
     */
    public Result describe(Path zip, Progress progress, Consumer<String> warnings) throws IOException {
        Objects.requireNonNull(zip, "zip");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(warnings, "warnings");
        try (ZipFile zf = open(zip)) {
            List<? extends ZipEntry> entries = zf.stream().filter(e -> !e.isDirectory() && isImageEntry(e.getName())).toList();
            if (entries.isEmpty()) {
                throw new DescryException(zip + ": no .jpg, .jpeg or .png entries");
            }
            int n = entries.size();
            DescriptorTable table = new DescriptorTable(descriptors, n);
            String[] failure = new String[n];
            try (Workers workers = new Workers(threads)) {
                for (int from = 0; from < n; from += CHUNK) {
                    int to = Math.min(n, from + CHUNK);
                    workers.forEach(from, to, i -> {
                        try {
                            table.describe(i, Images.decode(read(zf, entries.get(i)), MAX_SIDE));
                        } catch (IOException | RuntimeException e) {
                            failure[i] = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                        }
                    });
                    progress.step(to, n);
                }
            }
            List<String> names = new ArrayList<>(n);
            List<Skipped> skipped = new ArrayList<>();
            int[] keep = new int[n];
            int kept = 0;
            for (int i = 0; i < n; i++) {
                String name = entries.get(i).getName();
                if (failure[i] == null) {
                    names.add(name);
                    keep[kept++] = i;
                } else {
                    skipped.add(new Skipped(name, failure[i]));
                    warnings.accept(name + ": cannot decode: " + failure[i] + "; skipped");
                }
            }
            if (kept == 0) {
                throw new DescryException(zip + ": none of its " + n + " images could be decoded");
            }
            DescriptorTable rows = kept == n ? table : table.select(Arrays.copyOf(keep, kept));
            return new Result(List.copyOf(names), rows.sets(), List.copyOf(skipped));
        }
    }

    /**
     * Describes {@code zip} and writes the case folder {@code caseDir}: the descriptor sets, {@code images_paths.csv},
     * {@code skipped_images.csv} when images were skipped (removed otherwise), and the zip itself under
     * {@code row_data/} (a hard link when the file system allows, a copy otherwise; nothing when it is already
     * there). Every file is written atomically.
     */
    public Result writeCase(Path zip, Path caseDir, Progress progress, Consumer<String> warnings) throws IOException {
        Objects.requireNonNull(caseDir, "caseDir");
        Result r = describe(zip, progress, warnings);
        Files.createDirectories(caseDir);
        CaseFiles.writeDescriptors(caseDir, r.sets());
        CaseFiles.writeImagesPaths(caseDir, r.entryNames());
        Path skippedFile = caseDir.resolve(SKIPPED);
        if (r.skipped().isEmpty()) {
            Files.deleteIfExists(skippedFile);
        } else {
            StringBuilder sb = new StringBuilder("paths,reason\n");
            for (Skipped s : r.skipped()) {
                sb.append(CaseFiles.csvField(CaseFiles.csvPath(s.entryName()))).append(',')
                        .append(CaseFiles.csvField(s.reason())).append('\n');
            }
            AtomicWrite.writeString(skippedFile, sb.toString());
        }
        placeZip(zip, caseDir.resolve(CaseFiles.ROW_DATA).resolve(zip.getFileName()));
        return r;
    }

    private static void placeZip(Path zip, Path target) throws IOException {
        if (Files.exists(target) && Files.isSameFile(zip, target)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createLink(tmp, zip.toAbsolutePath());
        } catch (FileSystemException | UnsupportedOperationException e) {
            Files.copy(zip, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static ZipFile open(Path zip) {
        try {
            return new ZipFile(zip.toFile());
        } catch (ZipException e) {
            throw new DescryException(zip + ": not a zip file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DescryException(zip + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static byte[] read(ZipFile zf, ZipEntry e) throws IOException {
        try (InputStream in = zf.getInputStream(e)) {
            return in.readAllBytes();
        }
    }
}
