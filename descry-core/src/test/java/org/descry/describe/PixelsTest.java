package org.descry.describe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PixelsTest {

    @Test
    void halvingAveragesTwoByTwoBlocks() {
        BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        int[] reds = {0, 100, 200, 40, 20, 60, 0, 80};
        for (int i = 0; i < 8; i++) {
            img.setRGB(i % 4, i / 4, reds[i] << 16);
        }
        float[] p = Pixels.rgbPlanes(img, 2, 1);
        assertEquals((0 + 100 + 20 + 60) / 4f / 255f, p[0], 1e-6);
        assertEquals((200 + 40 + 0 + 80) / 4f / 255f, p[1], 1e-6);
        assertEquals(0f, p[2]);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void areaAveragingKeepsTheMean(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int w = 10 + rnd.nextInt(200);
        int h = 10 + rnd.nextInt(200);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        double mean = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = rnd.nextInt(256);
                img.setRGB(x, y, v << 8);
                mean += v / 255.0;
            }
        }
        mean /= (double) w * h;
        int ow = 1 + rnd.nextInt(60);
        int oh = 1 + rnd.nextInt(60);
        float[] p = Pixels.rgbPlanes(img, ow, oh);
        double out = 0;
        for (int i = 0; i < ow * oh; i++) {
            float v = p[ow * oh + i];
            assertTrue(v >= 0f && v <= 1f);
            out += v;
        }
        double tolerance = (ow >= w || oh >= h) ? 0.05 : 1e-3;
        assertEquals(mean, out / (ow * oh), tolerance, w + "x" + h + " to " + ow + "x" + oh);
    }

    @Test
    void aWindowPastTheImageRepeatsItsEdge() {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            img.setRGB(0, y, 0x0000FF);
        }
        float[] p = Pixels.rgbPlanes(img, 2, 1, -1, 0, 1, 1);
        assertEquals(1f, p[2 * 2], 1e-6, "four copies of the left column");
        assertEquals(0.25f, p[2 * 2 + 1], 1e-6, "the image itself: one blue column of four");
    }

    @Test
    void objectWindowFramesAnObject() {
        int w = 48;
        int h = 32;
        float[] planes = new float[3 * w * h];
        for (int i = 0; i < w * h; i++) {
            planes[i] = planes[w * h + i] = planes[2 * w * h + i] = 0.4f;
        }
        for (int y = 10; y < 26; y++) {
            for (int x = 30; x < 44; x++) {
                planes[y * w + x] = 0.9f;
            }
        }
        for (int y = 0; y < h; y += 4) {
            planes[y * w + 10] = 1f;
        }
        double[] win = ObjectWindow.find(ObjectWindow.foreground(planes, w, h), w, h, 1.5, 0.0);
        assertTrue(win[0] * w <= 30.5 && win[2] * w >= 43.5, "x window " + win[0] * w + " .. " + win[2] * w);
        assertTrue(win[1] * h <= 10.5 && win[3] * h >= 25.5, "y window " + win[1] * h + " .. " + win[3] * h);
        assertTrue(win[0] * w > 11, "window from " + win[0] * w + " reaches the stray line at 10");
        assertEquals(1.5, (win[2] - win[0]) * w / ((win[3] - win[1]) * h), 1e-9);
    }

    @Test
    void aFlatImageIsDescribedWhole() {
        float[] planes = new float[3 * 48 * 32];
        java.util.Arrays.fill(planes, 0.3f);
        double[] win = ObjectWindow.find(ObjectWindow.foreground(planes, 48, 32), 48, 32, 1.5, 0.1);
        assertEquals(0.0, win[0]);
        assertEquals(1.0, win[3]);
    }
}
