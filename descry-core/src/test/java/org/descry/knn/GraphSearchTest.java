package org.descry.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Graph search: recall against brute force, exactness when nothing is cut, the prepared graph, save and load. */
class GraphSearchTest {

    /** Recall@k of {@code approx} against {@code truth} (both query graphs of the same rows), ties at the k-th counted. */
    static double recall(KnnGraph approx, KnnGraph truth) {
        int k = truth.k();
        long hits = 0;
        for (int q = 0; q < truth.rows(); q++) {
            float kth = truth.distance(q, k - 1);
            for (int c = 0; c < k; c++) {
                int j = approx.neighbour(q, c);
                boolean found = approx.distance(q, c) <= kth;
                for (int t = 0; t < k && !found; t++) {
                    found = truth.neighbour(q, t) == j;
                }
                hits += found ? 1 : 0;
            }
        }
        return hits / ((double) truth.rows() * k);
    }

    static Stream<Arguments> clusteredCases() {
        return Stream.of(Arguments.of(3000, 16, 20, 10, 0L), Arguments.of(4000, 32, 40, 20, 1L),
                Arguments.of(2500, 64, 8, 50, 2L), Arguments.of(3000, 24, 30, 20, 3L));
    }

    /** New rows from the same clusters: recall@k of the default search on an NN-descent graph is at least 0.95. */
    @ParameterizedTest
    @MethodSource("clusteredCases")
    void recallOnClusteredData(int n, int d, int clusters, int k, long seed) {
        FloatMatrix all = KnnData.clustered(n + 500, d, clusters, seed);
        FloatMatrix train = all.rowRange(0, n).copy();
        FloatMatrix queries = all.rowRange(n, n + 500).copy();
        KnnGraph graph = NnDescent.of(Math.max(k, 20)).withSeed(seed).withThreads(2).fit(train, Progress.NONE);
        SearchIndex index = GraphSearch.of().withSeed(seed).withThreads(2).index(train, graph);
        KnnGraph approx = index.query(queries, k, Progress.NONE);
        KnnGraph truth = ExactKnn.query(train, queries, k);
        double r = recall(approx, truth);
        assertTrue(r >= 0.95, "recall@" + k + " = " + r);
        assertFalse(approx.exact());
        assertFalse(approx.selfExcluded());
        for (int q = 0; q < approx.rows(); q++) {
            for (int c = 1; c < k; c++) {
                assertTrue(approx.distance(q, c - 1) <= approx.distance(q, c), "row " + q + " sorted");
            }
        }
    }

    /** A wider search finds at least as much: recall does not fall as epsilon grows. */
    @Test
    void epsilonTradesWorkForRecall() {
        FloatMatrix all = KnnData.clustered(3300, 32, 10, 7);
        FloatMatrix train = all.rowRange(0, 3000).copy();
        FloatMatrix queries = all.rowRange(3000, 3300).copy();
        KnnGraph graph = NnDescent.of(20).withSeed(7).withThreads(2).fit(train, Progress.NONE);
        KnnGraph truth = ExactKnn.query(train, queries, 10);
        SearchIndex index = GraphSearch.of().withThreads(2).index(train, graph);
        double narrow = recall(index.with(index.config().withEpsilon(0)).query(queries, 10, Progress.NONE), truth);
        double wide = recall(index.with(index.config().withEpsilon(0.5)).query(queries, 10, Progress.NONE), truth);
        assertTrue(wide >= narrow && wide > 0.97, "epsilon 0: " + narrow + ", 0.5: " + wide);
    }

    static Stream<Arguments> tinyCases() {
        return Stream.of(Arguments.of(12, 3, 4, 0L), Arguments.of(30, 5, 10, 1L), Arguments.of(25, 2, 25, 2L));
    }

    /** When the search may pass every row (a complete graph, a huge epsilon) the answer is the exact one. */
    @ParameterizedTest
    @MethodSource("tinyCases")
    void exactWhenTheSearchCoversEverything(int n, int d, int k, long seed) {
        FloatMatrix train = KnnData.gaussian(n, d, seed);
        FloatMatrix queries = KnnData.gaussian(40, d, seed + 100);
        KnnGraph graph = ExactKnn.of(n - 1).fit(train, Progress.NONE);
        SearchIndex index = GraphSearch.of().withEpsilon(1e30).withDegreeMultiplier(1e6).index(train, graph);
        KnnGraph approx = index.query(queries, k, Progress.NONE);
        KnnGraph truth = ExactKnn.query(train, queries, k);
        assertArrayEquals(truth.indices(), approx.indices());
        assertArrayEquals(truth.distances(), approx.distances());
    }

