package org.descry.grid;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import org.descry.io.ImageArchive;
import org.descry.plot.LabelGroups;
import org.descry.plot.Palette;
import org.descry.plot.Png;

/**
 * What each cluster holds, as pictures: for every cluster a contact sheet of a seeded random sample of its images,
 * titled "cluster 3 - 1,204 images (14.6%)", and an index sheet with one row per cluster (its colour, id, size and
 * the first images of its sample) to compare clusters at a glance. Noise ({@code -1}) gets a sheet like a cluster.
 * Images are read from the zip without extracting; an unreadable one is a marked tile and a warning.
 *
 * @param perCluster images sampled per cluster (all of a smaller cluster)
 * @param seed       seed of the samples; each cluster's sample depends only on the seed and its label
 * @param columns    tiles per row of a cluster sheet
 * @param tile       side of a cluster sheet's tile, in pixels
 * @param indexTile  side of an index sheet's tile, in pixels
 * @param indexCount images per cluster on the index sheet
 */
public record ClusterGrid(int perCluster, long seed, int columns, int tile, int indexTile, int indexCount) {

    public ClusterGrid {
        if (perCluster < 1 || perCluster > 1000) {
            throw new IllegalArgumentException("perCluster must be in [1, 1000], got " + perCluster);
        }
        new Sheet(columns, tile, tile);
        new Sheet(1, indexTile, indexTile);
        if (indexCount < 1 || indexCount > 50) {
            throw new IllegalArgumentException("indexCount must be in [1, 50], got " + indexCount);
        }
    }

    /** 16 images per cluster in 4 columns of 128 pixels; an index of 8 images of 72 pixels per cluster. */
    public static ClusterGrid of(int perCluster, long seed) {
        return new ClusterGrid(perCluster, seed, (int) Math.ceil(Math.sqrt(perCluster)), 128, 72, 8);
    }

    /** One cluster's sheet. */
    public record ClusterSheet(int label, int size, RenderedSheet sheet) {}

    /** What {@link #write} wrote. */
    public record Written(List<Path> files, Path index, List<String> warnings) {}

