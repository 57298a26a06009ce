package org.descry.describe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ColorDescriptorTest {

    private static final ColorDescriptor COLOR = new ColorDescriptor();

    /** A random saturated or grey object, somewhere near the middle, on a random grey backdrop with a dark detail. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void dominantColourIsTheObjectsColour(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Color object = new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256));
        int bg = 40 + rnd.nextInt(60);
        BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(bg, bg, bg));
        g.fillRect(0, 0, 96, 64);
        int x = 24 + rnd.nextInt(12);
        int y = 14 + rnd.nextInt(10);
        g.setColor(object);
        g.fillRect(x, y, 40, 30);
        g.setColor(new Color(20, 24, 30));
        g.fillRect(x + 8, y + 4, 24, 6);
        g.dispose();

        float[] d = new float[COLOR.width()];
        COLOR.describe(img, d, 0);
        float[] rgb = object.getRGBColorComponents(null);
        for (int c = 0; c < 3; c++) {
            assertEquals(rgb[c], d[ColorDescriptor.DOMINANT_RGB + c], 0.04, "channel " + c + " of " + object);
        }
        double sum = 0;
        for (int k = 0; k < ColorDescriptor.HISTOGRAM; k++) {
            assertTrue(d[k] >= 0);
            sum += d[k];
        }
        assertEquals(1.0, sum, 1e-4);
        assertTrue(d[ColorDescriptor.FOREGROUND] > 0.1 || colourDistance(object, bg) < 0.25,
                "foreground " + d[ColorDescriptor.FOREGROUND]);
    }

    private static double colourDistance(Color c, int grey) {
        double dr = (c.getRed() - grey) / 255.0;
        double dg = (c.getGreen() - grey) / 255.0;
        double db = (c.getBlue() - grey) / 255.0;
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    @ParameterizedTest
    @ValueSource(ints = {0xFFFFFF, 0x000000, 0xFF0000, 0x00FF00, 0x0000FF})
    void labOfPrimaries(int rgb) {
        float[] lab = new float[3];
        ColorDescriptor.toLab(((rgb >> 16) & 0xff) / 255f, ((rgb >> 8) & 0xff) / 255f, (rgb & 0xff) / 255f, lab);
        float[] expected = switch (rgb) {
            case 0xFFFFFF -> new float[] {100f, 0f, 0f};
            case 0x000000 -> new float[] {0f, 0f, 0f};
            case 0xFF0000 -> new float[] {53.24f, 80.09f, 67.20f};
            case 0x00FF00 -> new float[] {87.73f, -86.18f, 83.18f};
            default -> new float[] {32.30f, 79.19f, -107.86f};
        };
        for (int c = 0; c < 3; c++) {
            assertEquals(expected[c], lab[c], 0.1, "L*a*b* component " + c);
        }
    }
}
