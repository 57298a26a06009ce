package org.descry.plot;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A 2-D map of points (an embedding), coloured by cluster, with a legend of cluster sizes and each cluster's id
 * printed at its centre. Point size and opacity follow the count ({@link PointStyle#forCount}); points are drawn in
 * a seeded random order so no cluster always lies on top. Both axes have the same scale, so distances look as they
 * are.
 *
 * @param title  the title; may be empty
 * @param width  picture width in pixels
 * @param height picture height in pixels
 * @param seed   seed of the draw order
 * @param xLabel title of the x axis
 * @param yLabel title of the y axis
 */
public record ScatterPlot(String title, int width, int height, long seed, String xLabel, String yLabel) {

    /** The colour of points without labels. */
    public static final int SINGLE = 0x1F77B4;

    public ScatterPlot {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(xLabel, "xLabel");
        Objects.requireNonNull(yLabel, "yLabel");
        Figure.checkSize("width", width, 400);
        Figure.checkSize("height", height, 300);
    }

    /** 1200 x 900, seed 0, axes "x" and "y". */
    public static ScatterPlot titled(String title) {
        return new ScatterPlot(title, 1200, 900, 0, "x", "y");
    }

    public ScatterPlot withSize(int w, int h) {
        return new ScatterPlot(title, w, h, seed, xLabel, yLabel);
    }

    public ScatterPlot withSeed(long s) {
        return new ScatterPlot(title, width, height, s, xLabel, yLabel);
    }

    public ScatterPlot withAxisLabels(String x, String y) {
        return new ScatterPlot(title, width, height, seed, x, y);
    }

    /**
     * The map of points {@code (x[i], y[i])}; {@code labels} (one per point, -1 for noise) colours them, or
     * {@code null} draws every point in one colour without a legend.
     */
    public BufferedImage render(float[] x, float[] y, int[] labels) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        ScatterLayer.check(x.length, new float[][] {x, y}, labels);
        int n = x.length;
        LabelGroups groups = labels == null ? null : LabelGroups.of(labels);
        BufferedImage img = Figure.canvas(width, height);
        Graphics2D g = Figure.graphics(img);
        try {
            Figure.title(g, title, width);
            int right = groups == null ? 30 : Legend.WIDTH + 30;
            Rectangle area = new Rectangle(80, Figure.TITLE_BAND + 24, width - 80 - right,
                    height - Figure.TITLE_BAND - 24 - 55);
            double[] xr = ScatterLayer.viewRange(x);
            double[] yr = ScatterLayer.viewRange(y);
            equalScale(xr, yr, area);
            Axes axes = Axes.of(area, xr[0], xr[1], yr[0], yr[1], false);
            axes.drawGrid(g);
            PointStyle style = PointStyle.forCount(n, (long) area.width * area.height);
            int outside = ScatterLayer.draw(img, axes, x, y, labels, SINGLE, ScatterLayer.drawOrder(n, seed), style);
            if (groups != null) {
                ScatterLayer.drawIds(g, axes, x, y, groups);
            }
            axes.drawFrame(g, xLabel, yLabel);
            g.setFont(Figure.font(12, false));
            g.setColor(Figure.TEXT);
            Figure.text(g, subtitle(n, groups, outside), width / 2.0, Figure.TITLE_BAND + 12, 0.5);
            if (groups != null) {
                Legend.draw(g, groups, width - Legend.WIDTH - 10, area.y, area.height);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    public void writePng(Path png, float[] x, float[] y, int[] labels) throws IOException {
        Png.write(render(x, y, labels), png);
    }

    static String subtitle(int n, LabelGroups groups, int outside) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%,d points", n));
        if (groups != null) {
            s.append(String.format(Locale.ROOT, ", %d clusters", groups.clusterCount()));
            int noise = groups.groupOf(-1);
            if (noise >= 0) {
                s.append(String.format(Locale.ROOT, ", %,d noise (grey)", groups.size(noise)));
            }
        }
        if (outside > 0) {
            s.append(String.format(Locale.ROOT, "; %,d outside the view", outside));
        }
        return s.toString();
    }

    /** Widens the shorter range so one data unit is as many pixels across as up. */
    static void equalScale(double[] xr, double[] yr, Rectangle area) {
        double sx = (xr[1] - xr[0]) / area.width;
        double sy = (yr[1] - yr[0]) / area.height;
        if (sx > sy) {
            double c = (yr[0] + yr[1]) / 2;
            yr[0] = c - sx * area.height / 2;
            yr[1] = c + sx * area.height / 2;
        } else {
            double c = (xr[0] + xr[1]) / 2;
            xr[0] = c - sy * area.width / 2;
            xr[1] = c + sy * area.width / 2;
        }
    }
}
