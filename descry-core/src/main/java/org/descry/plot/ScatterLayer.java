package org.descry.plot;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What the 2-D map and each 3-D projection share: the seeded draw order, the view range, drawing the points
 * into the raster, and each cluster's id printed at its centre.
 */
final class ScatterLayer {

    /** Largest sample used for quantiles and centres. */
    private static final int SAMPLE = 20_000;

    private ScatterLayer() {}

    /**
     * A seeded random permutation of {@code 0..n-1}: points are drawn in this order, so no cluster is always drawn
     * last over the others, and the picture is the same for the same seed.
     */
    static int[] drawOrder(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * The range to show of one coordinate: from its 0.1% to its 99.9% quantile (on an evenly spaced sample above
     * 20,000 points), widened by 4%, so a handful of far outliers do not squeeze every cluster into a corner.
     * Points outside are counted and said in the subtitle.
     */
    static double[] viewRange(float[] v) {
        float[] s = sample(v);
        Arrays.sort(s);
        double lo = s[(int) Math.floor(0.001 * (s.length - 1))];
        double hi = s[(int) Math.ceil(0.999 * (s.length - 1))];
        double pad = (hi - lo) * 0.04;
        if (pad == 0) {
            pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
        }
        return new double[] {lo - pad, hi + pad};
    }

    static float[] sample(float[] v) {
        if (v.length <= SAMPLE) {
            return v.clone();
        }
        float[] s = new float[SAMPLE];
        for (int i = 0; i < SAMPLE; i++) {
            s[i] = v[(int) ((long) i * v.length / SAMPLE)];
        }
        return s;
    }

    /** Checks the coordinates and labels of a scatter plot; every coordinate must be finite. */
    static void check(int n, float[][] coords, int[] labels) {
        if (n == 0) {
            throw new IllegalArgumentException("no points to plot");
        }
        char axis = 'x';
        for (float[] c : coords) {
            if (c.length != n) {
                throw new IllegalArgumentException(axis + " has " + c.length + " values, x has " + n);
            }
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(c[i])) {
                    throw new IllegalArgumentException(axis + "[" + i + "] is " + c[i] + "; coordinates must be finite");
                }
            }
            axis++;
        }
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException("labels has " + labels.length + " values, the points " + n);
        }
    }

    /**
     * Draws the points in {@code order} through {@code axes}, coloured by label (or {@code single} without labels);
     * returns how many fell outside the area.
     */
    static int draw(BufferedImage img, Axes axes, float[] u, float[] v, int[] labels, int single, int[] order,
            PointStyle style) {
        PointRaster raster = new PointRaster(img, axes.area);
        int outside = 0;
        for (int i : order) {
            int rgb = labels == null ? single : Palette.categorical(labels[i]);
            double px = axes.px(u[i]);
            double py = axes.py(v[i]);
            if (px < axes.area.x || px >= axes.area.x + axes.area.width || py < axes.area.y
                    || py >= axes.area.y + axes.area.height) {
                outside++;
                continue;
            }
            raster.disc((int) px, (int) py, style.radius(), rgb, style.alpha());
        }
        return outside;
    }

    /**
     * Prints each cluster's id at the median of its points (of up to 2,000 evenly spaced members), so clusters
     * whose colours repeat or look alike can still be told apart. Noise gets no id. Skipped above 80 clusters.
     */
    static void drawIds(Graphics2D g, Axes axes, float[] u, float[] v, LabelGroups groups) {
        if (groups.clusterCount() > 80) {
            return;
        }
        g.setFont(Figure.font(groups.clusterCount() > 30 ? 11 : 14, true));
        for (int k = 0; k < groups.count(); k++) {
            if (groups.label(k) < 0) {
                continue;
            }
            int m = Math.min(2000, groups.size(k));
            float[] us = new float[m];
            float[] vs = new float[m];
            for (int i = 0; i < m; i++) {
                int r = groups.member(k, (int) ((long) i * groups.size(k) / m));
                us[i] = u[r];
                vs[i] = v[r];
            }
            Arrays.sort(us);
            Arrays.sort(vs);
            double px = axes.px(us[m / 2]);
            double py = axes.py(vs[m / 2]);
            if (axes.area.contains(px, py)) {
                badge(g, Integer.toString(groups.label(k)), px, py, Palette.categorical(groups.label(k)));
            }
        }
    }

    /** The id in a rounded box of the cluster's colour with a white rim, text black or white for contrast. */
    static void badge(Graphics2D g, String id, double cx, double cy, int rgb) {
        java.awt.FontMetrics fm = g.getFontMetrics();
        int w = Math.max(fm.getHeight(), fm.stringWidth(id) + 8);
        int h = fm.getAscent() + 4;
        int x = (int) Math.round(cx - w / 2.0);
        int y = (int) Math.round(cy - h / 2.0);
        g.setColor(java.awt.Color.WHITE);
        g.fillRoundRect(x - 2, y - 2, w + 4, h + 4, h, h);
        g.setColor(Figure.color(rgb));
        g.fillRoundRect(x, y, w, h, h - 2, h - 2);
        g.setColor(Palette.luminance(rgb) > 0.6 ? java.awt.Color.BLACK : java.awt.Color.WHITE);
        Figure.text(g, id, cx, y + fm.getAscent() + 1, 0.5);
    }
}
