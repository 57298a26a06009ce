package org.descry.grid;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * A contact sheet: tiles of equal size in rows, each image fitted into its tile with a caption below, under an
 * optional title. A tile without an image is drawn as a grey box crossed in red with the word "missing", so a
 * sheet is always complete and a reader sees where something could not be read.
 *
 * @param columns    tiles per row
 * @param tileWidth  width of the image box of a tile, in pixels
 * @param tileHeight height of the image box of a tile, in pixels
 */
public record Sheet(int columns, int tileWidth, int tileHeight) {

    static final int GAP = 2;
    static final int CAPTION = 12;
    static final int TITLE = 30;
    static final Color MISSING_FILL = new Color(0xEEEEEE);
    static final Color MISSING_MARK = new Color(0xD62728);

    public Sheet {
        if (columns < 1 || columns > 200) {
            throw new IllegalArgumentException("columns must be in [1, 200], got " + columns);
        }
        if (tileWidth < 8 || tileWidth > 2048 || tileHeight < 8 || tileHeight > 2048) {
            throw new IllegalArgumentException("tile size must be in [8, 2048] pixels, got " + tileWidth + " x "
                    + tileHeight);
        }
    }

    /** The sheet of {@code tiles} under {@code title} (no title band when it is null or empty). */
    public BufferedImage render(String title, List<Tile> tiles) {
        Objects.requireNonNull(tiles, "tiles");
        if (tiles.isEmpty()) {
            throw new IllegalArgumentException("tiles must not be empty");
        }
        boolean titled = title != null && !title.isEmpty();
        int cols = Math.min(columns, tiles.size());
        int rows = (tiles.size() + cols - 1) / cols;
        int cellW = tileWidth + GAP;
        int cellH = tileHeight + CAPTION + GAP;
        int top = titled ? TITLE : 0;
        int width = Math.max(cols * cellW + GAP, titled ? 360 : 0);
        BufferedImage sheet = new BufferedImage(width, top + rows * cellH + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            if (titled) {
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
                g.setColor(new Color(0x222222));
                FontMetrics fm = g.getFontMetrics();
                g.drawString(title, Math.max(GAP + 2, (width - fm.stringWidth(title)) / 2), 21);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            for (int i = 0; i < tiles.size(); i++) {
                Tile t = tiles.get(i);
                int x = GAP + (i % cols) * cellW;
                int y = top + GAP + (i / cols) * cellH;
                drawImage(g, t.image(), x, y, tileWidth, tileHeight);
                if (t.frame() >= 0) {
                    g.setColor(new Color(t.frame()));
                    g.setStroke(new BasicStroke(2f));
                    g.drawRect(x, y, tileWidth - 1, tileHeight - 1);
                    g.setStroke(new BasicStroke(1f));
                }
                g.setColor(Color.BLACK);
                g.drawString(cut(g.getFontMetrics(), t.caption(), tileWidth), x, y + tileHeight + CAPTION - 2);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /**
     * Draws {@code img} fitted into the box, centred: shrunk smoothly when larger, enlarged by the largest whole
     * factor (nearest neighbour, pixels stay sharp) when smaller; a marked empty box when {@code img} is null.
     */
    static void drawImage(Graphics2D g, BufferedImage img, int x, int y, int w, int h) {
        if (img == null) {
            g.setColor(MISSING_FILL);
            g.fillRect(x, y, w, h);
            g.setColor(MISSING_MARK);
            g.setStroke(new BasicStroke(2f));
            g.drawLine(x + 3, y + 3, x + w - 4, y + h - 4);
            g.drawLine(x + w - 4, y + 3, x + 3, y + h - 4);
            g.drawRect(x + 1, y + 1, w - 3, h - 3);
            g.setStroke(new BasicStroke(1f));
            Font before = g.getFont();
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
            FontMetrics fm = g.getFontMetrics();
            g.setColor(MISSING_FILL);
            int tw = fm.stringWidth("missing");
            g.fillRect(x + (w - tw) / 2 - 2, y + h / 2 - 10, tw + 4, 14);
            g.setColor(MISSING_MARK);
            g.drawString("missing", x + (w - tw) / 2, y + h / 2 + 1);
            g.setFont(before);
            return;
        }
        double s = Math.min((double) w / img.getWidth(), (double) h / img.getHeight());
        Object hint;
        if (s >= 1) {
            s = Math.floor(s);
            hint = RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR;
        } else {
            hint = RenderingHints.VALUE_INTERPOLATION_BILINEAR;
        }
        int dw = Math.max(1, (int) Math.round(img.getWidth() * s));
        int dh = Math.max(1, (int) Math.round(img.getHeight() * s));
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, hint);
        g.drawImage(img, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh, null);
    }

    private static String cut(FontMetrics fm, String text, int width) {
        String t = text;
        while (t.length() > 1 && fm.stringWidth(t) > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
