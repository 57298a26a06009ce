package org.descry.grid;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.descry.io.ImageArchive;

/**
 * The most unusual images first: a contact sheet of the highest outlier scores, in score order, each captioned
 * with its rank and score and framed in red when the detector flagged it, so a person sees at once whether the
 * top of the list is junk (glare, blur, empty road) or merely rare.
 *
 * @param count   images on the sheet
 * @param columns tiles per row
 * @param tile    side of a tile, in pixels
 */
public record OutlierSheet(int count, int columns, int tile) {

    static final int FLAG = 0xD62728;

    public OutlierSheet {
        if (count < 1 || count > 2000) {
            throw new IllegalArgumentException("count must be in [1, 2000], got " + count);
        }
        new Sheet(columns, tile, tile);
    }

    /** 48 images in 8 columns of 128 pixels. */
    public static final OutlierSheet DEFAULT = new OutlierSheet(48, 8, 128);

    public RenderedSheet render(ImageArchive archive, OutlierScores scores) {
        Objects.requireNonNull(scores, "scores");
        int[] top = scores.top(count);
        List<String> paths = new ArrayList<>(top.length);
        List<String> captions = new ArrayList<>(top.length);
        int[] frames = new int[top.length];
        for (int i = 0; i < top.length; i++) {
            int r = top[i];
            paths.add(scores.paths().get(r));
            captions.add(String.format(Locale.ROOT, "#%d  %.4g%s", i + 1, scores.scores()[r],
                    scores.flagged()[r] ? "  flagged" : ""));
            frames[i] = scores.flagged()[r] ? FLAG : -1;
        }
        int n = scores.scores().length;
        int flagged = scores.flaggedCount();
        String title = String.format(Locale.ROOT, "outliers - the %d highest of %,d scores (%,d flagged, %.1f%%; red frame)",
                top.length, n, flagged, 100.0 * flagged / n);
        return new RowSheet(columns, tile).render(title, archive, paths, captions, frames);
    }
}
