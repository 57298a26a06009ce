package org.descry.plot;

import java.awt.Graphics2D;
import java.util.Locale;

/** The cluster legend beside a map: a colour chip, the cluster id, its size and share, as many as fit. */
final class Legend {

    static final int WIDTH = 190;
    private static final int LINE = 18;

    private Legend() {}

    /** Draws the legend with its top-left at {@code (x, y)}, at most {@code height} pixels tall. */
    static void draw(Graphics2D g, LabelGroups groups, int x, int y, int height) {
        g.setFont(Figure.font(12, true));
        g.setColor(Figure.TEXT);
        g.drawString("cluster   images (share)", x, y + 12);
        g.setFont(Figure.font(12, false));
        int fit = Math.max(1, (height - LINE) / LINE);
        int shown = groups.count() <= fit ? groups.count() : fit - 1;
        long total = groups.rows();
        for (int k = 0; k < shown; k++) {
            int top = y + LINE + k * LINE;
            int label = groups.label(k);
            g.setColor(Figure.color(Palette.categorical(label)));
            g.fillRect(x, top + 3, 12, 12);
            g.setColor(Figure.TEXT);
            String name = label < 0 ? "noise" : Integer.toString(label);
            g.drawString(name, x + 18, top + 14);
            g.drawString(String.format(Locale.ROOT, "%,d (%.1f%%)", groups.size(k), 100.0 * groups.size(k) / total),
                    x + 62, top + 14);
        }
        if (shown < groups.count()) {
            g.setColor(Figure.TEXT);
            g.drawString("… and " + (groups.count() - shown) + " more", x + 18, y + LINE + shown * LINE + 14);
        }
    }
}
