package org.descry.describe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HogDescriptorTest {

    private static final HogDescriptor HOG = new HogDescriptor();

    /** A grey image whose intensity grows along {@code degrees} (image y down): every gradient points that way. */
    private static float[] ramp(int w, int h, double degrees, double slope) {
        double a = Math.toRadians(degrees);
        float[] g = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                g[y * w + x] = (float) (0.5 + slope * ((x - w / 2.0) * Math.cos(a) + (y - h / 2.0) * Math.sin(a)));
            }
        }
        return g;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
    void aRampAtABinCentreVotesOnlyIntoThatBin(int bin) {
        float[] hist = HOG.cellHistograms(ramp(48, 32, (bin + 0.5) * 20, 0.005));
        int bins = HOG.bins();
        for (int cell = 0; cell < hist.length / bins; cell++) {
            float total = 0f;
            for (int b = 0; b < bins; b++) {
                total += hist[cell * bins + b];
            }
            assertTrue(total > 0, "cell " + cell + " has no votes");
            assertEquals(1.0, hist[cell * bins + bin] / total, 1e-4, "share of bin " + bin + " in cell " + cell);
        }
    }

    @Test
    void aRampBetweenTwoCentresSplitsItsVotesLinearly() {
        float[] hist = HOG.cellHistograms(ramp(48, 32, 35, 0.005));
        assertEquals(0.25, hist[2] / (hist[1] + hist[2]), 1e-4);
        assertEquals(0f, hist[0] + hist[3] + hist[8]);
    }

    @Test
    void aVerticalEdgeGivesHorizontalGradients() {
        BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 48; x < 96; x++) {
                img.setRGB(x, y, 0xC8C8C8);
            }
        }
        float[] d = new float[HOG.width()];
        HOG.describe(img, d, 0);
        double horizontal = 0;
        double all = 0;
        for (int i = 0; i < d.length; i++) {
            all += d[i];
            int bin = i % HOG.bins();
            if (bin == 0 || bin == HOG.bins() - 1) {
                horizontal += d[i];
            }
        }
        assertTrue(horizontal / all > 0.99, "share of the 0 and 180 degree bins: " + horizontal / all);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void everyBlockIsL2HysNormalised(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(40 + rnd.nextInt(100), 30 + rnd.nextInt(100), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, rnd.nextInt(1 << 24));
            }
        }
        float[] d = new float[HOG.width() + 3];
        HOG.describe(img, d, 3);
        int block = 4 * HOG.bins();
        for (int b = 0; b < HOG.width() / block; b++) {
            double ss = 0;
            for (int i = 0; i < block; i++) {
                float v = d[3 + b * block + i];
                assertTrue(v >= 0 && Float.isFinite(v));
                ss += v * v;
            }
            assertEquals(1.0, Math.sqrt(ss), 1e-3, "norm of block " + b);
        }
    }

    @Test
    void aFlatImageHasNoGradients() {
        BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        float[] d = new float[HOG.width()];
        HOG.describe(img, d, 0);
        for (float v : d) {
            assertEquals(0f, v);
        }
    }

    @Test
    void shapeIsValidated() {
        assertEquals(540, HOG.width());
        assertEquals(9 * 4 * 3 * 3, new HogDescriptor(32, 32, 8, 9).width());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HogDescriptor(50, 32, 8, 9));
        assertTrue(e.getMessage().contains("imageWidth") && e.getMessage().contains("50"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HogDescriptor(48, 32, 8, 1));
    }
}
