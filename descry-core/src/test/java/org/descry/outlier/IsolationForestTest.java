package org.descry.outlier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.metrics.RocAuc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link IsolationForest}: exact {@code c(n)} and path lengths on a hand-built tree; against scikit-learn 1.2.1
 * statistically (other random numbers): Spearman correlation of the scores and ROC-AUC on planted outliers.
 */
class IsolationForestTest {

    @Test
    void averagePathLengthIsScikitLearns() {
        assertEquals(0, IsolationTree.averagePathLength(0));
        assertEquals(0, IsolationTree.averagePathLength(1));
        assertEquals(1, IsolationTree.averagePathLength(2));
        double gamma = 0.5772156649015329;
        assertEquals(2 * (Math.log(2) + gamma) - 2.0 * 2 / 3, IsolationTree.averagePathLength(3), 1e-15);
        assertEquals(2 * (Math.log(255) + gamma) - 2.0 * 255 / 256, IsolationTree.averagePathLength(256), 1e-15);
        // 2 H(n-1) - 2(n-1)/n with the harmonic number approximated by ln + gamma: close to the exact sum at 256.
        double h = 0;
        for (int i = 1; i <= 255; i++) {
            h += 1.0 / i;
        }
        assertEquals(2 * h - 2.0 * 255 / 256, IsolationTree.averagePathLength(256), 5e-3);
    }

    @Test
    void pathLengthsOfAHandBuiltTree() {
        // root: x0 <= 0.5 ? node1 : leaf(5 rows at depth 1); node1: x1 <= 2 ? leaf(1 row) : leaf(2 rows), depth 2.
        IsolationTree t = new IsolationTree(new int[] {0, 1, -1, -1, -1}, new double[] {0.5, 2, 0, 0, 0},
                new int[] {1, 3, 0, 0, 0}, new int[] {2, 4, 0, 0, 0},
                new double[] {0, 0, 1 + IsolationTree.averagePathLength(5), 2, 3});
        assertEquals(2.0, t.pathLength(new float[] {0.5f, 2f}, 0));
        assertEquals(3.0, t.pathLength(new float[] {9, 0.5f, 2.5f}, 1));
        assertEquals(1 + IsolationTree.averagePathLength(5), t.pathLength(new float[] {0.6f, 0}, 0), 1e-15);
    }

    @Test
    void grownTreeIsolatesEveryDistinctRowWithinTheDepthLimit() {
        SplittableRandom rnd = new SplittableRandom(3);
        int m = 64;
        float[] rows = new float[m * 3];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) rnd.nextGaussian();
        }
        IsolationTree t = IsolationTree.grow(rows, m, 3, 6, new SplittableRandom(1));
        assertTrue(t.nodes() <= 2 * m - 1);
        for (int i = 0; i < m; i++) {
            double p = t.pathLength(rows, i * 3);
            assertTrue(p >= 1 && p <= 6 + IsolationTree.averagePathLength(m), "row " + i + ": " + p);
        }
        IsolationTree deep = IsolationTree.grow(rows, m, 3, 1000, new SplittableRandom(1));
        for (int i = 0; i < m; i++) {
            double p = deep.pathLength(rows, i * 3);
            assertEquals(Math.rint(p), p, "unlimited depth isolates each distinct row: row " + i);
        }
    }

    @Test
    void constantRowsAreOneLeaf() {
        float[] rows = new float[10 * 2];
        IsolationTree t = IsolationTree.grow(rows, 10, 2, 8, new SplittableRandom(0));
        assertEquals(1, t.nodes());
        assertEquals(IsolationTree.averagePathLength(10), t.pathLength(rows, 0), 1e-15);
    }

    static LongStream seeds() {
        return LongStream.of(0, 1, 2, 3);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void agreesWithScikitLearnStatistically(long seed) {
        FloatMatrix x = Fixtures.matrix("iforest_x");
        boolean[] y = Fixtures.truth("iforest_y");
        double[] sk = Fixtures.vector("iforest_scores");
        IsolationForestModel m = IsolationForest.of().withSeed(seed).fit(x, Progress.NONE);
        double[] s = m.scores();
        assertTrue(spearman(sk, s) >= 0.9, "Spearman " + spearman(sk, s));
        double auc = RocAuc.score(y, s);
        assertEquals(Fixtures.expected().get("iforest_auc").asDouble(), auc, 0.02);
        for (double v : s) {
            assertTrue(v > 0 && v <= 1, "score " + v);
        }
        assertArrayEquals(s, m.score(x), 1e-12);
    }

    @Test
    void sameSeedSameForestOnAnyThreadCount() {
        FloatMatrix x = Fixtures.matrix("iforest_x");
        double[] a = IsolationForest.of().withSeed(9).withThreads(1).fit(x, Progress.NONE).scores();
        double[] b = IsolationForest.of().withSeed(9).withThreads(3).fit(x, Progress.NONE).scores();
        assertArrayEquals(a, b, 0);
    }

    @Test
    void validation() {
        assertEquals("nEstimators must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> IsolationForest.of().withNEstimators(0)).getMessage());
        assertEquals("maxSamples must be >= 2, got 1", assertThrows(IllegalArgumentException.class,
                () -> IsolationForest.of().withMaxSamples(1)).getMessage());
        assertEquals("contamination must be in (0, 0.5], got 0.0", assertThrows(IllegalArgumentException.class,
                () -> IsolationForest.of().withContamination(0)).getMessage());
        FloatMatrix bad = FloatMatrix.wrap(new float[] {0, 1, Float.POSITIVE_INFINITY, 3}, 4, 1);
        assertTrue(assertThrows(org.descry.data.DescryException.class,
                () -> IsolationForest.of().fit(bad, Progress.NONE)).getMessage().contains("row 2"));
    }

    static double spearman(double[] a, double[] b) {
        double[] ra = RankEnsemble.normalisedRanks(a);
        double[] rb = RankEnsemble.normalisedRanks(b);
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += ra[i] / a.length;
            mb += rb[i] / a.length;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
