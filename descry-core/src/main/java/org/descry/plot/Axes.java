package org.descry.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Stroke;

/**
 * A plot area and the data ranges it shows: maps data to pixels, and draws the frame, light grid lines at round
 * ticks, tick labels and axis titles. The ranges are widened to the outer ticks so the frame sits on round values.
 */
final class Axes {

    final Rectangle area;
    final NiceScale xs;
    final NiceScale ys;

    Axes(Rectangle area, NiceScale xs, NiceScale ys) {
        this.area = area;
        this.xs = xs;
        this.ys = ys;
    }

    /** Axes for data in {@code [x0, x1] x [y0, y1]}; {@code integerX} keeps x ticks on whole numbers. */
    static Axes of(Rectangle area, double x0, double x1, double y0, double y1, boolean integerX) {
        int xt = Math.max(2, area.width / 90);
        int yt = Math.max(2, area.height / 60);
        return new Axes(area, integerX ? NiceScale.integers(x0, x1, xt) : NiceScale.of(x0, x1, xt),
                NiceScale.of(y0, y1, yt));
    }

    double px(double x) {
        return area.x + (x - xs.first()) / (xs.last() - xs.first()) * area.width;
    }

    double py(double y) {
        return area.y + area.height - (y - ys.first()) / (ys.last() - ys.first()) * area.height;
    }

    /** Grid lines and ticks; call before the data so the data lies on top. */
    void drawGrid(Graphics2D g) {
        g.setColor(Figure.GRID);
        for (double t : xs.ticks()) {
            int x = (int) Math.round(px(t));
            g.drawLine(x, area.y, x, area.y + area.height);
        }
        for (double t : ys.ticks()) {
            int y = (int) Math.round(py(t));
            g.drawLine(area.x, y, area.x + area.width, y);
        }
    }

    /** The frame, tick labels and axis titles; call after the data. */
    void drawFrame(Graphics2D g, String xLabel, String yLabel) {
        Stroke before = g.getStroke();
        g.setStroke(new BasicStroke(1f));
        g.setColor(new Color(0x555555));
        g.drawRect(area.x, area.y, area.width, area.height);
        g.setFont(Figure.font(11, false));
        int bottom = area.y + area.height;
        for (double t : xs.ticks()) {
            int x = (int) Math.round(px(t));
            g.setColor(new Color(0x555555));
            g.drawLine(x, bottom, x, bottom + 4);
            g.setColor(Figure.TEXT);
            Figure.text(g, xs.label(t), x, bottom + 17, 0.5);
        }
        for (double t : ys.ticks()) {
            int y = (int) Math.round(py(t));
            g.setColor(new Color(0x555555));
            g.drawLine(area.x - 4, y, area.x, y);
            g.setColor(Figure.TEXT);
            Figure.text(g, ys.label(t), area.x - 7, y + 4, 1);
        }
        g.setFont(Figure.font(12, false));
        if (xLabel != null) {
            Figure.text(g, xLabel, area.x + area.width / 2.0, bottom + 35, 0.5);
        }
        if (yLabel != null) {
            Figure.verticalText(g, yLabel, area.x - 50, area.y + area.height / 2.0);
        }
        g.setStroke(before);
    }
}
