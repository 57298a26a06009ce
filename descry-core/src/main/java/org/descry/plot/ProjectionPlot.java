package org.descry.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A 3-D point cloud as four orthographic projections from different directions (three views from around and
 * above, one from straight above), in a 2 x 2 panel with one legend. A still picture cannot be turned, so it
 * shows several turns at once: clusters that hide behind each other in one view separate in another. Every panel
 * has the same scale and centre; a small triad shows where the x, y and z axes point.
 *
 * @param title  the title; may be empty
 * @param width  picture width in pixels
 * @param height picture height in pixels
 * @param seed   seed of the draw order
 */
public record ProjectionPlot(String title, int width, int height, long seed) {

    /** The views: azimuth (turn about the vertical axis) and elevation (tilt towards the viewer), in degrees. */
    static final double[][] VIEWS = {{30, 20}, {120, 20}, {210, 20}, {0, 90}};

    public ProjectionPlot {
        Objects.requireNonNull(title, "title");
        Figure.checkSize("width", width, 500);
        Figure.checkSize("height", height, 400);
    }

    /** 1300 x 1100, seed 0. */
    public static ProjectionPlot titled(String title) {
        return new ProjectionPlot(title, 1300, 1100, 0);
    }

    public ProjectionPlot withSize(int w, int h) {
        return new ProjectionPlot(title, w, h, seed);
    }

    public ProjectionPlot withSeed(long s) {
        return new ProjectionPlot(title, width, height, s);
    }

    /** The four projections of points {@code (x[i], y[i], z[i])}, coloured by {@code labels} (or one colour). */
    public BufferedImage render(float[] x, float[] y, float[] z, int[] labels) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(z, "z");
        ScatterLayer.check(x.length, new float[][] {x, y, z}, labels);
        int n = x.length;
        LabelGroups groups = labels == null ? null : LabelGroups.of(labels);
        double cx = median(x);
        double cy = median(y);
        double cz = median(z);
        double radius = radius(x, y, z, cx, cy, cz);
        int[] order = ScatterLayer.drawOrder(n, seed);
        BufferedImage img = Figure.canvas(width, height);
        Graphics2D g = Figure.graphics(img);
        try {
            Figure.title(g, title, width);
            int right = groups == null ? 20 : Legend.WIDTH + 20;
            int top = Figure.TITLE_BAND + 24;
            int cellW = (width - 20 - right) / 2;
            int cellH = (height - top - 10) / 2;
            float[] u = new float[n];
            float[] v = new float[n];
            int outside = 0;
            for (int p = 0; p < VIEWS.length; p++) {
                double az = Math.toRadians(VIEWS[p][0]);
                double el = Math.toRadians(VIEWS[p][1]);
                project(x, y, z, cx, cy, cz, az, el, u, v);
                int side = Math.min(cellW - 10, cellH - 30);
                Rectangle area = new Rectangle(20 + (p % 2) * cellW + (cellW - side) / 2, top + (p / 2) * cellH + 22,
                        side, side);
                Axes axes = new Axes(area, new NiceScale(-radius, radius, radius), new NiceScale(-radius, radius, radius));
                PointStyle style = PointStyle.forCount(n, (long) side * side);
                outside += ScatterLayer.draw(img, axes, u, v, labels, ScatterPlot.SINGLE, order, style);
                if (groups != null) {
                    ScatterLayer.drawIds(g, axes, u, v, groups);
                }
                g.setColor(new Color(0x999999));
                g.setStroke(new BasicStroke(1f));
                g.drawRect(area.x, area.y, area.width, area.height);
                g.setFont(Figure.font(12, false));
                g.setColor(Figure.TEXT);
                Figure.text(g, String.format(Locale.ROOT, "azimuth %.0f°, elevation %.0f°%s", VIEWS[p][0], VIEWS[p][1],
                        VIEWS[p][1] == 90 ? " (from above)" : ""), area.x + area.width / 2.0, area.y - 6, 0.5);
                triad(g, area, az, el);
            }
            g.setFont(Figure.font(12, false));
            g.setColor(Figure.TEXT);
            Figure.text(g, ScatterPlot.subtitle(n, groups, outside / VIEWS.length), width / 2.0,
                    Figure.TITLE_BAND + 12, 0.5);
            if (groups != null) {
                Legend.draw(g, groups, width - Legend.WIDTH - 10, top + 22, height - top - 40);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    public void writePng(Path png, float[] x, float[] y, float[] z, int[] labels) throws IOException {
        Png.write(render(x, y, z, labels), png);
    }

    /**
     * Orthographic projection after turning by {@code az} about the y axis and tilting by {@code el} about the
     * screen's horizontal axis: screen right is {@code u}, screen up is {@code v}.
     */
    static void project(float[] x, float[] y, float[] z, double cx, double cy, double cz, double az, double el,
            float[] u, float[] v) {
        double ca = Math.cos(az);
        double sa = Math.sin(az);
        double ce = Math.cos(el);
        double se = Math.sin(el);
        for (int i = 0; i < x.length; i++) {
            double px = x[i] - cx;
            double py = y[i] - cy;
            double pz = z[i] - cz;
            double rx = px * ca + pz * sa;
            double rz = -px * sa + pz * ca;
            u[i] = (float) rx;
            v[i] = (float) (py * ce - rz * se);
        }
    }

    /** Where the unit x, y, z axes point in this view, drawn in the panel's lower-left corner. */
    private static void triad(Graphics2D g, Rectangle area, double az, double el) {
        float[] u = new float[3];
        float[] v = new float[3];
        project(new float[] {1, 0, 0}, new float[] {0, 1, 0}, new float[] {0, 0, 1}, 0, 0, 0, az, el, u, v);
        int ox = area.x + 28;
        int oy = area.y + area.height - 28;
        String[] names = {"x", "y", "z"};
        g.setFont(Figure.font(11, true));
        g.setStroke(new BasicStroke(1.5f));
        for (int a = 0; a < 3; a++) {
            g.setColor(new Color(0x555555));
            int ex = (int) Math.round(ox + 18 * u[a]);
            int ey = (int) Math.round(oy - 18 * v[a]);
            g.drawLine(ox, oy, ex, ey);
            if (Math.abs(u[a]) + Math.abs(v[a]) > 0.2) {
                Figure.text(g, names[a], ox + 25 * u[a], oy - 25 * v[a] + 4, 0.5);
            }
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static double median(float[] a) {
        float[] s = ScatterLayer.sample(a);
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** The 99.8% quantile of the distance from the centre, widened by 5%: the half-width every panel shows. */
    private static double radius(float[] x, float[] y, float[] z, double cx, double cy, double cz) {
        int n = x.length;
        int m = Math.min(n, 20_000);
        double[] d = new double[m];
        for (int i = 0; i < m; i++) {
            int r = (int) ((long) i * n / m);
            double dx = x[r] - cx;
            double dy = y[r] - cy;
            double dz = z[r] - cz;
            d[i] = Math.sqrt(dx * dx + dy * dy + dz * dz);
        }
        Arrays.sort(d);
        double q = d[(int) Math.ceil(0.998 * (m - 1))] * 1.05;
        return q > 0 ? q : 1;
    }
}
