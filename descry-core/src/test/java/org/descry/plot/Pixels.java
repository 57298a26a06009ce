package org.descry.plot;

import java.awt.image.BufferedImage;

/** Pixel checks on rendered pictures. */
public final class Pixels {

    private Pixels() {}

    /** Pixels of exactly {@code rgb} in the rectangle. */
    public static int count(BufferedImage img, int rgb, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(img.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(img.getWidth(), x1); x++) {
                n += (img.getRGB(x, y) & 0xFFFFFF) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    public static int count(BufferedImage img, int rgb) {
        return count(img, rgb, 0, 0, img.getWidth(), img.getHeight());
    }

    /** Pixels darker than mid grey in the rectangle (text, lines). */
    public static int dark(BufferedImage img, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(img.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(img.getWidth(), x1); x++) {
                int c = img.getRGB(x, y);
                n += ((c >> 16) & 255) + ((c >> 8) & 255) + (c & 255) < 300 ? 1 : 0;
            }
        }
        return n;
    }

    /** Pixels within {@code tol} of {@code rgb} in every channel (antialiased lines, translucent points). */
    public static int near(BufferedImage img, int rgb, int tol, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(img.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(img.getWidth(), x1); x++) {
                int c = img.getRGB(x, y);
                n += Math.abs(((c >> 16) & 255) - ((rgb >> 16) & 255)) <= tol
                        && Math.abs(((c >> 8) & 255) - ((rgb >> 8) & 255)) <= tol
                        && Math.abs((c & 255) - (rgb & 255)) <= tol ? 1 : 0;
            }
        }
        return n;
    }

    public static int near(BufferedImage img, int rgb, int tol) {
        return near(img, rgb, tol, 0, 0, img.getWidth(), img.getHeight());
    }
}
