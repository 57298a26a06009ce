package org.descry.io;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.descry.data.DescryException;

/**
 * Random access to the images of a case inside its zip archives, without extracting them.
 *
 * <p>Paths come as {@code images_paths.csv} writes them: Windows separators ({@code veriwild\1\00001\000001.jpg}),
 * with or without the archive's top folder (when every entry of a zip sits under one folder, a CSV path whose
 * first folder differs is also tried under it). Lookup uses the zip central directory (a hash map), so reading one
 * image of a 400k-entry archive costs one seek. Thread-safe: {@link ZipFile} serialises entry reads.
 */
public final class ImageArchive implements Closeable {

    private final List<ZipFile> zips = new ArrayList<>();
    private final List<Path> files;
    /** Top-level folders that hold every entry of some zip, such as {@code veriwild/}; tried as prefixes. */
    private final Set<String> topFolders = new HashSet<>();
    private final int entryCount;

    private ImageArchive(List<Path> files) throws IOException {
        this.files = List.copyOf(files);
        int count = 0;
        for (Path f : files) {
            ZipFile zip;
            try {
                zip = new ZipFile(f.toFile());
            } catch (ZipException e) {
                close();
                throw new DescryException(f + ": not a readable zip archive (" + e.getMessage() + ")");
            }
            zips.add(zip);
            String top = null;
            boolean single = true;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (!e.isDirectory()) {
                    count++;
                }
                int slash = e.getName().indexOf('/');
                String first = slash < 0 ? "" : e.getName().substring(0, slash + 1);
                if (top == null) {
                    top = first;
                } else if (!top.equals(first)) {
                    single = false;
                }
            }
            if (single && top != null && !top.isEmpty()) {
                topFolders.add(top);
            }
        }
        this.entryCount = count;
    }

    /** Opens the given zip files; paths are looked up in them in order. */
    public static ImageArchive open(List<Path> zipFiles) throws IOException {
        Objects.requireNonNull(zipFiles, "zipFiles");
        return new ImageArchive(zipFiles);
    }

    public static ImageArchive open(Path zipFile) throws IOException {
        return open(List.of(zipFile));
    }

    /** The zip files, in lookup order. */
    public List<Path> files() {
        return files;
    }

    /** Files (not folders) in all archives. */
    public int entryCount() {
        return entryCount;
    }

    /** True when {@code path} names an entry. */
    public boolean contains(String path) {
        return find(path) != null;
    }

    /** The raw bytes of the entry that {@code path} names. */
    public byte[] readBytes(String path) throws IOException {
        Located at = locate(path);
        try (InputStream in = at.zip.getInputStream(at.entry)) {
            return in.readAllBytes();
        } catch (ZipException e) {
            throw new DescryException(at.file + ": entry '" + at.entry.getName() + "' is damaged: " + e.getMessage());
        }
    }

    /** Decodes the image that {@code path} names (JPEG, PNG, or anything ImageIO reads). */
    public BufferedImage read(String path) throws IOException {
        Located at = locate(path);
        BufferedImage img;
        try (InputStream in = at.zip.getInputStream(at.entry)) {
            img = ImageIO.read(in);
        } catch (IOException e) {
            throw new DescryException(at.file + ": entry '" + at.entry.getName() + "' cannot be decoded: "
                    + e.getMessage());
        }
        if (img == null) {
            throw new DescryException(at.file + ": entry '" + at.entry.getName() + "' is not an image ImageIO reads");
        }
        return img;
    }

    /** The image scaled to fit {@code maxWidth x maxHeight}, aspect kept, as RGB. */
    public BufferedImage thumbnail(String path, int maxWidth, int maxHeight) throws IOException {
        return fit(read(path), maxWidth, maxHeight);
    }

    /** Scales {@code img} to fit the box, keeping its aspect ratio (bilinear, in steps when shrinking a lot). */
    public static BufferedImage fit(BufferedImage img, int maxWidth, int maxHeight) {
        if (maxWidth <= 0 || maxHeight <= 0) {
            throw new IllegalArgumentException("thumbnail box must be positive, got " + maxWidth + " x " + maxHeight);
        }
        double s = Math.min((double) maxWidth / img.getWidth(), (double) maxHeight / img.getHeight());
        int w = Math.max(1, (int) Math.round(img.getWidth() * s));
        int h = Math.max(1, (int) Math.round(img.getHeight() * s));
        BufferedImage cur = img;
        while (cur.getWidth() / 2 >= w && cur.getHeight() / 2 >= h) {
            cur = scale(cur, cur.getWidth() / 2, cur.getHeight() / 2);
        }
        return scale(cur, w, h);
    }

    private static BufferedImage scale(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** The zip entry name that {@code path} resolves to, or {@code null}. */
    public String entryName(String path) {
        Located at = find(path);
        return at == null ? null : at.entry.getName();
    }

    private Located locate(String path) {
        Located at = find(path);
        if (at == null) {
            throw new DescryException(describeFiles() + ": no image '" + path + "'");
        }
        return at;
    }

    private String describeFiles() {
        return files.size() == 1 ? files.getFirst().toString() : files.toString();
    }

    private Located find(String path) {
        Objects.requireNonNull(path, "path");
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        if (p.startsWith("/")) {
            p = p.substring(1);
        }
        int slash = p.indexOf('/');
        String withoutTop = slash < 0 ? null : p.substring(slash + 1);
        for (int i = 0; i < zips.size(); i++) {
            ZipFile z = zips.get(i);
            ZipEntry e = z.getEntry(p);
            for (String top : topFolders) {
                if (e == null) {
                    e = z.getEntry(top + p);
                }
                if (e == null && withoutTop != null) {
                    e = z.getEntry(top + withoutTop);
                }
            }
            if (e == null && withoutTop != null) {
                e = z.getEntry(withoutTop);
            }
            if (e != null && !e.isDirectory()) {
                return new Located(files.get(i), z, e);
            }
        }
        return null;
    }

    private record Located(Path file, ZipFile zip, ZipEntry entry) {}

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (ZipFile z : zips) {
            try {
                z.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
