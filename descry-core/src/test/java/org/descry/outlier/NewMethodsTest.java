package org.descry.outlier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.descry.cluster.Hdbscan;
import org.descry.cluster.HdbscanModel;
import org.descry.cluster.KMeans;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** LOF over a range of k, the over-dense group score, CBLOF and HDBSCAN's outlier scores. */
class NewMethodsTest {

    static IntStream seeds() {
        return IntStream.range(0, 4);
    }

    /** Three Gaussian blobs of {@code n} rows in {@code d} dimensions, then {@code group} rows jittered by 1e-3 around one far point. */
    static FloatMatrix blobsWithGroup(SplittableRandom r, int n, int d, int group) {
        float[] v = new float[(n + group) * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                v[i * d + j] = (float) ((i % 3) * 6 + r.nextGaussian());
            }
        }
        for (int i = n; i < n + group; i++) {
            for (int j = 0; j < d; j++) {
                v[i * d + j] = (float) (3 + 1e-3 * r.nextGaussian());
            }
        }
        return FloatMatrix.wrap(v, n + group, d);
    }

    static FloatMatrix gaussian(SplittableRandom r, int n, int d, double scale) {
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (scale * r.nextGaussian());
        }
        return FloatMatrix.wrap(v, n, d);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void lofRangeIsTheMaximumOfLofOverTheSizes(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        FloatMatrix x = gaussian(r, 120, 3, 1);
        FloatMatrix fresh = gaussian(r, 15, 3, 2);
        LofRange range = new LofRange(5, 23, 6, 0.1, 2);
        assertArrayEquals(new int[] {5, 11, 17, 23}, range.sizes(120));
        LofRange.Model m = range.fit(x, Progress.NONE);
        double[] max = new double[x.rows()];
        double[] maxNew = new double[fresh.rows()];
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(maxNew, Double.NEGATIVE_INFINITY);
        for (int k : m.sizes()) {
            LofModel lof = new Lof(k, 0.1, 2).fit(x, Progress.NONE);
            double[] s = lof.scores();
            double[] sn = lof.score(fresh);
            for (int i = 0; i < s.length; i++) {
                max[i] = Math.max(max[i], s[i]);
            }
            for (int i = 0; i < sn.length; i++) {
                maxNew[i] = Math.max(maxNew[i], sn[i]);
            }
        }
        assertArrayEquals(max, m.scores(), 1e-12);
        assertArrayEquals(maxNew, m.score(fresh), 1e-12);
        assertEquals(Contamination.threshold(max, 0.1), m.threshold(), 1e-12);
    }

    @Test
    void lofRangeMatchesTheMaximumOfScikitLearnsFactors() {
        FloatMatrix x = Fixtures.matrix("lof_x");
        LofRange.Model m = LofRange.of().withThreads(2).fit(x, Progress.NONE);
        LofTest.assertClose(Fixtures.vector("lof_range_10_50"), m.scores(), "training");
        LofTest.assertClose(Fixtures.vector("lof_range_novelty_10_50"), m.score(Fixtures.matrix("lof_queries")),
                "novelty");
    }

    @Test
    void denseIsMinusScikitLearnsKthNeighbourDistance() {
        double[] kth = Fixtures.vector("knn_kth_k20");
        double[] s = DenseGroup.of().fit(Fixtures.matrix("lof_x"), Progress.NONE).scores();
        for (int i = 0; i < s.length; i++) {
            kth[i] = -kth[i];
        }
        LofTest.assertClose(kth, s, "dense");
    }

    @Test
    void lofRangeSizesClampToTheRowsAndKeepTheUpperBound() {
        assertArrayEquals(new int[] {10, 20, 30, 40, 45}, new LofRange(10, 45, 10, 0.1, 1).sizes(1000));
        assertArrayEquals(new int[] {10, 15}, new LofRange(10, 50, 10, 0.1, 1).sizes(16));
        assertArrayEquals(new int[] {3}, new LofRange(10, 50, 10, 0.1, 1).sizes(4));
        assertEquals("kMax must be >= kMin = 10, got 9",
                assertThrows(IllegalArgumentException.class, () -> new LofRange(10, 9, 1, 0.1, 1)).getMessage());
        assertEquals("step must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new LofRange(1, 9, 0, 0.1, 1)).getMessage());
    }

    /** A group of more than k near-identical rows holds exactly the top scores of dense, and LOF(20) misses it. */
    @ParameterizedTest
    @MethodSource("seeds")
    void denseRanksANearDuplicateGroupFirst(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 300;
        int group = 30;
        FloatMatrix x = blobsWithGroup(r, n, 4, group);
        DenseGroup.Model m = new DenseGroup(20, 0.1, 2).fit(x, Progress.NONE);
        double[] s = m.scores();
        double lowestGroup = Double.POSITIVE_INFINITY;
        double highestOther = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < s.length; i++) {
            if (i >= n) {
                lowestGroup = Math.min(lowestGroup, s[i]);
            } else {
                highestOther = Math.max(highestOther, s[i]);
            }
        }
        assertTrue(lowestGroup > highestOther, "group " + lowestGroup + " vs others " + highestOther);
        double[] knn = new KnnDistance(20, false, 0.1, 2).fit(x, Progress.NONE).scores();
        for (int i = 0; i < s.length; i++) {
            assertEquals(-knn[i], s[i], 0);
        }
        double[] lof = new Lof(20, 0.1, 2).fit(x, Progress.NONE).scores();
        double lofGroup = 0;
        for (int i = n; i < n + group; i++) {
            lofGroup = Math.max(lofGroup, lof[i]);
        }
        assertTrue(lofGroup < 1.5, "LOF(20) sees the group as typical: max factor " + lofGroup);
        assertEquals("k must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new DenseGroup(0, 0.1, 1)).getMessage());
    }

    @Test
    void cblofSplitsClustersByPyodsAlphaBetaRule() {
        // both rules at the same boundary
        assertArrayEquals(new boolean[] {true, true, true, false, false},
                Cblof.largeClusters(new int[] {50, 30, 15, 3, 2}, 0.9, 5));
        // order of the input does not matter, only sizes
        assertArrayEquals(new boolean[] {false, true, false, true, true},
                Cblof.largeClusters(new int[] {3, 50, 2, 30, 15}, 0.9, 5));
        // beta holds at 1, alpha only at 2, never together: the alpha boundary wins
        assertArrayEquals(new boolean[] {true, true, false}, Cblof.largeClusters(new int[] {85, 10, 5}, 0.9, 5));
        // alpha never holds before the last cluster, beta at 1
        assertArrayEquals(new boolean[] {true, false, false}, Cblof.largeClusters(new int[] {50, 9, 41}, 0.95, 1.1));
        // neither rule anywhere (PyOD raises): every cluster is large
        assertArrayEquals(new boolean[] {true, true, true}, Cblof.largeClusters(new int[] {40, 40, 20}, 0.9, 5));
        assertEquals("alpha must be in (0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
                () -> new Cblof(KMeans.of(3), 1, 5, false, 0.1)).getMessage());
        assertEquals("beta must be a finite number > 1, got 1.0", assertThrows(IllegalArgumentException.class,
                () -> new Cblof(KMeans.of(3), 0.5, 1, false, 0.1)).getMessage());
    }

    /** Rows of large clusters score their distance to their centre; rows of small ones to the nearest large centre. */
    @ParameterizedTest
    @MethodSource("seeds")
    void cblofScoresByClusterSize(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 300;
        int group = 12;
        FloatMatrix x = blobsWithGroup(r, n, 2, group);
        for (int i = n; i < n + group; i++) {
            x.setRow(i, new float[] {40 + (float) r.nextGaussian(), 40 + (float) r.nextGaussian()}, 0);
        }
        FloatMatrix init = FloatMatrix.wrap(new float[] {0, 0, 6, 6, 12, 12, 40, 40}, 4, 2);
        Cblof det = new Cblof(KMeans.of(4).withInitialCentres(init), 0.9, 5, false, group / (double) x.rows());
        CblofModel m = det.fit(x, Progress.NONE);
        assertArrayEquals(new boolean[] {true, true, true, false}, m.large());
        float[] c = m.kmeans().centres().toArray();
        int[] labels = m.kmeans().labels();
        double[] s = m.scores();
        for (int i = 0; i < x.rows(); i++) {
            double[] d = new double[4];
            for (int j = 0; j < 4; j++) {
                d[j] = Math.hypot(x.get(i, 0) - c[2 * j], x.get(i, 1) - c[2 * j + 1]);
            }
            double expected = labels[i] == 3 ? Math.min(d[0], Math.min(d[1], d[2])) : d[labels[i]];
            assertEquals(expected, s[i], 1e-4, "row " + i);
            assertEquals(i >= n, s[i] > m.threshold(), "flag of row " + i);
        }
        assertArrayEquals(s, m.score(x), 1e-9);
        double[] weighted = det.withUseWeights(true).fit(x, Progress.NONE).scores();
        int[] sizes = new int[4];
        for (int l : labels) {
            sizes[l]++;
        }
        for (int i = 0; i < s.length; i++) {
            assertEquals(s[i] * sizes[labels[i]], weighted[i], 1e-6 * weighted[i] + 1e-9);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void hdbscanScoresAreGloshOrOneMinusMembership(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        FloatMatrix x = blobsWithGroup(r, 150, 2, 10);
        FloatMatrix fresh = gaussian(r, 8, 2, 5);
        Hdbscan h = Hdbscan.of(8).withThreads(2);
        HdbscanModel ref = h.fit(x, Progress.NONE);
        HdbscanOutliers.Model glosh = new HdbscanOutliers(h, false, 0.1).fit(x, Progress.NONE);
        HdbscanOutliers.Model member = new HdbscanOutliers(h, true, 0.1).fit(x, Progress.NONE);
        float[] g = ref.outlierScores();
        float[] p = ref.probabilities();
        float[] gNew = ref.approximatePredict(fresh).outlierScores();
        float[] pNew = ref.approximatePredict(fresh).probabilities();
        for (int i = 0; i < g.length; i++) {
            assertEquals(g[i], glosh.scores()[i], 0);
            assertEquals(1.0 - p[i], member.scores()[i], 0);
        }
        for (int i = 0; i < gNew.length; i++) {
            assertEquals(gNew[i], glosh.score(fresh)[i], 0);
            assertEquals(1.0 - pNew[i], member.score(fresh)[i], 0);
        }
    }
}
