package org.descry.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.descry.data.Case;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.knn.Metric;
import org.descry.preprocess.Scaler;
import org.descry.study.Preprocessing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: {@code descry neighbors} on a small demo case. */
class NeighborsCommandTest {

    @TempDir
    static Path dir;
    static Path caseDir;

    @BeforeAll
    static void makeCase() {
        caseDir = dir.resolve("case");
        CliRun mk = CliRun.of("make-case", caseDir.toString(), "--images", "300", "--seed", "3");
        assertEquals(0, mk.status(), mk.err());
    }

    @Test
    void exactGraphIsWrittenAsNumpyFilesAndMatchesTheLibrary() throws Exception {
        Path out = dir.resolve("knn.npy");
        CliRun r = CliRun.of("neighbors", caseDir.toString(), "--descriptor", "color", "--k", "6", "--pca", "none",
                "--metric", "cosine", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("exact cosine 6-NN graph"), r.out());
        assertFalse(r.out().contains("recall"), r.out());
        assertTrue(Files.isRegularFile(dir.resolve("knn-distances.npy")));
        JsonNode j = new ObjectMapper().readTree(dir.resolve("knn.json").toFile());
        assertEquals("cosine", j.get("metric").asText());
        assertEquals(6, j.get("k").asInt());
        assertTrue(j.get("exact").asBoolean());
        assertTrue(j.get("provenance").get("input").asText().contains("color"));
        KnnGraph g = KnnGraph.load(out);
        try (Case c = Case.open(caseDir)) {
            FloatMatrix x = new Preprocessing(Scaler.fromName("standard"), null).fit(c.descriptor("color"),
                    Progress.NONE).reduced();
            KnnGraph expected = ExactKnn.of(6).withMetric(Metric.COSINE).fit(x, Progress.NONE);
            assertEquals(c.rows(), g.rows());
            assertArrayEquals(expected.indices(), g.indices());
            assertArrayEquals(expected.distances(), g.distances());
        }
    }

    @Test
    void approximateGraphReportsItsRecall() throws Exception {
        Path out = dir.resolve("approx.npy");
        CliRun r = CliRun.of("neighbors", caseDir.toString(), "--descriptor", "hog", "--k", "10", "--approximate",
                "--seed", "2", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Matcher m = Pattern.compile("recall@10 on a 300-row sample \\(against brute force\\): ([0-9.]+)")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Double.parseDouble(m.group(1)) > 0.9, r.out());
        KnnGraph g = KnnGraph.load(out);
        assertFalse(g.exact());
        assertEquals(2, g.provenance().seed());
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        CliRun k = CliRun.of("neighbors", caseDir.toString(), "--descriptor", "color", "--k", "300", "--out",
                dir.resolve("x.npy").toString());
        assertEquals(2, k.status());
        assertTrue(k.err().contains("k must be in [1, n - 1 = 299]"), k.err());
        CliRun metric = CliRun.of("neighbors", caseDir.toString(), "--descriptor", "color", "--metric", "manhattan",
                "--out", dir.resolve("x.npy").toString());
        assertEquals(2, metric.status());
        assertTrue(metric.err().contains("metric must be euclidean or cosine"), metric.err());
        CliRun both = CliRun.of("neighbors", caseDir.toString(), "--descriptor", "color", "--exact", "--approximate",
                "--out", dir.resolve("x.npy").toString());
        assertEquals(2, both.status());
        assertFalse(Files.exists(dir.resolve("x.npy")));
    }
}
