package org.descry.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-computed cases on points of a line with {@code min_samples = 1} (so mutual reachability is the plain
 * distance and every lambda is {@code 1 / gap}), worked through the hdbscan library's condense, stability,
 * selection, probability and GLOSH rules; plus validation and save/load.
 */
class HdbscanTest {

    static FloatMatrix line(double... xs) {
        FloatMatrix m = FloatMatrix.zeros(xs.length, 1);
        for (int i = 0; i < xs.length; i++) {
            m.set(i, 0, (float) xs[i]);
        }
        return m;
    }

    static Hdbscan onLine(int minClusterSize) {
        return Hdbscan.of(minClusterSize).withMinSamples(1).withThreads(1);
    }

    /** Same grouping up to renaming, noise (-1) kept as noise. */
    static void assertPartition(int[] want, int[] got) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i] < 0, got[i] < 0, "noise of row " + i + ": " + Arrays.toString(got));
            for (int j = 0; j < i; j++) {
                if (want[i] >= 0 && want[j] >= 0) {
                    assertEquals(want[i] == want[j], got[i] == got[j], "rows " + j + ", " + i + ": "
                            + Arrays.toString(got));
                }
            }
        }
    }

    // 0 1 2 | 4 .... 10 11 12 ........ 30   min_cluster_size 3
    // root splits at distance 6 (lambda 1/6) into A = {0,1,2,4} and B = {10,11,12}; 30 leaves the root at 1/18;
    // 4 leaves A at 1/2, the rest of A and all of B at 1.
    static final double[] TWO_GROUPS = {0, 1, 2, 4, 10, 11, 12, 30};

    @Test
    void twoGroupsAndAnOutlierByHand() {
        HdbscanModel m = onLine(3).fit(line(TWO_GROUPS), Progress.NONE);
        assertEquals(2, m.k());
        assertPartition(new int[] {0, 0, 0, 0, 1, 1, 1, -1}, m.labels());
        float[] p = m.probabilities();
        float[] wantP = {1, 1, 1, 0.5f, 1, 1, 1, 0};
        assertArrayEquals(wantP, p, 1e-6f);
        float[] s = m.outlierScores();
        float[] wantS = {0, 0, 0, 0.5f, 0, 0, 0, 17f / 18};
        assertArrayEquals(wantS, s, 1e-6f);
        int a = m.labels()[0];
        int b = m.labels()[4];
        double[] stab = m.clusterStabilities();
        assertEquals((0.5 - 1 / 6.0) + 3 * (1 - 1 / 6.0), stab[a], 1e-5);
        assertEquals(3 * (1 - 1 / 6.0), stab[b], 1e-5);
        int[] ea = m.exemplars(a).clone();
        Arrays.sort(ea);
        assertArrayEquals(new int[] {0, 1, 2}, ea);
        int[] eb = m.exemplars(b).clone();
        Arrays.sort(eb);
        assertArrayEquals(new int[] {4, 5, 6}, eb);
        // condensed tree: 30 from the root, two clusters, 4 from A, then 3 + 3 rows at lambda 1
        assertEquals(10, m.treeParent().length);
        int root = 8;
        int fromRoot = 0;
        for (int i = 0; i < m.treeParent().length; i++) {
            if (m.treeParent()[i] == root) {
                fromRoot++;
                if (m.treeChild()[i] == 7) {
                    assertEquals(1f / 18, m.treeLambda()[i], 1e-7f);
                } else {
                    assertEquals(1f / 6, m.treeLambda()[i], 1e-7f);
                    assertTrue(m.treeChild()[i] > root);
                }
            }
        }
        assertEquals(3, fromRoot);
        assertArrayEquals(m.labels(), onLine(3).withSelection(Hdbscan.SelectionMethod.LEAF)
                .fit(line(TWO_GROUPS), Progress.NONE).labels());
    }

    // 0 1 2 3 and 4.5 5.5 6.5 7.5: two groups of 4 joined at 1.5; the parent is more stable than its children
    static final double[] CLOSE_PAIR = {0, 1, 2, 3, 4.5, 5.5, 6.5, 7.5};

    @Test
    void allowSingleClusterLetsTheRootWin() {
        HdbscanModel two = onLine(4).fit(line(CLOSE_PAIR), Progress.NONE);
        assertPartition(new int[] {0, 0, 0, 0, 1, 1, 1, 1}, two.labels());
        HdbscanModel one = onLine(4).withAllowSingleCluster(true).fit(line(CLOSE_PAIR), Progress.NONE);
        assertEquals(1, one.k());
        assertArrayEquals(new int[8], one.labels());
        assertEquals(8 * (2 / 3.0), one.clusterStabilities()[0], 1e-5);
        assertArrayEquals(new int[] {8}, one.selectedClusters());
    }

    // A1 = 0..3, A2 = 4.5..7.5 (split at 1.5), B = 20..23 (12.5 from A)
    static final double[] NESTED = {0, 1, 2, 3, 4.5, 5.5, 6.5, 7.5, 20, 21, 22, 23};

    @Test
    void selectionMethodsAndEpsilonByHand() {
        FloatMatrix x = line(NESTED);
        int[] three = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
        int[] two = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
        Hdbscan leaf = onLine(4).withSelection(Hdbscan.SelectionMethod.LEAF);
        assertPartition(three, leaf.fit(x, Progress.NONE).labels());
        // A (stability 8 (2/3 - 1/12.5)) beats A1 + A2 (2 * 4/3)
        HdbscanModel eom = onLine(4).fit(x, Progress.NONE);
        assertPartition(two, eom.labels());
        assertEquals(8 * (2 / 3.0 - 1 / 12.5), eom.clusterStabilities()[eom.labels()[0]], 1e-5);
        // epsilon 2 > 1.5: the leaves A1, A2 are replaced by A; epsilon 1 < 1.5 changes nothing
        assertPartition(two, leaf.withClusterSelectionEpsilon(2).fit(x, Progress.NONE).labels());
        assertPartition(three, leaf.withClusterSelectionEpsilon(1).fit(x, Progress.NONE).labels());
        // epsilon above every split: the root only with allow_single_cluster
        assertPartition(two, onLine(4).withClusterSelectionEpsilon(20).fit(x, Progress.NONE).labels());
        HdbscanModel single = onLine(4).withClusterSelectionEpsilon(20).withAllowSingleCluster(true)
                .fit(x, Progress.NONE);
        assertArrayEquals(new int[12], single.labels());
    }

    @Test
    void leafWithoutSplitsIsAllNoiseAndEomTooUnlessSingleAllowed() {
        FloatMatrix x = line(0, 1, 2, 3, 4, 5);
        assertArrayEquals(new int[] {-1, -1, -1, -1, -1, -1}, onLine(3).withSelection(Hdbscan.SelectionMethod.LEAF)
                .fit(x, Progress.NONE).labels());
        assertArrayEquals(new int[] {-1, -1, -1, -1, -1, -1}, onLine(3).fit(x, Progress.NONE).labels());
        HdbscanModel m = onLine(3).withAllowSingleCluster(true).fit(x, Progress.NONE);
        assertArrayEquals(new int[6], m.labels());
    }

    @Test
    void predictAttachesNewRowsWhereTheirNeighbourLeftTheTree() {
        HdbscanModel m = onLine(3).fit(line(TWO_GROUPS), Progress.NONE);
        HdbscanPrediction p = m.approximatePredict(line(1.2, 11.1, 100));
        int a = m.labels()[0];
        int b = m.labels()[4];
        assertArrayEquals(new int[] {a, b, -1}, p.labels());
        assertEquals(0f, p.probabilities()[2]);
        assertTrue(p.probabilities()[0] > 0.5f && p.probabilities()[1] > 0.5f, Arrays.toString(p.probabilities()));
        assertTrue(p.outlierScores()[2] > 0.9f, Arrays.toString(p.outlierScores()));
        assertArrayEquals(p.labels(), m.predict(line(1.2, 11.1, 100)));
    }

    @Test
    void saveAndLoadKeepEverything(@TempDir Path dir) throws IOException {
        FloatMatrix x = HdbscanPropertyTest.blobs(7, 3, 60, 4, 0.4, 5);
        HdbscanModel m = Hdbscan.of(8).withThreads(2).fit(x, Progress.NONE);
        m.save(dir);
        HdbscanModel r = HdbscanModel.load(dir);
        assertEquals(m.config(), r.config());
        assertEquals(m.k(), r.k());
        assertArrayEquals(m.labels(), r.labels());
        assertArrayEquals(m.probabilities(), r.probabilities());
        assertArrayEquals(m.outlierScores(), r.outlierScores());
        assertArrayEquals(m.coreDistances(), r.coreDistances());
        assertArrayEquals(m.treeParent(), r.treeParent());
        assertArrayEquals(m.treeChild(), r.treeChild());
        assertArrayEquals(m.treeLambda(), r.treeLambda());
        assertArrayEquals(m.treeChildSize(), r.treeChildSize());
        assertArrayEquals(m.selectedClusters(), r.selectedClusters());
        assertArrayEquals(m.clusterStabilities(), r.clusterStabilities());
        for (int c = 0; c < m.k(); c++) {
            assertArrayEquals(m.exemplars(c), r.exemplars(c));
        }
        assertEquals(m.provenance(), r.provenance());
        assertEquals(m.graphUsed(), r.graphUsed());
        FloatMatrix q = HdbscanPropertyTest.blobs(8, 3, 10, 4, 0.6, 5);
        HdbscanPrediction a = m.approximatePredict(q);
        HdbscanPrediction b = r.approximatePredict(q);
        assertArrayEquals(a.labels(), b.labels());
        assertArrayEquals(a.probabilities(), b.probabilities());
        assertArrayEquals(a.outlierScores(), b.outlierScores());
    }

    @Test
    void aModelWithoutClustersSavesAndPredictsNoise(@TempDir Path dir) throws IOException {
        HdbscanModel m = onLine(3).withSelection(Hdbscan.SelectionMethod.LEAF).fit(line(0, 1, 2, 3, 4, 5),
                Progress.NONE);
        assertEquals(0, m.k());
        m.save(dir);
        HdbscanModel r = HdbscanModel.load(dir);
        assertEquals(0, r.k());
        assertArrayEquals(m.labels(), r.labels());
        HdbscanPrediction p = r.approximatePredict(line(2.5, 40));
        assertArrayEquals(new int[] {-1, -1}, p.labels());
        assertArrayEquals(new float[2], p.probabilities());
        assertTrue(p.outlierScores()[1] > p.outlierScores()[0]);
    }

    @Test
    void loadRefusesAnotherKind(@TempDir Path dir) throws IOException {
        KMeans.of(2).withNInit(1).fit(line(0, 1, 10, 11)).save(dir);
        DescryException e = assertThrows(DescryException.class, () -> HdbscanModel.load(dir));
        assertTrue(e.getMessage().contains("expected 'hdbscan'"), e.getMessage());
    }

    @Test
    void configurationIsValidated() {
        assertEquals("min_cluster_size must be >= 2, got 1",
                assertThrows(IllegalArgumentException.class, () -> Hdbscan.of(1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Hdbscan.of(5).withMinSamples(-1))
                .getMessage().startsWith("min_samples must be >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Hdbscan.of(5).withClusterSelectionEpsilon(-0.5)).getMessage()
                .startsWith("cluster_selection_epsilon must be a finite number >= 0, got -0.5"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Hdbscan.of(5).withClusterSelectionEpsilon(Double.NaN)).getMessage()
                .contains("got NaN"));
        assertEquals("neighbors must be >= min_samples - 1 = 9, got 4",
                assertThrows(IllegalArgumentException.class,
                        () -> Hdbscan.of(5).withMinSamples(10).withNeighbors(4)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Hdbscan.of(5).withThreads(0))
                .getMessage().startsWith("threads must be >= 1, got 0"));
        assertEquals(Hdbscan.SelectionMethod.LEAF, Hdbscan.SelectionMethod.parse(" Leaf"));
        assertTrue(assertThrows(DescryException.class, () -> Hdbscan.SelectionMethod.parse("best"))
                .getMessage().contains("'best'"));
        assertEquals(Hdbscan.Graph.APPROXIMATE, Hdbscan.Graph.parse("approximate"));
        assertEquals(5, Hdbscan.defaults().resolvedMinSamples());
        assertEquals(7, Hdbscan.of(5).withMinSamples(7).resolvedMinSamples());
    }

    @Test
    void badInputIsAClearError() {
        FloatMatrix x = line(0, 1, 2, Float.NaN, 4, 5);
        DescryException e = assertThrows(DescryException.class, () -> onLine(3).fit(x, Progress.NONE));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("row 3"), e.getMessage());
        assertTrue(assertThrows(DescryException.class, () -> Hdbscan.of(5).fit(line(0, 1, 2), Progress.NONE))
                .getMessage().startsWith("min_samples must be <= rows = 3, got 5"));
        assertTrue(assertThrows(DescryException.class, () -> Hdbscan.of(2).fit(line(0), Progress.NONE))
                .getMessage().contains("at least 2 rows"));
        HdbscanModel m = onLine(3).fit(line(TWO_GROUPS), Progress.NONE);
        assertTrue(assertThrows(DescryException.class, () -> m.predict(FloatMatrix.zeros(2, 3))).getMessage()
                .contains("width 3"));
        FloatMatrix inf = line(1, Float.POSITIVE_INFINITY);
        assertNotEquals(null, assertThrows(DescryException.class, () -> m.predict(inf)).getMessage());
    }

    @Test
    void duplicateRowsGiveFiniteResults() {
        FloatMatrix x = line(0, 0, 0, 0, 0, 10, 10, 10, 10, 10);
        HdbscanModel m = Hdbscan.of(3).withMinSamples(2).fit(x, Progress.NONE);
        assertPartition(new int[] {0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, m.labels());
        for (double s : m.clusterStabilities()) {
            assertTrue(Double.isFinite(s), "stability " + s);
        }
        for (float s : m.outlierScores()) {
            assertTrue(s >= 0 && s <= 1);
        }
        assertEquals(Metric.EUCLIDEAN, m.config().metric());
    }
}
