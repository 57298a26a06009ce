package org.descry.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.descry.metrics.ContingencyMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curve, explained-variance, heatmap, histogram and 3-D figures. */
class FiguresTest {

    @TempDir
    Path tmp;

    static final int MARK = Figure.MARK.getRGB() & 0xFFFFFF;

    @Test
    void niceTicksAreRoundAndCoverTheData() {
        NiceScale s = NiceScale.of(0.03, 0.97, 5);
        assertEquals(0.2, s.step(), 1e-12);
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6000000000000001, 0.8, 1}, s.ticks(), 1e-9);
        assertEquals("0.4", s.label(0.4));
        assertEquals("1,500", NiceScale.of(0, 4000, 8).label(1500));
        assertEquals(1, NiceScale.integers(2, 4, 20).step());
        NiceScale flat = NiceScale.of(5, 5, 5);
        assertTrue(flat.first() < 5 && flat.last() > 5);
    }

    @Test
    void metricCurvesMarkTheChosenKInEachPanel() throws Exception {
        int[] ks = {2, 3, 4, 5, 6, 8};
        double[] ch = {10, 20, 30, 25, 20, 15};
        double[] db = {1.5, 1.2, 0.9, 1.0, 1.1, 1.3};
        double[] sil = {0.2, 0.3, 0.4, Double.NaN, 0.3, 0.2};
        Path png = tmp.resolve("curves.png");
        MetricCurves.titled("scores").writePng(png, ks, ch, db, sil, 4);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1500, img.getWidth());
        for (int p = 0; p < 3; p++) {
            assertTrue(Pixels.near(img, MARK, 40, p * 500, 60, (p + 1) * 500, 420) > 100, "k marked in panel " + p);
            assertTrue(Pixels.count(img, Palette.categorical(p), p * 500, 60, (p + 1) * 500, 430) > 50, "curve " + p);
        }
        BufferedImage none = MetricCurves.titled("").render(ks, ch, db, sil, 0);
        assertEquals(0, Pixels.near(none, MARK, 40));
        MetricCurves m = MetricCurves.titled("");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.render(new int[] {3, 2}, new double[2], new double[2], new double[2], 0));
        assertTrue(e.getMessage().contains("ks must be increasing"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.render(ks, ch, new double[2], sil, 4));
        assertTrue(e.getMessage().contains("daviesBouldin has 2 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.render(ks, ch, db, sil, 7));
        assertTrue(e.getMessage().contains("chosenK 7"), e.getMessage());
    }

    @Test
    void explainedVarianceMarksTargetAndKeptCount() {
        double[] r = {0.5, 0.2, 0.1, 0.1, 0.05, 0.05};
        BufferedImage img = ExplainedVariancePlot.titled("pca").render(r, 0.75, 2);
        int targetY = -1;
        for (int y = 60; y < 580 && targetY < 0; y++) {
            if (Pixels.near(img, MARK, 40, 300, y, 900, y + 1) > 200) {
                targetY = y;
            }
        }
        assertTrue(targetY > 0, "a dashed target line across the plot");
        BufferedImage bare = ExplainedVariancePlot.titled("pca").render(r, Double.NaN, 0);
        assertEquals(0, Pixels.near(bare, MARK, 40));
        assertTrue(Pixels.count(bare, Palette.categorical(0)) > 100, "the curve");
        ExplainedVariancePlot p = ExplainedVariancePlot.titled("");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.render(r, 1.5, 2));
        assertTrue(e.getMessage().contains("target must be in (0, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.render(r, 0.9, 7));
        assertTrue(e.getMessage().contains("kept must be in [0, 6], got 7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.render(new double[] {0.5, -0.1}, 0.9, 1));
        assertTrue(e.getMessage().contains("ratios[1]"), e.getMessage());
    }

    @Test
    void heatmapOrdersAPermutedMatchOntoTheDiagonal() throws Exception {
        int[] truth = new int[60];
        int[] pred = new int[60];
        int[] map = {2, 0, 1};
        for (int i = 0; i < 60; i++) {
            truth[i] = i % 3;
            pred[i] = map[i % 3];
        }
        truth[0] = 1;
        ContingencyMatrix m = ContingencyMatrix.of(truth, pred);
        int[] cols = ContingencyHeatmap.colOrder(m, ContingencyHeatmap.rowOrder(m));
        int[] rows = ContingencyHeatmap.rowsAlong(m, cols);
        for (int i = 0; i < 3; i++) {
            long diag = m.count(rows[i], cols[i]);
            assertTrue(diag >= 19, "diagonal cell " + i + " holds " + diag);
        }
        Path png = tmp.resolve("heat.png");
        new ContingencyHeatmap("match", "truth", "cluster").writePng(png, m, List.of("a", "b", "c"), null);
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(Pixels.count(img, Palette.sequential(1)) > 100, "the largest cell in the top colour");
        assertTrue(Pixels.near(img, Palette.sequential(0.5), 3) > 0 && Pixels.near(img, Palette.sequential(0.05), 3) > 0,
                "a colourbar");
        assertEquals("1.2k", ContingencyHeatmap.compact(1234));
        assertEquals("45k", ContingencyHeatmap.compact(45_000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ContingencyHeatmap("", "r", "c").render(m, List.of("a"), null));
        assertTrue(e.getMessage().contains("rowNames has 1 names"), e.getMessage());
    }

    @Test
    void histogramShowsFlaggedBinsInRedAndTheThreshold() {
        double[] scores = new double[1000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i < 950 ? i / 950.0 : 3 + i / 1000.0;
        }
        long[] c = ScoreHistogram.counts(new double[] {0, 0.5, 1, 1}, 0, 1, 2);
        assertArrayEquals(new long[] {1, 3}, c);
        BufferedImage img = ScoreHistogram.titled("lof").render(scores, 2.0);
        assertTrue(Pixels.count(img, 0xD62728) > 100, "red bars above the threshold");
        assertTrue(Pixels.near(img, MARK, 40) > 100, "the threshold line");
        BufferedImage none = ScoreHistogram.titled("lof").render(scores, Double.NaN);
        assertEquals(0, Pixels.count(none, 0xD62728));
        assertThrows(IllegalArgumentException.class, () -> new ScoreHistogram("", 1000, 600, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScoreHistogram.titled("").render(new double[] {1, Double.NaN}, 0.5));
        assertTrue(e.getMessage().contains("scores[1] is NaN"), e.getMessage());
    }

    @Test
    void projectionsTurnTheAxesAsSaid() throws Exception {
        float[] u = new float[1];
        float[] v = new float[1];
        ProjectionPlot.project(new float[] {1}, new float[] {0}, new float[] {0}, 0, 0, 0, 0, 0, u, v);
        assertEquals(1, u[0], 1e-6);
        assertEquals(0, v[0], 1e-6);
        ProjectionPlot.project(new float[] {0}, new float[] {0}, new float[] {1}, 0, 0, 0, Math.PI / 2, 0, u, v);
        assertEquals(1, u[0], 1e-6);
        ProjectionPlot.project(new float[] {0}, new float[] {1}, new float[] {0}, 0, 0, 0, 0, Math.PI / 2, u, v);
        assertEquals(0, v[0], 1e-6, "from above, y points at the viewer");
        int n = 300;
        float[] x = new float[n];
        float[] y = new float[n];
        float[] z = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            x[i] = labels[i] == 0 ? 5 : 0;
            y[i] = labels[i] == 1 ? 5 : 0;
            z[i] = labels[i] == 2 ? 5 : (float) (i % 7) / 10;
        }
        Path png = tmp.resolve("p3.png");
        ProjectionPlot.titled("three axes").writePng(png, x, y, z, labels);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1300, img.getWidth());
        int panelW = (1300 - 20 - Legend.WIDTH - 20) / 2;
        for (int p = 0; p < 4; p++) {
            int x0 = 20 + (p % 2) * panelW;
            int y0 = 64 + (p / 2) * ((1100 - 64 - 10) / 2);
            assertTrue(Pixels.count(img, Palette.categorical(0), x0, y0, x0 + panelW, y0 + 500) > 0, "panel " + p);
        }
        assertTrue(Files.size(png) > 0);
        assertTrue(new Color(img.getRGB(5, 5)).equals(Color.WHITE));
    }

    @Test
    void labelGroupsHoldEachLabelsRows() {
        LabelGroups g = LabelGroups.of(new int[] {3, -1, 3, 0, 3});
        assertEquals(3, g.count());
        assertArrayEquals(new int[] {1}, g.members(0));
        assertEquals(-1, g.label(0));
        assertArrayEquals(new int[] {0, 2, 4}, g.members(g.groupOf(3)));
        assertEquals(-1, g.groupOf(7));
        assertEquals(2, g.clusterCount());
        assertEquals(5, g.rows());
    }
}
