package org.descry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.descry.data.Case;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.EmbeddingCsv;
import org.descry.preprocess.Pca;
import org.descry.preprocess.Scaler;
import org.descry.study.Preprocessing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: {@code descry embed}, {@code descry plot} and {@code descry grid} on a small demo case. */
class PicturesCommandTest {

    @TempDir
    static Path dir;
    static Path caseDir;
    static Path clusters;

    @BeforeAll
    static void makeCaseAndClusters() {
        caseDir = dir.resolve("case");
        CliRun mk = CliRun.of("make-case", caseDir.toString(), "--images", "300", "--seed", "4");
        assertEquals(0, mk.status(), mk.err());
        clusters = dir.resolve("clusters.csv");
        CliRun c = CliRun.of("cluster", caseDir.toString(), "--descriptor", "color", "--k", "4", "--n-init", "1",
                "--out", clusters.toString());
        assertEquals(0, c.status(), c.err());
    }

    @Test
    void embedWritesPcaCoordinatesByPathAndPlotDrawsThem() throws Exception {
        Path emb = dir.resolve("embedding.csv");
        CliRun r = CliRun.of("embed", caseDir.toString(), "--descriptor", "color", "--method", "pca", "--out",
                emb.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("2 dimensions, pca of color"), r.out());
        assertTrue(Files.readString(emb).startsWith("path,x,y\n"));
        EmbeddingCsv e = EmbeddingCsv.read(emb);
        try (Case c = Case.open(caseDir)) {
            assertEquals(c.paths(), e.paths());
            FloatMatrix x = new Preprocessing(Scaler.fromName("standard"), null).fit(c.descriptor("color"),
                    Progress.NONE).reduced();
            FloatMatrix y = Pca.components(2).fitTransform(x, Progress.NONE).projected();
            for (int i = 0; i < y.rows(); i += 37) {
                assertEquals(Math.abs(y.get(i, 0)), Math.abs(e.x()[i]), 1e-3, "row " + i);
                assertEquals(Math.abs(y.get(i, 1)), Math.abs(e.y()[i]), 1e-3, "row " + i);
            }
        }
        Path png = dir.resolve("map.png");
        CliRun p = CliRun.of("plot", emb.toString(), "--labels", clusters.toString(), "--out", png.toString(),
                "--title", "demo colour");
        assertEquals(0, p.status(), p.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1200, img.getWidth());
        assertEquals(900, img.getHeight());

        Path emb3 = dir.resolve("embedding3.csv");
        assertEquals(0, CliRun.of("embed", caseDir.toString(), "--descriptor", "hog", "--method", "pca", "--dims", "3",
                "--out", emb3.toString()).status());
        assertEquals(3, EmbeddingCsv.read(emb3).dims());
        Path png3 = dir.resolve("map3.png");
        CliRun p3 = CliRun.of("plot", emb3.toString(), "--out", png3.toString(), "--width", "900", "--height", "800");
        assertEquals(0, p3.status(), p3.err());
        assertTrue(p3.out().contains("four projections"), p3.out());
        assertEquals(900, ImageIO.read(png3.toFile()).getWidth());
        CliRun small = CliRun.of("plot", emb.toString(), "--out", dir.resolve("small.png").toString(), "--width", "50");
        assertEquals(2, small.status());
        assertTrue(small.err().contains("width must be in [400, 16000] pixels, got 50"), small.err());
        assertFalse(Files.exists(dir.resolve("small.png")));
    }

    @Test
    void umapEmbedsEveryRowIn3dAndTsneIn2d() throws Exception {
        Path tsne = dir.resolve("tsne.csv");
        CliRun ts = CliRun.of("embed", caseDir.toString(), "--descriptor", "color", "--method", "tsne", "--out",
                tsne.toString());
        assertEquals(0, ts.status(), ts.err());
        assertEquals(java.util.List.of("path", "x", "y"), org.descry.io.Csv.read(tsne).header());
        Path out = dir.resolve("umap.csv");
        CliRun r = CliRun.of("embed", caseDir.toString(), "--descriptor", "color", "--method", "umap", "--dims", "3",
                "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        var t = org.descry.io.Csv.read(out);
        assertEquals(java.util.List.of("path", "x", "y", "z"), t.header());
        try (org.descry.data.Case c = org.descry.data.Case.open(caseDir)) {
            assertEquals(c.paths(), t.values("path"));
        }
        assertTrue(t.values("z").stream().mapToDouble(Double::parseDouble).allMatch(Double::isFinite));
    }

    @Test
    void embedRefusesUnavailableMethodsAndBadDims() {
        Path out = dir.resolve("never.csv");
        CliRun bad = CliRun.of("embed", caseDir.toString(), "--descriptor", "color", "--method", "mds", "--out",
                out.toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--method must be pca, tsne or umap, got 'mds'"), bad.err());
        CliRun dims = CliRun.of("embed", caseDir.toString(), "--descriptor", "color", "--method", "pca", "--dims", "4",
                "--out", out.toString());
        assertEquals(2, dims.status());
        assertTrue(dims.err().contains("--dims must be 2 or 3, got 4"), dims.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void gridWritesClusterSheetsAndTheOutlierSheetWithWarningsForMissingImages() throws Exception {
        Path out = dir.resolve("grid");
        CliRun g = CliRun.of("grid", caseDir.toString(), "--labels", clusters.toString(), "--out", out.toString(),
                "--per-cluster", "9");
        assertEquals(0, g.status(), g.err());
        assertTrue(g.out().contains("wrote 4 cluster sheets and index.png"), g.out());
        for (String f : List.of("cluster-0.png", "cluster-3.png", "index.png")) {
            assertTrue(ImageIO.read(out.resolve(f).toFile()).getWidth() > 0, f);
        }
        List<String> paths;
        try (Case c = Case.open(caseDir)) {
            paths = c.paths();
        }
        StringBuilder sb = new StringBuilder("path,score,outlier\n");
        for (int i = 0; i < 20; i++) {
            sb.append('"').append(paths.get(i)).append("\",").append(i / 10.0).append(',').append(i >= 17).append('\n');
        }
        sb.append("gone\\nowhere.jpg,9.5,true\n");
        Path csv = dir.resolve("outliers.csv");
        Files.writeString(csv, sb.toString());
        CliRun o = CliRun.of("grid", caseDir.toString(), "--outliers", csv.toString(), "--out", out.toString(),
                "--count", "12");
        assertEquals(0, o.status(), o.err());
        assertTrue(o.err().contains("descry: warning: gone\\nowhere.jpg"), o.err());
        assertTrue(o.out().contains("1 images could not be read"), o.out());
        assertTrue(Files.isRegularFile(out.resolve("outliers.png")));
        CliRun both = CliRun.of("grid", caseDir.toString(), "--out", out.toString());
        assertEquals(2, both.status());
        assertTrue(both.err().contains("give one of --labels"), both.err());
    }
}
