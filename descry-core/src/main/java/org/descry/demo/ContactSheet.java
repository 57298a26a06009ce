package org.descry.demo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.descry.data.DescryException;
import org.descry.describe.CaseFiles;
import org.descry.describe.Images;
import org.descry.grid.Sheet;
import org.descry.grid.Tile;
import org.descry.plot.Png;

/**
 * The demo's sample sheet: images at a whole-number scale with a caption under each, and the rows of a generated
 * case captioned with their true labels. The drawing is {@link Sheet}'s, which the cluster and outlier grids share.
 */
public final class ContactSheet {

    private ContactSheet() {}

    /**
     * The images in a grid of {@code columns}, each scaled by {@code scale} (nearest neighbour, so pixels stay
     * visible) in a cell as large as the largest image, with its caption below.
     */
    public static BufferedImage render(List<BufferedImage> images, List<String> captions, int columns, int scale) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(captions, "captions");
        if (images.isEmpty()) {
            throw new IllegalArgumentException("images must not be empty");
        }
        if (captions.size() != images.size()) {
            throw new IllegalArgumentException("captions has " + captions.size() + " entries, images " + images.size());
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        }
        if (scale < 1 || scale > 16) {
            throw new IllegalArgumentException("scale must be in [1, 16], got " + scale);
        }
        int cw = 0;
        int ch = 0;
        for (BufferedImage img : images) {
            cw = Math.max(cw, img.getWidth() * scale);
            ch = Math.max(ch, img.getHeight() * scale);
        }
        List<Tile> tiles = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            tiles.add(Tile.of(images.get(i), captions.get(i)));
        }
        return new Sheet(Math.min(columns, 200), Math.max(8, cw), Math.max(8, ch)).render(null, tiles);
    }

    /** Renders the sheet and writes it to {@code png}. */
    public static void write(Path png, List<BufferedImage> images, List<String> captions, int columns, int scale)
            throws IOException {
        Png.write(render(images, captions, columns, scale), png);
    }

    /**
     * A sheet of the given rows of a case folder: the images from its zip under {@code row_data/}, captioned
     * "type colour view" from {@code labels.csv} ("OUT kind" for a bad image), or with the file name when the
     * case has no labels.
     */
    public static void writeCaseRows(Path caseDir, int[] rows, Path png, int columns, int scale) throws IOException {
        List<String> paths = readColumn(caseDir.resolve(CaseFiles.IMAGES_PATHS), false);
        Path labelsFile = caseDir.resolve(CaseFiles.LABELS);
        List<String> labels = Files.exists(labelsFile) ? readColumn(labelsFile, true) : null;
        List<BufferedImage> images = new ArrayList<>(rows.length);
        List<String> captions = new ArrayList<>(rows.length);
        try (ZipFile zip = new ZipFile(findZip(caseDir).toFile())) {
            for (int row : rows) {
                if (row < 0 || row >= paths.size()) {
                    throw new IllegalArgumentException("row " + row + " is outside [0, " + paths.size() + ")");
                }
                String name = paths.get(row).replace('\\', '/');
                ZipEntry e = zip.getEntry(name);
                if (e == null) {
                    throw new DescryException(caseDir + ": " + name + " is not in the zip");
                }
                try (InputStream in = zip.getInputStream(e)) {
                    images.add(Images.decode(in.readAllBytes()));
                }
                captions.add(labels == null ? name.substring(name.lastIndexOf('/') + 1) : labels.get(row));
            }
        }
        write(png, images, captions, columns, scale);
    }

    private static Path findZip(Path caseDir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(caseDir.resolve(CaseFiles.ROW_DATA), "*.zip")) {
            for (Path p : ds) {
                return p;
            }
        }
        throw new DescryException(caseDir + ": no zip in " + CaseFiles.ROW_DATA + "/");
    }

    /**
     * The path column of {@code images_paths.csv} or, with {@code captions}, "type colour view" / "OUT kind" from
     * {@code labels.csv}, whose last five fields never hold a comma, so only the path may be quoted.
     */
    private static List<String> readColumn(Path csv, boolean captions) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(lines.size());
        for (String line : lines.subList(1, lines.size())) {
            if (!captions) {
                out.add(line.startsWith("\"") ? line.substring(1, line.length() - 1).replace("\"\"", "\"") : line);
                continue;
            }
            String[] f = line.split(",", -1);
            int n = f.length;
            if (n < 6) {
                throw new DescryException(csv + ": expected paths,item,type,colour,view,outlier, got: " + line);
            }
            out.add(f[n - 1].isEmpty() ? f[n - 4] + " " + f[n - 3] + " " + f[n - 2] : "OUT " + f[n - 1]);
        }
        return out;
    }
}
