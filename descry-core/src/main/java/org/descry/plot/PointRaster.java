package org.descry.plot;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Draws points straight into the pixel array of a {@code TYPE_INT_RGB} image, blending each disc over what is
 * there ("source over" with integer alpha), clipped to a rectangle. One array write per covered pixel instead of a
 * Java2D shape per point: hundreds of thousands of points take milliseconds.
 */
final class PointRaster {

    private final int[] pixels;
    private final int stride;
    private final int x0;
    private final int y0;
    private final int x1;
    private final int y1;

    PointRaster(BufferedImage image, Rectangle clip) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("a TYPE_INT_RGB image is needed, got type " + image.getType());
        }
        this.pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        this.stride = image.getWidth();
        Rectangle c = clip.intersection(new Rectangle(0, 0, image.getWidth(), image.getHeight()));
        this.x0 = c.x;
        this.y0 = c.y;
        this.x1 = c.x + c.width;
        this.y1 = c.y + c.height;
    }

    /** Pixels of a disc of radius {@code r}: those with {@code dx² + dy² <= r² + r}, a round shape at small r. */
    static int discPixels(int r) {
        int n = 0;
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                n += dx * dx + dy * dy <= r * r + r ? 1 : 0;
            }
        }
        return n;
    }

    /** Blends a disc of colour {@code rgb} centred on pixel {@code (cx, cy)}; false when it lies wholly outside. */
    boolean disc(int cx, int cy, int radius, int rgb, int alpha) {
        if (cx < x0 - radius || cx >= x1 + radius || cy < y0 - radius || cy >= y1 + radius) {
            return false;
        }
        int sr = (rgb >> 16) & 255;
        int sg = (rgb >> 8) & 255;
        int sb = rgb & 255;
        int lim = radius * radius + radius;
        for (int dy = -radius; dy <= radius; dy++) {
            int y = cy + dy;
            if (y < y0 || y >= y1) {
                continue;
            }
            int row = y * stride;
            for (int dx = -radius; dx <= radius; dx++) {
                int x = cx + dx;
                if (x < x0 || x >= x1 || dx * dx + dy * dy > lim) {
                    continue;
                }
                int d = pixels[row + x];
                int dr = (d >> 16) & 255;
                int dg = (d >> 8) & 255;
                int db = d & 255;
                dr += ((sr - dr) * alpha) >> 8;
                dg += ((sg - dg) * alpha) >> 8;
                db += ((sb - db) * alpha) >> 8;
                pixels[row + x] = (dr << 16) | (dg << 8) | db;
            }
        }
        return true;
    }
}