    /** The sample rows of group {@code g}: {@link #perCluster} of its rows, drawn without replacement. */
    int[] sample(LabelGroups groups, int g) {
        int size = groups.size(g);
        int m = Math.min(perCluster, size);
        int[] idx = groups.members(g);
        SplittableRandom rnd = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (groups.label(g) + 1L)));
        for (int i = 0; i < m; i++) {
            int j = i + rnd.nextInt(size - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return java.util.Arrays.copyOf(idx, m);
    }

    /** The title of a cluster's sheet. */
    static String title(int label, int size, int total) {
        return String.format(Locale.ROOT, "%s - %,d images (%.1f%%)", label < 0 ? "noise" : "cluster " + label, size,
                100.0 * size / total);
    }

    /** The sheet of one cluster, {@code label}, of rows labelled {@code labels} with image paths {@code paths}. */
    public ClusterSheet render(ImageArchive archive, List<String> paths, int[] labels, int label) {
        LabelGroups groups = groups(paths, labels);
        int g = groups.groupOf(label);
        if (g < 0) {
            throw new IllegalArgumentException("no row has cluster " + label);
        }
        return sheet(archive, paths, groups, g, sample(groups, g));
    }

    private ClusterSheet sheet(ImageArchive archive, List<String> paths, LabelGroups groups, int g, int[] rows) {
        List<String> p = new ArrayList<>(rows.length);
        List<String> captions = new ArrayList<>(rows.length);
        for (int r : rows) {
            p.add(paths.get(r));
            captions.add(RowSheet.fileName(paths.get(r)));
        }
        RenderedSheet s = new RowSheet(columns, tile).render(title(groups.label(g), groups.size(g), groups.rows()),
                archive, p, captions, null);
        return new ClusterSheet(groups.label(g), groups.size(g), s);
    }

    /**
     * Writes {@code cluster-<id>.png} per cluster ({@code noise.png} for -1) and {@code index.png} into {@code dir};
     * each sheet is written as soon as it is drawn, so memory does not grow with the number of clusters.
     */
    public Written write(Path dir, ImageArchive archive, List<String> paths, int[] labels) throws IOException {
        Objects.requireNonNull(dir, "dir");
        LabelGroups groups = groups(paths, labels);
        List<Path> files = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<int[]> indexRows = new ArrayList<>();
        for (int g = 0; g < groups.count(); g++) {
            int[] rows = sample(groups, g);
            ClusterSheet cs = sheet(archive, paths, groups, g, rows);
            Path file = dir.resolve(fileName(groups.label(g)));
            cs.sheet().writePng(file);
            files.add(file);
            warnings.addAll(cs.sheet().warnings());
            indexRows.add(java.util.Arrays.copyOf(rows, Math.min(indexCount, rows.length)));
        }
        BufferedImage index = index(archive, paths, groups, indexRows);
        Path indexFile = dir.resolve("index.png");
        Png.write(index, indexFile);
        return new Written(List.copyOf(files), indexFile, List.copyOf(warnings));
    }

    /** {@code cluster-3.png}, {@code noise.png}. */
    public static String fileName(int label) {
        return label < 0 ? "noise.png" : "cluster-" + label + ".png";
    }

    /** The index sheet: one row per cluster, its colour chip, id, size and share, then its first sample images. */
    public BufferedImage index(ImageArchive archive, List<String> paths, int[] labels) {
        LabelGroups groups = groups(paths, labels);
        List<int[]> rows = new ArrayList<>();
        for (int g = 0; g < groups.count(); g++) {
            int[] s = sample(groups, g);
            rows.add(java.util.Arrays.copyOf(s, Math.min(indexCount, s.length)));
        }
        return index(archive, paths, groups, rows);
    }

    private BufferedImage index(ImageArchive archive, List<String> paths, LabelGroups groups, List<int[]> rows) {
        List<String> all = new ArrayList<>();
        for (int[] r : rows) {
            for (int row : r) {
                all.add(paths.get(row));
            }
        }
        List<BufferedImage> images = Thumbnails.load(archive, all, indexTile, indexTile).images();
        int label = 170;
        int rowH = indexTile + 6;
        int top = 40;
        int width = label + indexCount * (indexTile + 4) + 8;
        BufferedImage img = new BufferedImage(Math.max(width, 420), top + groups.count() * rowH + 6,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(0x222222));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(String.format(Locale.ROOT, "%d clusters of %,d images - %d random images each (seed %d)",
                    groups.clusterCount(), groups.rows(), indexCount, seed), 10, 26);
            int k = 0;
            for (int c = 0; c < groups.count(); c++) {
                int y = top + c * rowH;
                if (c % 2 == 1) {
                    g.setColor(new Color(0xF4F4F4));
                    g.fillRect(0, y, img.getWidth(), rowH);
                }
                g.setColor(new Color(Palette.categorical(groups.label(c))));
                g.fillRect(8, y + 6, 14, 14);
                g.setColor(new Color(0x222222));
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
                g.drawString(groups.label(c) < 0 ? "noise" : "cluster " + groups.label(c), 28, y + 18);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                g.drawString(String.format(Locale.ROOT, "%,d images", groups.size(c)), 28, y + 36);
                g.drawString(String.format(Locale.ROOT, "%.1f%%", 100.0 * groups.size(c) / groups.rows()), 28, y + 52);
                int[] r = rows.get(c);
                for (int i = 0; i < r.length; i++) {
                    Sheet.drawImage(g, images.get(k++), label + i * (indexTile + 4), y + 3, indexTile, indexTile);
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static LabelGroups groups(List<String> paths, int[] labels) {
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(labels, "labels");
        if (paths.size() != labels.length) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries, paths " + paths.size());
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("no rows to show");
        }
        return LabelGroups.of(labels);
    }
}
