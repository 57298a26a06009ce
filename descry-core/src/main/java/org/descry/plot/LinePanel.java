package org.descry.plot;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Path2D;

/** One curve in its own axes with a subtitle, for the metric-versus-k and explained-variance figures. */
final class LinePanel {

    private LinePanel() {}

    /**
     * Draws {@code ys} against {@code xs} in {@code area} (NaN values are gaps), with markers when there are few
     * points; returns the axes so callers can add marks. {@code yLo} and {@code yHi} may widen the y range.
     */
    static Axes draw(Graphics2D g, Rectangle area, String subtitle, double[] xs, double[] ys, String xLabel,
            String yLabel, int rgb, boolean integerX, double yLo, double yHi) {
        double lo = yLo;
        double hi = yHi;
        for (double y : ys) {
            if (Double.isFinite(y)) {
                lo = Double.isNaN(lo) ? y : Math.min(lo, y);
                hi = Double.isNaN(hi) ? y : Math.max(hi, y);
            }
        }
        Axes axes = Axes.of(area, xs[0], xs[xs.length - 1], Double.isNaN(lo) ? 0 : lo, Double.isNaN(hi) ? 1 : hi,
                integerX);
        axes.drawGrid(g);
        g.setColor(Figure.color(rgb));
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double path = new Path2D.Double();
        boolean pen = false;
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isFinite(ys[i])) {
                pen = false;
                continue;
            }
            if (pen) {
                path.lineTo(axes.px(xs[i]), axes.py(ys[i]));
            } else {
                path.moveTo(axes.px(xs[i]), axes.py(ys[i]));
                pen = true;
            }
        }
        g.draw(path);
        if (xs.length <= 60) {
            for (int i = 0; i < xs.length; i++) {
                if (Double.isFinite(ys[i])) {
                    g.fillOval((int) Math.round(axes.px(xs[i])) - 3, (int) Math.round(axes.py(ys[i])) - 3, 7, 7);
                }
            }
        }
        g.setStroke(new BasicStroke(1f));
        axes.drawFrame(g, xLabel, yLabel);
        g.setFont(Figure.font(13, true));
        g.setColor(Figure.TEXT);
        Figure.text(g, subtitle, area.x + area.width / 2.0, area.y - 8, 0.5);
        return axes;
    }

    /** A dashed vertical line at {@code x} across the area, with a label at its top. */
    static void markX(Graphics2D g, Axes axes, double x, String label) {
        int px = (int) Math.round(axes.px(x));
        g.setColor(Figure.MARK);
        g.setStroke(Figure.DASHED);
        g.drawLine(px, axes.area.y, px, axes.area.y + axes.area.height);
        g.setStroke(new BasicStroke(1f));
        g.setFont(Figure.font(12, true));
        boolean right = px < axes.area.x + axes.area.width * 0.7;
        Figure.text(g, label, px + (right ? 5 : -5), axes.area.y + 16, right ? 0 : 1);
    }

    /** A dashed horizontal line at {@code y} across the area, with a label at its left end. */
    static void markY(Graphics2D g, Axes axes, double y, String label) {
        markY(g, axes, y, label, Figure.MARK);
    }

    /** As {@link #markY(Graphics2D, Axes, double, String)} in another colour. */
    static void markY(Graphics2D g, Axes axes, double y, String label, java.awt.Color colour) {
        int py = (int) Math.round(axes.py(y));
        g.setColor(colour);
        g.setStroke(Figure.DASHED);
        g.drawLine(axes.area.x, py, axes.area.x + axes.area.width, py);
        g.setStroke(new BasicStroke(1f));
        g.setFont(Figure.font(12, true));
        Figure.text(g, label, axes.area.x + axes.area.width - 6, py - 5, 1);
    }
}
