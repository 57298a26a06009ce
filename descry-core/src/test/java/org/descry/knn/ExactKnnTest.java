package org.descry.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.stream.Stream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExactKnnTest {

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(1L, 2, 1, 1, Metric.EUCLIDEAN),
                Arguments.of(2L, 17, 3, 16, Metric.EUCLIDEAN),
                Arguments.of(3L, 300, 7, 5, Metric.EUCLIDEAN),
                Arguments.of(4L, 2500, 33, 15, Metric.EUCLIDEAN),
                Arguments.of(5L, 700, 1, 4, Metric.EUCLIDEAN),
                Arguments.of(6L, 523, 64, 30, Metric.COSINE),
                Arguments.of(7L, 2100, 5, 12, Metric.COSINE));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void selfGraphEqualsTheDoubleReference(long seed, int n, int d, int k, Metric metric) {
        FloatMatrix x = KnnData.gaussian(n, d, seed);
        KnnGraph g = new ExactKnn(k, metric, 2).fit(x, Progress.NONE);
        KnnData.Naive ref = KnnData.naive(x, x, k, metric, true);
        assertArrayEquals(ref.indices(), g.indices());
        assertArrayEquals(ref.distances(), g.distances());
        assertTrue(g.exact() && g.selfExcluded());
        assertEquals(n, g.rows());
        assertEquals(k, g.k());
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void referencePreparedBlockByBlockGivesTheSameGraph(long seed, int n, int d, int k, Metric metric) {
        FloatMatrix x = KnnData.gaussian(n, d, seed);
        int[] self = java.util.stream.IntStream.range(0, n).toArray();
        ExactKnn.Result blockwise = ExactKnn.search(x, x, self, k, metric, 2, Progress.NONE, 0);
        KnnData.Naive ref = KnnData.naive(x, x, k, metric, true);
        assertArrayEquals(ref.indices(), blockwise.indices());
        assertArrayEquals(ref.distances(), blockwise.distances());
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void queriesEqualTheDoubleReference(long seed, int n, int d, int k, Metric metric) {
        FloatMatrix reference = KnnData.gaussian(n, d, seed);
        FloatMatrix queries = KnnData.gaussian(300, d, seed + 100);
        KnnGraph g = new ExactKnn(k, metric, 2).query(reference, queries, Progress.NONE);
        KnnData.Naive ref = KnnData.naive(reference, queries, k, metric, false);
        assertArrayEquals(ref.indices(), g.indices());
        assertArrayEquals(ref.distances(), g.distances());
        assertEquals(300, g.rows());
        assertEquals(n, g.cols());
    }

    @Test
    void resultDoesNotDependOnThreadsOrStorage() {
        FloatMatrix x = KnnData.clustered(3000, 20, 10, 9);
        KnnGraph one = ExactKnn.of(10).withThreads(1).fit(x, Progress.NONE);
        KnnGraph two = ExactKnn.of(10).withThreads(2).fit(x, Progress.NONE);
        FloatMatrix offHeap = FloatMatrix.of(Arena.ofAuto().allocate(4L * x.rows() * x.cols(), 4), x.rows(),
                x.cols());
        for (int r = 0; r < x.rows(); r++) {
            offHeap.setRow(r, x.rowArray(r), 0);
        }
        KnnGraph off = ExactKnn.of(10).fit(offHeap, Progress.NONE);
        assertArrayEquals(one.indices(), two.indices());
        assertArrayEquals(one.distances(), two.distances());
        assertArrayEquals(one.indices(), off.indices());
        assertArrayEquals(one.distances(), off.distances());
    }

    @Test
    void duplicatesAreNeighboursAtZeroInIndexOrder() {
        FloatMatrix base = KnnData.gaussian(200, 6, 11);
        float[] v = new float[600 * 6];
        for (int copy = 0; copy < 3; copy++) {
            for (int r = 0; r < 200; r++) {
                base.copyRow(r, v, (copy * 200 + r) * 6);
            }
        }
        FloatMatrix x = FloatMatrix.wrap(v, 600, 6);
        KnnGraph g = ExactKnn.of(4).fit(x, Progress.NONE);
        for (int i = 0; i < 600; i++) {
            int r = i % 200;
            int[] twins = new int[2];
            int t = 0;
            for (int c = 0; c < 3; c++) {
                if (c * 200 + r != i) {
                    twins[t++] = c * 200 + r;
                }
            }
            assertEquals(twins[0], g.neighbour(i, 0), "row " + i);
            assertEquals(twins[1], g.neighbour(i, 1), "row " + i);
            assertEquals(0f, g.distance(i, 0));
            assertEquals(0f, g.distance(i, 1));
            assertTrue(g.distance(i, 2) > 0);
        }
    }

    @Test
    void nearDuplicatesRankByTheirTrueDistance() {
        // Large norms: ||a||^2 + ||b||^2 - 2 a.b cancels catastrophically in float; the recompute does not.
        int n = 50;
        int d = 8;
        float[] v = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                v[i * d + c] = 1000f + c;
            }
            v[i * d] += i * 0.00390625f;
        }
        KnnGraph g = ExactKnn.of(2).fit(FloatMatrix.wrap(v, n, d), Progress.NONE);
        for (int i = 1; i < n - 1; i++) {
            assertEquals(i - 1, g.neighbour(i, 0), "row " + i);
            assertEquals(i + 1, g.neighbour(i, 1), "row " + i);
            assertEquals(0.00390625f, g.distance(i, 0));
        }
    }

    @Test
    void tiesAreBrokenByIndex() {
        float[] line = new float[20];
        for (int i = 0; i < 20; i++) {
            line[i] = i;
        }
        KnnGraph g = ExactKnn.of(4).fit(FloatMatrix.wrap(line, 20, 1), Progress.NONE);
        assertArrayEquals(new int[] {4, 6, 3, 7}, new int[] {g.neighbour(5, 0), g.neighbour(5, 1), g.neighbour(5, 2),
                g.neighbour(5, 3)});
        assertArrayEquals(new int[] {1, 2, 3, 4}, new int[] {g.neighbour(0, 0), g.neighbour(0, 1), g.neighbour(0, 2),
                g.neighbour(0, 3)});
    }

    @Test
    void kBeyondNMinusOneIsAClearError() {
        FloatMatrix x = KnnData.gaussian(10, 3, 1);
        DescryException e = assertThrows(DescryException.class, () -> ExactKnn.of(10).fit(x, Progress.NONE));
        assertTrue(e.getMessage().contains("k must be in [1, n - 1 = 9]") && e.getMessage().contains("k=10")
                && e.getMessage().contains("n=10"), e.getMessage());
        assertEquals(9, ExactKnn.of(9).fit(x, Progress.NONE).k());
        DescryException q = assertThrows(DescryException.class,
                () -> ExactKnn.query(x, KnnData.gaussian(3, 3, 2), 11));
        assertTrue(q.getMessage().contains("reference rows = 10") && q.getMessage().contains("11"), q.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExactKnn.of(0));
        assertThrows(IllegalArgumentException.class, () -> ExactKnn.of(3).withThreads(0));
        DescryException w = assertThrows(DescryException.class,
                () -> ExactKnn.query(x, KnnData.gaussian(3, 4, 2), 2));
        assertTrue(w.getMessage().contains("4 columns"), w.getMessage());
    }

    @Test
    void nonFiniteInputIsNamed() {
        FloatMatrix x = KnnData.gaussian(30, 3, 1);
        x.set(17, 2, Float.NaN);
        DescryException e = assertThrows(DescryException.class, () -> ExactKnn.of(3).fit(x, Progress.NONE));
        assertTrue(e.getMessage().startsWith("x holds NaN or Inf (first in row 17)"), e.getMessage());
        DescryException q = assertThrows(DescryException.class,
                () -> ExactKnn.query(KnnData.gaussian(30, 3, 1), x, 3));
        assertTrue(q.getMessage().startsWith("queries holds NaN"), q.getMessage());
    }

    @Test
    void cosineZeroRowsAreAtDistanceOneFromEverything() {
        FloatMatrix x = KnnData.gaussian(40, 5, 3);
        x.setRow(7, new float[5], 0);
        x.setRow(21, new float[5], 0);
        KnnGraph g = ExactKnn.of(39).withMetric(Metric.COSINE).fit(x, Progress.NONE);
        for (int c = 0; c < 39; c++) {
            assertEquals(1f, g.distance(7, c));
        }
        assertArrayEquals(java.util.stream.IntStream.range(0, 40).filter(i -> i != 7).toArray(),
                java.util.Arrays.copyOfRange(g.indices(), 7 * 39, 8 * 39), "all at 1: index order");
        for (int i = 0; i < 40; i++) {
            for (int c = 0; c < 39; c++) {
                int j = g.neighbour(i, c);
                if (i != 7 && i != 21 && (j == 7 || j == 21)) {
                    assertEquals(1f, g.distance(i, c));
                }
                assertTrue(g.distance(i, c) >= 0 && g.distance(i, c) <= 2);
            }
        }
    }
}
