package org.descry.grid;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.descry.io.ImageArchive;

/**
 * A contact sheet of any list of images of a case (rows picked by a person, a cluster's sample, the top outliers):
 * read from the zip without extracting, one tile each, in the order given.
 *
 * @param columns tiles per row
 * @param tile    the side of a tile's square image box, in pixels
 */
public record RowSheet(int columns, int tile) {

    public RowSheet {
        new Sheet(columns, tile, tile);
    }

    /** 8 columns of 128-pixel tiles. */
    public static final RowSheet DEFAULT = new RowSheet(8, 128);

    /**
     * The sheet of {@code paths} (zip paths as {@code images_paths.csv} writes them) with one caption each and an
     * optional frame colour each ({@code frames} may be null; -1 for no frame).
     */
    public RenderedSheet render(String title, ImageArchive archive, List<String> paths, List<String> captions,
            int[] frames) {
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(captions, "captions");
        if (captions.size() != paths.size()) {
            throw new IllegalArgumentException("captions has " + captions.size() + " entries, paths " + paths.size());
        }
        if (frames != null && frames.length != paths.size()) {
            throw new IllegalArgumentException("frames has " + frames.length + " entries, paths " + paths.size());
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no images to show");
        }
        Thumbnails.Loaded loaded = Thumbnails.load(archive, paths, tile, tile);
        List<Tile> tiles = new ArrayList<>(paths.size());
        for (int i = 0; i < paths.size(); i++) {
            BufferedImage img = loaded.images().get(i);
            tiles.add(new Tile(img, captions.get(i), frames == null ? -1 : frames[i]));
        }
        return new RenderedSheet(new Sheet(columns, tile, tile).render(title, tiles), loaded.warnings());
    }

    /** The sheet of the given rows of a case whose image paths are {@code allPaths}, captioned by file name. */
    public RenderedSheet renderRows(String title, ImageArchive archive, List<String> allPaths, int[] rows) {
        Objects.requireNonNull(allPaths, "allPaths");
        Objects.requireNonNull(rows, "rows");
        List<String> paths = new ArrayList<>(rows.length);
        List<String> captions = new ArrayList<>(rows.length);
        for (int r : rows) {
            if (r < 0 || r >= allPaths.size()) {
                throw new IllegalArgumentException("row " + r + " is outside [0, " + allPaths.size() + ")");
            }
            paths.add(allPaths.get(r));
            captions.add(fileName(allPaths.get(r)));
        }
        return render(title, archive, paths, captions, null);
    }

    /** The last part of a path with either separator. */
    static String fileName(String path) {
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(cut + 1);
    }
}
