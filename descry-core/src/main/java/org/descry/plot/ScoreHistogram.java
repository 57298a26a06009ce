package org.descry.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The distribution of outlier scores as a histogram, with the threshold as a dashed line, the bins above it in
 * red and the flagged count and share in the subtitle: whether the threshold cuts a separate tail or the middle of
 * the bulk. Scores at or above the threshold are flagged.
 *
 * @param title  the title; may be empty
 * @param width  picture width in pixels
 * @param height picture height in pixels
 * @param bins   number of bars
 */
public record ScoreHistogram(String title, int width, int height, int bins) {

    private static final int BELOW = 0x6B8EB8;
    private static final int ABOVE = 0xD62728;

    public ScoreHistogram {
        Objects.requireNonNull(title, "title");
        Figure.checkSize("width", width, 400);
        Figure.checkSize("height", height, 300);
        if (bins < 2 || bins > 1000) {
            throw new IllegalArgumentException("bins must be in [2, 1000], got " + bins);
        }
    }

    /** 1000 x 600, 60 bins. */
    public static ScoreHistogram titled(String title) {
        return new ScoreHistogram(title, 1000, 600, 60);
    }

    /** Counts of {@code scores} in {@code bins} equal bins over [lo, hi]; the maximum lands in the last bin. */
    static long[] counts(double[] scores, double lo, double hi, int bins) {
        long[] c = new long[bins];
        double w = (hi - lo) / bins;
        for (double s : scores) {
            int b = w == 0 ? 0 : (int) Math.floor((s - lo) / w);
            c[Math.max(0, Math.min(bins - 1, b))]++;
        }
        return c;
    }

    /** The histogram of {@code scores} (finite), the threshold marked (NaN for none). */
    public BufferedImage render(double[] scores, double threshold) {
        Objects.requireNonNull(scores, "scores");
        if (scores.length == 0) {
            throw new IllegalArgumentException("scores must not be empty");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        long flagged = 0;
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i];
            if (!Double.isFinite(s)) {
                throw new IllegalArgumentException("scores[" + i + "] is " + s + "; scores must be finite");
            }
            lo = Math.min(lo, s);
            hi = Math.max(hi, s);
            flagged += s >= threshold ? 1 : 0;
        }
        if (Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite or NaN for none, got " + threshold);
        }
        if (!Double.isNaN(threshold)) {
            lo = Math.min(lo, threshold);
            hi = Math.max(hi, threshold);
        }
        if (hi == lo) {
            hi = lo + 1;
        }
        long[] counts = counts(scores, lo, hi, bins);
        long top = 1;
        for (long c : counts) {
            top = Math.max(top, c);
        }
        BufferedImage img = Figure.canvas(width, height);
        Graphics2D g = Figure.graphics(img);
        try {
            Figure.title(g, title, width);
            Rectangle area = new Rectangle(85, Figure.TITLE_BAND + 32, width - 115, height - Figure.TITLE_BAND - 32 - 60);
            Axes axes = Axes.of(area, lo, hi, 0, top, false);
            axes.drawGrid(g);
            double w = (hi - lo) / bins;
            for (int b = 0; b < bins; b++) {
                if (counts[b] == 0) {
                    continue;
                }
                double b0 = lo + b * w;
                int x0 = (int) Math.round(axes.px(b0));
                int x1 = (int) Math.round(axes.px(b0 + w));
                int y = (int) Math.round(axes.py(counts[b]));
                boolean above = !Double.isNaN(threshold) && b0 + w / 2 >= threshold;
                g.setColor(Figure.color(above ? ABOVE : BELOW));
                g.fillRect(x0, y, Math.max(1, x1 - x0 - 1), (int) Math.round(axes.py(0)) - y);
            }
            axes.drawFrame(g, "outlier score", "images");
            g.setFont(Figure.font(13, true));
            g.setColor(Figure.TEXT);
            String sub = Double.isNaN(threshold)
                    ? String.format(Locale.ROOT, "%,d images", scores.length)
                    : String.format(Locale.ROOT, "%,d images; %,d at or above the threshold (%.1f%%)", scores.length,
                            flagged, 100.0 * flagged / scores.length);
            Figure.text(g, sub, area.x + area.width / 2.0, area.y - 8, 0.5);
            if (!Double.isNaN(threshold)) {
                LinePanel.markX(g, axes, threshold, "threshold " + NiceScale.format(threshold, w / 10));
            }
            g.setColor(new Color(0x555555));
        } finally {
            g.dispose();
        }
        return img;
    }

    public void writePng(Path png, double[] scores, double threshold) throws IOException {
        Png.write(render(scores, threshold), png);
    }
}
