package org.descry.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.descry.data.Case;
import org.descry.io.Csv;
import org.descry.study.FittedPipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: {@code descry cluster} then {@code descry score} on a small demo case. */
class ClusterScoreCommandTest {

    @TempDir
    static Path dir;
    static Path caseDir;

    @BeforeAll
    static void makeCase() {
        caseDir = dir.resolve("case");
        CliRun mk = CliRun.of("make-case", caseDir.toString(), "--images", "400", "--seed", "5");
        assertEquals(0, mk.status(), mk.err());
    }

    @Test
    void clusterWritesPathsAndAReloadablePipelineThatScoreReads() throws Exception {
        Path out = dir.resolve("colour.csv");
        CliRun r = CliRun.of("cluster", caseDir.toString(), "--descriptor", "color", "--k", "8", "--scaler",
                "standard", "--pca", "0.9", "--seed", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Csv.Table t = Csv.read(out);
        try (Case c = Case.open(caseDir)) {
            assertEquals(c.paths(), t.values("path"));
            int[] labels = t.values("cluster").stream().mapToInt(Integer::parseInt).toArray();
            FittedPipeline p = FittedPipeline.load(dir.resolve("colour.model"));
            assertEquals("color", p.descriptor());
            assertArrayEquals(labels, p.predict(c.descriptor("color")));
        }
        CliRun s = CliRun.of("score", caseDir.toString(), "--descriptor", "color", "--labels", out.toString(),
                "--scaler", "standard", "--pca", "0.9", "--truth", caseDir.resolve("labels.csv").toString(),
                "--column", "colour", "--json");
        assertEquals(0, s.status(), s.err());
        JsonNode j = new ObjectMapper().readTree(s.out());
        assertEquals(8, j.get("internal").get("clusters").asInt());
        assertTrue(j.get("internal").get("calinskiHarabasz").asDouble() > 0);
        assertTrue(j.get("external").get("normalizedMutualInfo").asDouble() > 0.6,
                "colour should be recovered from the colour descriptor: " + j.get("external"));
        assertTrue(j.get("external").get("rows").asInt() < 400, "outliers (empty truth) are left out");
    }

    @Test
    void gaussianMixturePipelineReloadsAndPredictsItsLabels() throws Exception {
        Path out = dir.resolve("gmm.csv");
        CliRun r = CliRun.of("cluster", caseDir.toString(), "--descriptor", "color", "--k", "5", "--algorithm", "gmm",
                "--covariance", "diag", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        int[] labels = Csv.read(out).values("cluster").stream().mapToInt(Integer::parseInt).toArray();
        try (Case c = Case.open(caseDir)) {
            FittedPipeline p = FittedPipeline.load(dir.resolve("gmm.model"));
            assertEquals("gmm", p.provenance().config().get("algorithm"));
            assertArrayEquals(labels, p.predict(c.descriptor("color")));
        }
    }

    /** A clustering in a UMAP embedding reloads with its embedding and predicts the cluster it gave each row. */
    @Test
    void umapKMeansPipelineReloadsAndPredicts() throws Exception {
        Path out = dir.resolve("umap.csv");
        CliRun r = CliRun.of("cluster", caseDir.toString(), "--descriptor", "color", "--k", "6", "--algorithm",
                "umap-kmeans", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        int[] labels = Csv.read(out).values("cluster").stream().mapToInt(Integer::parseInt).toArray();
        try (Case c = Case.open(caseDir)) {
            FittedPipeline p = FittedPipeline.load(dir.resolve("umap.model"));
            assertEquals("umap-kmeans", p.provenance().config().get("algorithm"));
            assertEquals(6, p.clustering().k());
            int[] again = p.predict(c.descriptor("color"));
            int same = 0;
            for (int i = 0; i < labels.length; i++) {
                same += labels[i] == again[i] ? 1 : 0;
            }
            assertTrue(same >= 0.95 * labels.length, "embedded again, " + same + " of " + labels.length
                    + " rows keep their cluster");
        }
    }

    @Test
    void leidenFindsAtMostKCommunitiesAndReloads() throws Exception {
        Path out = dir.resolve("leiden.csv");
        CliRun r = CliRun.of("cluster", caseDir.toString(), "--descriptor", "color", "--k", "6", "--algorithm",
                "leiden", "--neighbors", "10", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        int[] labels = Csv.read(out).values("cluster").stream().mapToInt(Integer::parseInt).toArray();
        FittedPipeline p = FittedPipeline.load(dir.resolve("leiden.model"));
        assertEquals("leiden", p.provenance().config().get("algorithm"));
        assertEquals(10, p.provenance().config().get("neighbors"));
        int k = java.util.Arrays.stream(labels).max().getAsInt() + 1;
        assertTrue(k >= 2 && k <= 6, k + " communities");
        assertEquals(k, p.clustering().k());
        assertArrayEquals(labels, p.clustering().labels());
    }

    @Test
    void hdbscanFindsItsOwnClustersAndMarksNoise() throws Exception {
        Path out = dir.resolve("hdbscan.csv");
        CliRun r = CliRun.of("cluster", caseDir.toString(), "--descriptor", "color", "--algorithm", "hdbscan",
                "--min-cluster-size", "10", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        int[] labels = Csv.read(out).values("cluster").stream().mapToInt(Integer::parseInt).toArray();
        try (Case c = Case.open(caseDir)) {
            FittedPipeline p = FittedPipeline.load(dir.resolve("hdbscan.model"));
            assertEquals(10, p.provenance().config().get("min_cluster_size"));
            assertTrue(java.util.Arrays.stream(labels).max().getAsInt() >= 1, "at least two clusters");
            assertArrayEquals(labels, p.clustering().labels());
        }
    }

    @Test
    void dbscanOpticsAndAgglomerativeRunAndReload() throws Exception {
        for (String algorithm : new String[] {"dbscan", "optics", "agglomerative"}) {
            Path out = dir.resolve(algorithm + ".csv");
            CliRun r = CliRun.of("cluster", caseDir.toString(), "--descriptor", "color", "--algorithm", algorithm,
                    "--min-samples", "5", "--out", out.toString());
            assertEquals(0, r.status(), r.err());
            int[] labels = Csv.read(out).values("cluster").stream().mapToInt(Integer::parseInt).toArray();
            FittedPipeline p = FittedPipeline.load(dir.resolve(algorithm + ".model"));
            assertArrayEquals(labels, p.clustering().labels());
            assertTrue(java.util.Arrays.stream(labels).max().getAsInt() >= 0, algorithm + " found no cluster");
        }
    }

    @Test
    void badArgumentsAreOneLineErrors() throws Exception {
        CliRun k = CliRun.of("cluster", caseDir.toString(), "--descriptor", "hog", "--k", "100000", "--out",
                dir.resolve("x.csv").toString());
        assertEquals(2, k.status());
        assertTrue(k.err().contains("k must be in [1, n=400], got 100000"), k.err());
        CliRun a = CliRun.of("cluster", caseDir.toString(), "--descriptor", "hog", "--algorithm", "magic", "--out",
                dir.resolve("x.csv").toString());
        assertEquals(2, a.status());
        assertTrue(a.err().contains("algorithm must be one of"), a.err());
        CliRun p = CliRun.of("cluster", caseDir.toString(), "--descriptor", "hog", "--pca", "1.5", "--out",
                dir.resolve("x.csv").toString());
        assertEquals(2, p.status());
        assertTrue(p.err().contains("1.5"), p.err());
        Path partial = dir.resolve("partial.csv");
        Files.writeString(partial, "path,cluster\ndemo\\1\\00001\\000001.jpg,0\n");
        CliRun s = CliRun.of("score", caseDir.toString(), "--descriptor", "hog", "--labels", partial.toString());
        assertEquals(2, s.status());
        assertTrue(s.err().contains("no cluster for 399"), s.err());
        assertTrue(!Files.exists(dir.resolve("x.csv")), "nothing is written on error");
    }
}