    /** Diversifying drops an edge reached through a nearer kept neighbour; reverse edges come back. */
    @Test
    void searchGraphIsDiversifiedAndReversed() {
        // on a line: 0, 1, 2, 10. Row 0's list (1, 2, 10): 2 is closer to 1 than to 0, so dropped; 10 too.
        FloatMatrix x = FloatMatrix.wrap(new float[] {0, 1, 2, 10}, 4, 1);
        KnnGraph graph = ExactKnn.of(3).fit(x, Progress.NONE);
        SearchIndex index = GraphSearch.of().index(x, graph);
        // forward kept: 0 -> 1; 1 -> 0, 2; 2 -> 1, 10? (2 -> 1 kept, 10: |1-10|=9 >= 8 kept); 3 -> 2
        // each row also gets reverse edges of the kept ones, so every row is reachable
        assertTrue(index.edges() >= 6 && index.edges() <= 12, "edges " + index.edges());
        KnnGraph q = index.query(FloatMatrix.wrap(new float[] {9}, 1, 1), 2, Progress.NONE);
        assertArrayEquals(new int[] {3, 2}, q.indices());
    }

    @Test
    void saveAndLoadAnswerTheSame(@TempDir Path tmp) throws IOException {
        FloatMatrix all = KnnData.clustered(1200, 8, 5, 3);
        FloatMatrix train = all.rowRange(0, 1000).copy();
        FloatMatrix queries = all.rowRange(1000, 1200).copy();
        SearchIndex index = GraphSearch.of().withSeed(5).index(train, NnDescent.of(10).fit(train, Progress.NONE));
        index.save(tmp.resolve("index"));
        SearchIndex back = SearchIndex.load(tmp.resolve("index"), train);
        KnnGraph a = index.query(queries, 7, Progress.NONE);
        KnnGraph b = back.query(queries, 7, Progress.NONE);
        assertArrayEquals(a.indices(), b.indices());
        assertArrayEquals(a.distances(), b.distances());
        assertEquals(index.edges(), back.edges());
        assertThrows(DescryException.class, () -> SearchIndex.load(tmp.resolve("index"), queries));
    }

    @Test
    void resultDoesNotDependOnThreads() {
        FloatMatrix all = KnnData.clustered(2600, 12, 6, 9);
        FloatMatrix train = all.rowRange(0, 2000).copy();
        FloatMatrix queries = all.rowRange(2000, 2600).copy();
        KnnGraph graph = NnDescent.of(10).fit(train, Progress.NONE);
        KnnGraph one = GraphSearch.of().withThreads(1).index(train, graph).query(queries, 10, Progress.NONE);
        KnnGraph two = GraphSearch.of().withThreads(2).index(train, graph).query(queries, 10, Progress.NONE);
        assertArrayEquals(one.indices(), two.indices());
    }

    @Test
    void argumentsAreChecked() {
        assertEquals("epsilon must be finite and >= 0, got -0.1",
                assertThrows(IllegalArgumentException.class, () -> GraphSearch.of().withEpsilon(-0.1)).getMessage());
        assertEquals("degreeMultiplier must be finite and > 0, got 0.0", assertThrows(IllegalArgumentException.class,
                () -> GraphSearch.of().withDegreeMultiplier(0)).getMessage());
        assertEquals("leafSize must be >= 1 or AUTO, got 0",
                assertThrows(IllegalArgumentException.class, () -> GraphSearch.of().withLeafSize(0)).getMessage());
        assertEquals("threads must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> GraphSearch.of().withThreads(0)).getMessage());
        FloatMatrix x = KnnData.gaussian(20, 3, 1);
        SearchIndex index = GraphSearch.of().index(x, ExactKnn.of(5).fit(x, Progress.NONE));
        assertEquals("k must be in [1, reference rows = 20], got 21", assertThrows(DescryException.class,
                () -> index.query(x, 21, Progress.NONE)).getMessage());
        assertEquals("queries have 2 columns, the reference rows 3", assertThrows(DescryException.class,
                () -> index.query(KnnData.gaussian(3, 2, 1), 2, Progress.NONE)).getMessage());
        FloatMatrix bad = KnnData.gaussian(3, 3, 1);
        bad.set(1, 2, Float.NaN);
        assertEquals("queries holds NaN or Inf (first in row 1)", assertThrows(DescryException.class,
                () -> index.query(bad, 2, Progress.NONE)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> GraphSearch.of().index(x,
                ExactKnn.of(5).withMetric(Metric.COSINE).fit(x, Progress.NONE)));
    }
}
