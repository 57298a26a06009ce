package org.descry.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScatterPlotTest {

    @TempDir
    Path tmp;

    /** Two far-apart tight clusters and one noise point: colours land on their own sides. */
    @Test
    void clustersAreDrawnWhereTheyAreInTheirColoursWithALegend() throws Exception {
        int n = 200;
        float[] x = new float[n];
        float[] y = new float[n];
        int[] labels = new int[n];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            labels[i] = i < 100 ? 0 : 1;
            x[i] = (float) ((i < 100 ? -10 : 10) + rnd.nextGaussian() * 0.3);
            y[i] = (float) (rnd.nextGaussian() * 0.3);
        }
        labels[n - 1] = -1;
        Path png = tmp.resolve("map.png");
        ScatterPlot.titled("two clusters").writePng(png, x, y, labels);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1200, img.getWidth());
        assertEquals(900, img.getHeight());
        int c0 = Palette.categorical(0);
        int c1 = Palette.categorical(1);
        int mid = 80 + (1200 - 80 - Legend.WIDTH - 30) / 2;
        int legendX = 1200 - Legend.WIDTH - 10;
        assertTrue(Pixels.count(img, c0, 80, 64, mid, 845) > 50, "cluster 0 on the left");
        assertEquals(0, Pixels.count(img, c0, mid, 64, legendX - 20, 845), "nothing of cluster 0 on the right");
        assertTrue(Pixels.count(img, c1, mid, 64, legendX - 20, 845) > 50, "cluster 1 on the right");
        assertTrue(Pixels.count(img, c0, legendX, 64, 1200, 900) >= 100, "a legend chip of cluster 0");
        assertTrue(Pixels.count(img, Palette.NOISE, legendX, 64, 1200, 900) >= 100, "a legend chip for noise");
        assertTrue(Pixels.dark(img, 300, 0, 900, 40) > 100, "a title");
    }

    @Test
    void withoutLabelsAllPointsHaveOneColourAndThereIsNoLegend() {
        float[] x = {0, 1, 2, 3};
        float[] y = {0, 1, 0, 1};
        BufferedImage img = ScatterPlot.titled("").withSize(600, 400).render(x, y, null);
        assertTrue(Pixels.near(img, ScatterPlot.SINGLE, 30) >= 4 * 29, "four discs of radius 3");
        assertEquals(0, Pixels.count(img, Palette.categorical(1)));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void theSameSeedDrawsTheSamePictureAndEveryClusterShows(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 500 + rnd.nextInt(3000);
        int k = 1 + rnd.nextInt(12);
        float[] x = new float[n];
        float[] y = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(k);
            x[i] = (float) (labels[i] * 5 + rnd.nextGaussian());
            y[i] = (float) (rnd.nextGaussian() * 3);
        }
        ScatterPlot p = ScatterPlot.titled("seed " + seed).withSize(800, 600).withSeed(seed);
        BufferedImage a = p.render(x, y, labels);
        BufferedImage b = p.render(x, y, labels);
        assertArrayEquals(((DataBufferInt) a.getRaster().getDataBuffer()).getData(),
                ((DataBufferInt) b.getRaster().getDataBuffer()).getData());
        for (int c = 0; c < k; c++) {
            assertTrue(Pixels.count(a, Palette.categorical(c)) > 0, "cluster " + c + " shows");
        }
    }

    @Test
    void pointsGetSmallerAndFainterAsTheyGrowInNumber() {
        long area = 1000L * 800;
        PointStyle few = PointStyle.forCount(500, area);
        PointStyle some = PointStyle.forCount(8_000, area);
        PointStyle many = PointStyle.forCount(416_314, area);
        assertTrue(few.radius() > some.radius() && some.radius() > many.radius(), few + " " + some + " " + many);
        assertTrue(few.alpha() >= some.alpha() && some.alpha() >= many.alpha(), few + " " + some + " " + many);
        assertEquals(0, many.radius());
    }

    @Test
    void fourHundredThousandPointsRenderInSeconds() {
        int n = 416_314;
        SplittableRandom rnd = new SplittableRandom(7);
        float[] x = new float[n];
        float[] y = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(31) - 1;
            x[i] = (float) (labels[i] % 6 * 4 + rnd.nextGaussian());
            y[i] = (float) (labels[i] / 6 * 4 + rnd.nextGaussian());
        }
        long t0 = System.nanoTime();
        BufferedImage img = ScatterPlot.titled("416k").render(x, y, labels);
        double s = (System.nanoTime() - t0) / 1e9;
        assertTrue(s < 5, "took " + s + " s");
        assertTrue(Pixels.count(img, Palette.categorical(5)) > 0, "a cluster shows");
        assertTrue(Pixels.count(img, Palette.NOISE) > 0, "noise shows");
    }

    @Test
    void drawOrderIsASeededPermutation() {
        int[] a = ScatterLayer.drawOrder(1000, 3);
        assertArrayEquals(a, ScatterLayer.drawOrder(1000, 3));
        assertTrue(!java.util.Arrays.equals(a, ScatterLayer.drawOrder(1000, 4)));
        int[] sorted = a.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void badInputIsRefusedNamingTheParameter() {
        ScatterPlot p = ScatterPlot.titled("x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.render(new float[] {1, 2}, new float[] {1}, null));
        assertTrue(e.getMessage().contains("y has 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> p.render(new float[] {1, Float.NaN}, new float[] {1, 2}, null));
        assertTrue(e.getMessage().contains("x[1] is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> p.render(new float[] {1, 2}, new float[] {1, 2}, new int[] {0}));
        assertTrue(e.getMessage().contains("labels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.withSize(100, 900));
        assertTrue(e.getMessage().contains("width must be in [400, 16000]") && e.getMessage().contains("100"));
        assertThrows(IllegalArgumentException.class, () -> p.render(new float[0], new float[0], null));
    }
}
