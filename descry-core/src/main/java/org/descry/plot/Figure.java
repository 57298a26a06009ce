package org.descry.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/** The drawing conventions every plot shares: a white RGB canvas, fonts, the title, text placement, dashes. */
final class Figure {

    /** Height of the title band. */
    static final int TITLE_BAND = 40;
    static final Color TEXT = new Color(0x222222);
    static final Color GRID = new Color(0xE6E6E6);
    static final Color MARK = new Color(0xC0392B);
    static final Stroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
            new float[] {6, 4}, 0);

    private Figure() {}

    /** A white {@code TYPE_INT_RGB} canvas, so point rasters can write its pixel array directly. */
    static BufferedImage canvas(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.util.Arrays.fill(((java.awt.image.DataBufferInt) img.getRaster().getDataBuffer()).getData(), 0xFFFFFF);
        return img;
    }

    static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setFont(font(12, false));
        g.setColor(TEXT);
        return g;
    }

    static Font font(int size, boolean bold) {
        return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size);
    }

    /** The title, bold and centred in the band at the top. */
    static void title(Graphics2D g, String title, int width) {
        if (title == null || title.isEmpty()) {
            return;
        }
        Font before = g.getFont();
        g.setFont(font(17, true));
        g.setColor(TEXT);
        text(g, fit(g, title, width - 20), width / 2.0, 27, 0.5);
        g.setFont(before);
    }

    /** Draws {@code s} with its baseline at {@code y}, its left, centre or right at {@code x} ({@code align} 0, 0.5, 1). */
    static void text(Graphics2D g, String s, double x, double y, double align) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, (float) (x - fm.stringWidth(s) * align), (float) y);
    }

    /** Text turned a quarter left (for a y-axis label), centred at {@code (x, y)}. */
    static void verticalText(Graphics2D g, String s, double x, double y) {
        AffineTransform before = g.getTransform();
        g.rotate(-Math.PI / 2, x, y);
        text(g, s, x, y, 0.5);
        g.setTransform(before);
    }

    /** {@code s} cut with an ellipsis to at most {@code width} pixels in the current font. */
    static String fit(Graphics2D g, String s, int width) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && fm.stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }

    static Color color(int rgb) {
        return new Color(rgb);
    }

    /** Checks a picture dimension. */
    static void checkSize(String name, int value, int min) {
        if (value < min || value > 16_000) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", 16000] pixels, got " + value);
        }
    }
}
