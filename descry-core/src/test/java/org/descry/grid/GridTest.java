package org.descry.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.descry.data.DescryException;
import org.descry.io.ImageArchive;
import org.descry.plot.Palette;
import org.descry.plot.Pixels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Contact sheets from a zip of solid-colour images: image i of cluster c is filled with cluster c's colour. */
class GridTest {

    @TempDir
    Path tmp;

    /** A zip {@code img\c\i.png} of solid images in {@link Palette#categorical}(c); returns paths in row order. */
    static List<String> makeZip(Path zip, int clusters, int perCluster, List<Integer> labels) throws Exception {
        List<String> paths = new ArrayList<>();
        try (OutputStream f = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(f)) {
            for (int c = 0; c < clusters; c++) {
                BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
                java.awt.Graphics2D g = img.createGraphics();
                g.setColor(new java.awt.Color(Palette.categorical(c)));
                g.fillRect(0, 0, 40, 30);
                g.dispose();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ImageIO.write(img, "png", bytes);
                for (int i = 0; i < perCluster; i++) {
                    String name = "img/" + c + "/" + i + ".png";
                    z.putNextEntry(new ZipEntry(name));
                    z.write(bytes.toByteArray());
                    z.closeEntry();
                    paths.add(name.replace('/', '\\'));
                    labels.add(c);
                }
            }
        }
        return paths;
    }

    @Test
    void aMissingImageIsAMarkedTileAndAWarning() throws Exception {
        Path zip = tmp.resolve("a.zip");
        List<Integer> l = new ArrayList<>();
        List<String> paths = makeZip(zip, 1, 2, l);
        List<String> shown = List.of(paths.get(0), "img\\0\\nope.png", paths.get(1));
        try (ImageArchive a = ImageArchive.open(zip)) {
            RenderedSheet s = new RowSheet(3, 64).render("three", a, shown, List.of("a", "b", "c"), null);
            assertEquals(1, s.warnings().size());
            assertTrue(s.warnings().getFirst().contains("img\\0\\nope.png"), s.warnings().getFirst());
            BufferedImage img = s.image();
            assertEquals(360, img.getWidth(), "a titled sheet is at least 360 wide");
            assertEquals(Sheet.TITLE + 64 + Sheet.CAPTION + 2 * Sheet.GAP, img.getHeight());
            int tileY = Sheet.TITLE + Sheet.GAP;
            int x1 = Sheet.GAP + 66;
            assertEquals(Palette.categorical(0), img.getRGB(Sheet.GAP + 32, tileY + 32) & 0xFFFFFF, "first tile");
            assertTrue(Pixels.count(img, Sheet.MISSING_FILL.getRGB() & 0xFFFFFF, x1, tileY, x1 + 64, tileY + 64) > 500,
                    "grey missing tile");
            assertTrue(Pixels.near(img, Sheet.MISSING_MARK.getRGB() & 0xFFFFFF, 40, x1, tileY, x1 + 64, tileY + 64) > 60,
                    "red cross on the missing tile");
            assertEquals(0, Pixels.near(img, Sheet.MISSING_MARK.getRGB() & 0xFFFFFF, 40, Sheet.GAP, tileY,
                    Sheet.GAP + 64, tileY + 64), "no cross on a present tile");
        }
    }

