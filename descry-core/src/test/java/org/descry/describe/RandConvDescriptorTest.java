package org.descry.describe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandConvDescriptorTest {

    private static BufferedImage noise(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                img.setRGB(x, y, rnd.nextInt(1 << 24));
            }
        }
        return img;
    }

    private static float[] describe(ImageDescriptor d, BufferedImage img) {
        float[] out = new float[d.width()];
        d.describe(img, out, 0);
        return out;
    }

    @Test
    void theFilterBankDependsOnlyOnTheSeed() {
        BufferedImage img = noise(1);
        float[] a = describe(new RandConvDescriptor(7), img);
        assertArrayEquals(a, describe(new RandConvDescriptor(7), img));
        assertFalse(Arrays.equals(a, describe(new RandConvDescriptor(8), img)));
        assertFalse(Arrays.equals(a, describe(new RandConvDescriptor(7), noise(2))));
        assertEquals(256, a.length);
        for (float v : a) {
            assertTrue(v >= 0f && Float.isFinite(v));
        }
    }

    @Test
    void everyStandardDescriptorFillsOnlyItsOwnSlice() {
        BufferedImage img = noise(3);
        for (ImageDescriptor d : Descriptors.standard()) {
            float[] out = new float[d.width() + 10];
            Arrays.fill(out, -7f);
            d.describe(img, out, 5);
            for (int i = 0; i < 5; i++) {
                assertEquals(-7f, out[i], d.name());
                assertEquals(-7f, out[out.length - 1 - i], d.name());
            }
            for (int i = 5; i < 5 + d.width(); i++) {
                assertTrue(Float.isFinite(out[i]) && out[i] != -7f, d.name() + " at " + (i - 5));
            }
        }
    }
}