    @Test
    void clusterGridWritesASheetPerClusterHoldingOnlyItsImagesAndAnIndex() throws Exception {
        Path zip = tmp.resolve("c.zip");
        List<Integer> l = new ArrayList<>();
        List<String> paths = makeZip(zip, 3, 10, l);
        int[] labels = l.stream().mapToInt(Integer::intValue).toArray();
        labels[29] = -1;
        try (ImageArchive a = ImageArchive.open(zip)) {
            ClusterGrid grid = new ClusterGrid(4, 0, 2, 48, 32, 3);
            ClusterGrid.Written w = grid.write(tmp.resolve("out"), a, paths, labels);
            assertEquals(List.of("noise.png", "cluster-0.png", "cluster-1.png", "cluster-2.png"),
                    w.files().stream().map(p -> p.getFileName().toString()).toList());
            assertTrue(w.warnings().isEmpty());
            for (int c = 0; c < 3; c++) {
                BufferedImage img = ImageIO.read(tmp.resolve("out").resolve(ClusterGrid.fileName(c)).toFile());
                int shown = 4;
                assertTrue(Pixels.count(img, Palette.categorical(c)) >= shown * 36 * 27, "cluster " + c + " tiles");
                for (int other = 0; other < 3; other++) {
                    if (other != c) {
                        assertEquals(0, Pixels.count(img, Palette.categorical(other)), other + " in sheet " + c);
                    }
                }
            }
            BufferedImage index = ImageIO.read(w.index().toFile());
            for (int c = 0; c < 3; c++) {
                assertTrue(Pixels.count(index, Palette.categorical(c)) > 3 * 20 * 20, "cluster " + c + " in the index");
            }
            assertEquals("cluster 3 - 1,204 images (14.6%)", ClusterGrid.title(3, 1204, 8240));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 3})
    void samplesAreSeededDistinctMembersOfTheirCluster(long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        int n = 50 + rnd.nextInt(500);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(5) - 1;
        }
        org.descry.plot.LabelGroups groups = org.descry.plot.LabelGroups.of(labels);
        ClusterGrid grid = ClusterGrid.of(16, seed);
        for (int g = 0; g < groups.count(); g++) {
            int[] s = grid.sample(groups, g);
            assertArrayEquals(s, grid.sample(groups, g));
            assertEquals(Math.min(16, groups.size(g)), s.length);
            assertEquals(s.length, java.util.Arrays.stream(s).distinct().count());
            for (int r : s) {
                assertEquals(groups.label(g), labels[r]);
            }
        }
    }

    @Test
    void thirtyClustersOfSixteenTakeSeconds() throws Exception {
        Path zip = tmp.resolve("big.zip");
        List<Integer> l = new ArrayList<>();
        List<String> paths = makeZip(zip, 30, 40, l);
        int[] labels = l.stream().mapToInt(Integer::intValue).toArray();
        try (ImageArchive a = ImageArchive.open(zip)) {
            long t0 = System.nanoTime();
            ClusterGrid.Written w = ClusterGrid.of(16, 0).write(tmp.resolve("big"), a, paths, labels);
            double s = (System.nanoTime() - t0) / 1e9;
            assertEquals(30, w.files().size());
            assertTrue(s < 10, "took " + s + " s");
        }
    }

    @Test
    void outlierSheetIsSortedByScoreAndFramesTheFlagged() throws Exception {
        Path zip = tmp.resolve("o.zip");
        List<Integer> l = new ArrayList<>();
        List<String> paths = makeZip(zip, 1, 6, l);
        Path csv = tmp.resolve("outliers.csv");
        StringBuilder sb = new StringBuilder("path,score,outlier\n");
        double[] scores = {0.1, 0.9, 0.5, 0.9, 0.2, 3.0};
        for (int i = 0; i < 6; i++) {
            sb.append('"').append(paths.get(i)).append("\",").append(scores[i]).append(',').append(i == 5).append('\n');
        }
        Files.writeString(csv, sb.toString());
        OutlierScores o = OutlierScores.read(csv);
        assertArrayEquals(new int[] {5, 1, 3, 2}, o.top(4));
        assertEquals(1, o.flaggedCount());
        try (ImageArchive a = ImageArchive.open(zip)) {
            RenderedSheet s = new OutlierSheet(3, 3, 64).render(a, o);
            BufferedImage img = s.image();
            int y = Sheet.TITLE + Sheet.GAP;
            assertEquals(OutlierSheet.FLAG, img.getRGB(Sheet.GAP, y + 30) & 0xFFFFFF, "first tile framed");
            assertTrue((img.getRGB(Sheet.GAP + 66, y + 30) & 0xFFFFFF) != OutlierSheet.FLAG, "second not framed");
        }
        Files.writeString(csv, "path,score,outlier\na.png,high,true\n");
        DescryException e = assertThrows(DescryException.class, () -> OutlierScores.read(csv));
        assertTrue(e.getMessage().contains("line 2: score 'high' is not a number"), e.getMessage());
        Files.writeString(csv, "path,score,outlier\na.png,1,maybe\n");
        e = assertThrows(DescryException.class, () -> OutlierScores.read(csv));
        assertTrue(e.getMessage().contains("outlier 'maybe'"), e.getMessage());
    }

    @Test
    void configsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterGrid.of(0, 0));
        assertTrue(e.getMessage().contains("perCluster must be in [1, 1000], got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RowSheet(8, 4));
        assertTrue(e.getMessage().contains("tile size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new OutlierSheet(0, 8, 128));
        assertTrue(e.getMessage().contains("count must be in [1, 2000], got 0"), e.getMessage());
    }
}
